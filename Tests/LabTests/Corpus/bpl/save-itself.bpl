bp> data xor
data xor: 4 samples, 2 inputs → 1 target
bp> net 2 1
network 2-1: layer 1: 1 sigmoid; loss mse; 3 parameters, init xavier seed 1
bp> save model ./save-itself.bpl overwrite=yes
saved the model (3 parameters) to save-itself.bpl
