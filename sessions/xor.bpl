# Lesson: XOR — build, train, look at the boundary.
# XOR is the classic problem a single neuron cannot solve: the classes
# (0,0),(1,1) → 0 and (0,1),(1,0) → 1 are not separable by one line.
# A hidden layer of two sigmoid neurons is enough.
bp> data xor
data xor: 4 samples, 2 inputs → 1 target
bp> show data
data xor: 4 samples, 2 inputs → 1 target
class 0: 2, class 1: 2
     x1  x2  class
  1   0   0      0
  2   0   1      1
  3   1   0      1
  4   1   1      0
bp> init uniform(-1,1) seed=2
init uniform(-1,1) seed=2 (used by the next `net`)
bp> net 2 2:sigmoid 1:sigmoid
network 2-2-1: layer 1: 2 sigmoid, layer 2: 1 sigmoid; loss mse; 9 parameters, init uniform(-1,1) seed 2

# Before training the outputs are near 0.5: the network knows nothing yet.
bp> eval
train:  loss 0.129995  accuracy 50%  (4 samples)
train confusion matrix (rows: true class, columns: predicted):
     0  1  right
  0  2  0  2/2
  1  2  0  0/2

# Full-batch gradient descent: 4 samples per step, learning rate 5.
bp> train 3000 lr=5 batch=4 opt=sgd
epoch  300/3000  minibatch loss 0.12469
epoch  600/3000  minibatch loss 0.0297268
epoch  900/3000  minibatch loss 0.00234747
epoch 1200/3000  minibatch loss 0.00108151
epoch 1500/3000  minibatch loss 0.000688062
epoch 1800/3000  minibatch loss 0.000500438
epoch 2100/3000  minibatch loss 0.000391587
epoch 2400/3000  minibatch loss 0.00032084
epoch 2700/3000  minibatch loss 0.000271312
epoch 3000/3000  minibatch loss 0.000234771
trained 3,000 epochs, 3,000 steps (sgd, lr 5, batch 4): loss on all 4 training samples 0.129995 → 0.000234665, train accuracy 100%
bp> predict 0 0
output [0.0237728]  → class 0
bp> predict 0 1
output [0.979361]  → class 1
bp> predict 1 0
output [0.97936]  → class 1
bp> predict 1 1
output [0.0214515]  → class 0

# Each hidden neuron draws one line; the output neuron combines them.
bp> show weights
W1 (2×2): row i = neuron of layer 0, column j = neuron of layer 1
           j=1      j=2
  i=1  4.44357  6.32947
  i=2   4.4437  6.33001
b1 = [-6.82199  -2.79481]
W2 (2×1): row i = neuron of layer 1, column j = neuron of layer 2
            j=1
  i=1  -9.89225
  i=2   9.19338
b2 = [-4.23397]

# The decision boundary, drawn as text here (try `set terminal png` or `export boundary xor.png`).
bp> plot boundary
                                                                               
                Network output and decision boundary (output 0.5)              
 x2                     shading ' .:-=+*#': output 0 to 1                      
                        +--------------------------------+                     
                      1 |##x#######**++=-::..         o  |                     
                        |############**++=-::..          |                     
                        |##############**++=-::..        |                     
                    0.8 |################**++=-::..      |                     
                        |##################**++=--:..    |                     
                        |####################**++=--:... |                     
                    0.6 |*#####################***+=--:..|                     
                        |+**#####################***+==-:|                     
                    0.4 |-=+**#####################***+==|                     
                        |.:-=+**#####################***+|                     
                        | ..:-=+**######################*|                     
                    0.2 |   ..:-=+**#####################|                     
                        |     ..:-=+**###################|                     
                        |       ..:-=++*#################|                     
                      0 |  o      ..:--=+*############x##|                     
                        +--------------------------------+                     
                           0   0.2   0.4  0.6   0.8   1                        
                                       x1                                      
                                   o   0    x   1                              
bp> plot loss log=yes
                                                                               
                               Loss during training                            
 loss (mse)                                                                    
      1 +------------------------------------------------------------------+   
        |+                                                                 |   
        |+                                                                 |   
        |+                                                                 |   
    0.1 |************                                                      |   
        |+          **                                                     |   
        |+           **                                                    |   
        |+            *                                                    |   
   0.01 |-+           ***                                                  |   
        |+              **                                                 |   
        |+               ****                                              |   
        |+                  *****                                          |   
  0.001 |-+                      ********                                  |   
        |+                              **************                     |   
        |+                                           **********************|   
        |+         +          +          +           +          +          |   
 0.0001 +------------------------------------------------------------------+   
        0         500        1000       1500        2000       2500       3000 
                                       epoch                                   
                                    *******train                               

# For a report: the boundary as an SVG file, and as a gnuplot script with its data (run
# `gnuplot xor-boundary.gp` to draw xor-boundary.png). Both are written beside this lesson,
# byte for byte the same on every run.
bp> export boundary xor-boundary.svg size=640x480
exported boundary to xor-boundary.svg
bp> export boundary xor-boundary.gp size=640x480
exported boundary to xor-boundary.gp
