bp> data xor
data xor: 4 samples, 2 inputs → 1 target
bp> save session ./save-itself.bpl overwrite=yes
saved 1 command to save-itself.bpl
