bp> load /dev/zero
