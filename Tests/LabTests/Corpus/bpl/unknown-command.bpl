bp> data xor
data xor: 4 samples, 2 inputs → 1 target
bp> frobnicate
