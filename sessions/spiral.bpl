# Lesson: the spiral — tanh, Adam, and a boundary no straight line can draw.
# Two interleaved arms (the W1 benchmark data). Each arm winds almost twice
# around the centre, so the network must carve a curved, alternating boundary.
bp> data spiral n=400 noise=0.05 test=0.2
data spiral n=400 noise=0.05 seed=1: 320 samples, 2 inputs → 1 target; 80 more held out for testing
bp> plot data
                                                                               
     Data: spiral n=400 noise=0.05 seed=1 (320 training samples, 80 test)      
 x2                                                                            
    +----------------------------------------------------------------------+   
  4 |-+                       o oo O o oO oo Oo oo O o oo                  |   
    |                   oooOo                             O O o            |   
  3 |-+             O oo         xxxxxxxxxx xXxxxxXXX          oo O        |   
  2 |-+          ooo         xXxXx                   xX xx         Ooo     |   
    |           oo        xxx         OooooOoooOo         Xxx          o   |   
  1 |-+        oo       xXx      ooOOoo          OOoO       Xxx        OO  |   
  0 |-+        O        xX       oOo   XXxXxX       OO        xxx        o |   
    | x         oo       XX       OOoOOxo  xXX       Oo        xx          |   
 -1 |-+xx        OO        XX XXx         xxXX       ooo       Xx          |   
    |    xx       oooo         xxxxxxxxxxx         Ooo        xX           |   
 -2 |-+   xxX         oOOo                    ooo O        xxx             |   
 -3 |-+      xx xX         oOooo oO oOo oo ooo          x X                |   
    |             xX xx                           x xxx                    |   
 -4 |-+     +            xxx xx x xx x xx x x x X    +            +        |   
    +----------------------------------------------------------------------+   
           -4            -2            0             2            4            
                                      x1                                       
                       o   arm 2           x   arm 1                           
                       O   arm 2 (test)    X   arm 1 (test)                    

# Two hidden layers of tanh neurons: tanh is zero-centred, which helps deep-ish nets train.
bp> net 2 16:tanh 16:tanh 1:sigmoid
network 2-16-16-1: layers 1–2: 16 tanh, layer 3: 1 sigmoid; loss mse; 337 parameters, init xavier seed 1
bp> loss bce
loss bce: E = −1/n Σ_samples Σ_k [e_k ln o_k + (1−e_k) ln(1−o_k)]   dE/do_k = (o_k − e_k)/(o_k (1−o_k) n)   (sigmoid outputs)

# Adam adapts each weight's step size: here far faster than plain SGD.
bp> train 300 lr=0.01 batch=16 opt=adam
epoch  30/300  minibatch loss 0.586962  test 0.678007
epoch  60/300  minibatch loss 0.447142  test 0.525364
epoch  90/300  minibatch loss 0.169491  test 0.205787
epoch 120/300  minibatch loss 0.0669428  test 0.0612284
epoch 150/300  minibatch loss 0.0381473  test 0.0276102
epoch 180/300  minibatch loss 0.031787  test 0.0201936
epoch 210/300  minibatch loss 0.0352238  test 0.0186797
epoch 240/300  minibatch loss 0.0210712  test 0.0139533
epoch 270/300  minibatch loss 0.0202384  test 0.0116377
epoch 300/300  minibatch loss 0.0193229  test 0.0115099
trained 300 epochs, 6,000 steps (adam, lr 0.01, batch 16): loss on all 320 training samples 0.705963 → 0.017869, train accuracy 99.38%
bp> eval
train:  loss 0.017869   accuracy 99.38%  (320 samples)
test:   loss 0.0115099  accuracy 100%    (80 samples)
test confusion matrix (rows: true class, columns: predicted):
         arm 2  arm 1  right
  arm 2     42      0  42/42
  arm 1      0     38  38/38
bp> plot boundary
                                                                               
               Network output and decision boundary (output 0.5)               
 x2                     shading ' .:-=+*#': output 0 to 1                      
                      +----------------------------------+                     
                      |               OoOoOoo            |                     
                    4 |           Oooo       OooO        |                     
                      |         oo    .xxxXx:.   Oo      |                     
                      |       oO .+XXxxx####XXX#.  Oo    |                     
                    2 |      oo *#xx#. ooOoo###xX-  oo   |                     
                      |      o ##Xx##OOOo  OOO###X:  OO  |                     
                    0 |      O:##X## O XXXx  OO-#xx-  o  |                     
                      |##x-  oo##XX- OOxoxX#  O *#x###*: |                     
                      |##xx+  O:##xXX x xXX* oo  #X######|                     
                   -2 |###xx. ooo -##xxxx#* OO  =xX######|                     
                      |####Xx*. OOOoo O ooooo.##Xx#######|                     
                      |######xX:    oOooo   +#xx#########|                     
                   -4 |########Xxxx#- .*#xxXxx###########|                     
                      |############xxxxxxx###############|                     
                      +----------------------------------+                     
                           -4    -2    0     2     4     6                     
                                      x1                                       
                       o   arm 2           x   arm 1                           
                       O   arm 2 (test)    X   arm 1 (test)                    
bp> plot loss
                                                                               
                              Loss during training                             
 loss (bce)                                                                    
  0.7 +--------------------------------------------------------------------+   
      |#########                                                           |   
  0.6 |-+ ***#####                                                         |   
      |     ***####                                                        |   
      |        **####                                                      |   
  0.5 |-+         *##                                                      |   
      |            **##                                                    |   
  0.4 |-+            ##                                                    |   
      |               *#                                                   |   
  0.3 |-+             *###                                                 |   
      |                *###                                                |   
  0.2 |-+                *##                                               |   
      |                  **###                                             |   
      |                    **###                                           |   
  0.1 |-+                     *###*                                        |   
      |          +           +   ############*#*******#************** **   |   
    0 +--------------------------------------------------------------------+   
                 50         100        150         200        250         300  
                                      epoch                                    
                            *******train #######test                           

# How certain is the network? Arm 1 passes through (0, 0.3), arm 2 through (-0.25, 1.2):
# there the output is close to 1 and to 0. Between the two arms it falls from 1 to 0, and
# where it crosses 0.5 — near (0, 0.57) — the network is least certain.
bp> predict 0 0.3
output [0.999263]  → class arm 1
bp> predict -0.25 1.2
output [0.00057756]  → class arm 2
bp> predict 0 0.57
output [0.543512]  → class arm 1
