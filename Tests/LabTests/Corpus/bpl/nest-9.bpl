bp> data xor
