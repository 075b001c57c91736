bp> data xor
not what it prints
