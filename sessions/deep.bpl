# Lesson: a deep network — vanishing gradients, and why backprop is cheap.
# 100 sigmoid layers of width 16 (the W3 benchmark network): one input sample, target 1.
# `16x99:sigmoid` is 99 layers of 16 sigmoid neurons, as `show net` prints them (16×99).
bp> data 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 -0.1 -0.2 -0.3 -0.4 -0.5 -0.6 -0.7 -0.8 -> 1
sample 1: x = [0.1  0.2  0.3  0.4  0.5  0.6  0.7  0.8  -0.1  -0.2  -0.3  -0.4  -0.5  -0.6  -0.7  -0.8] -> e = [1]
bp> net 16 16x99:sigmoid 1:sigmoid
network 16-16×99-1: layers 1–99: 16 sigmoid, layer 100: 1 sigmoid; loss mse; 26,945 parameters, init xavier seed 1

# Each sigmoid multiplies the delta by f'(z) ≤ 0.25 on its way back: after
# 99 layers almost nothing is left of it. The derivation is folded in the middle.
bp> grad w1[1,1]
dE/dw1[1,1] = 8.19221e-66
dE/dw1[1,1] = a0[1] · d1[1]
    = 0.1 · 8.19221e-65 = 8.19221e-66
d1[1] = f'(z1[1]) · Σ_k w2[1,k]·d2[k] = a1[1]·(1 − a1[1]) · (w2[1,1]·d2[1] + w2[1,2]·d2[2] + w2[1,3]·d2[3] + … + w2[1,16]·d2[16] (16 terms))
    = 0.209489 · ((-0.119742)·2.9175e-64 + (-0.353664)·(-1.69025e-64) + (-0.00944755)·1.3851e-64 + … + (-0.240771)·2.48814e-64 (16 terms)) = 0.209489 · 3.91057e-64 = 8.19221e-65
d2[1] = f'(z2[1]) · Σ_k w3[1,k]·d3[k] = a2[1]·(1 − a2[1]) · (w3[1,1]·d3[1] + w3[1,2]·d3[2] + w3[1,3]·d3[3] + … + w3[1,16]·d3[16] (16 terms))
    = 0.246936 · ((-0.409286)·(-3.72446e-64) + (-0.0683212)·(-1.00096e-64) + 0.41526·1.81888e-63 + … + 0.236836·1.37823e-63 (16 terms)) = 0.246936 · 1.18148e-63 = 2.9175e-64
d2[2] = f'(z2[2]) · Σ_k w3[2,k]·d3[k] = a2[2]·(1 − a2[2]) · (w3[2,1]·d3[1] + w3[2,2]·d3[2] + w3[2,3]·d3[3] + … + w3[2,16]·d3[16] (16 terms))
    = 0.227256 · (0.376861·(-3.72446e-64) + (-0.307776)·(-1.00096e-64) + (-0.119995)·1.81888e-63 + … + 0.20058·1.37823e-63 (16 terms)) = 0.227256 · (-7.43764e-64) = -1.69025e-64
d2[3] = f'(z2[3]) · Σ_k w3[3,k]·d3[k] = a2[3]·(1 − a2[3]) · (w3[3,1]·d3[1] + w3[3,2]·d3[2] + w3[3,3]·d3[3] + … + w3[3,16]·d3[16] (16 terms))
    = 0.232264 · ((-0.266482)·(-3.72446e-64) + (-0.0728618)·(-1.00096e-64) + (-0.355896)·1.81888e-63 + … + (-0.20452)·1.37823e-63 (16 terms)) = 0.232264 · 5.96349e-64 = 1.3851e-64
d2[4] = f'(z2[4]) · Σ_k w3[4,k]·d3[k] = a2[4]·(1 − a2[4]) · (w3[4,1]·d3[1] + w3[4,2]·d3[2] + w3[4,3]·d3[3] + … + w3[4,16]·d3[16] (16 terms))
    = 0.245663 · (0.127901·(-3.72446e-64) + 0.030633·(-1.00096e-64) + (-0.0865589)·1.81888e-63 + … + 0.303436·1.37823e-63 (16 terms)) = 0.245663 · 7.24923e-64 = 1.78087e-64
d2[5] = f'(z2[5]) · Σ_k w3[5,k]·d3[k] = a2[5]·(1 − a2[5]) · (w3[5,1]·d3[1] + w3[5,2]·d3[2] + w3[5,3]·d3[3] + … + w3[5,16]·d3[16] (16 terms))
    = 0.232093 · ((-0.399895)·(-3.72446e-64) + 0.276976·(-1.00096e-64) + 0.0822891·1.81888e-63 + … + 0.204676·1.37823e-63 (16 terms)) = 0.232093 · 1.69487e-63 = 3.93369e-64
d2[6] = f'(z2[6]) · Σ_k w3[6,k]·d3[k] = a2[6]·(1 − a2[6]) · (w3[6,1]·d3[1] + w3[6,2]·d3[2] + w3[6,3]·d3[3] + … + w3[6,16]·d3[16] (16 terms))
    = 0.246444 · ((-0.16635)·(-3.72446e-64) + (-0.308963)·(-1.00096e-64) + (-0.218314)·1.81888e-63 + … + (-0.188328)·1.37823e-63 (16 terms)) = 0.246444 · (-2.16376e-64) = -5.33246e-65
d2[7] … d2[16] likewise: -3.48813e-64  1.39355e-64  -1.08628e-64  -2.04637e-64  -2.46869e-64  9.67177e-65  -1.8442e-64  3.63863e-64  …
d3 … d98: 96 more layers, each d_m[j] = f'(z_m[j]) · Σ_k w_{m+1}[j,k]·d_{m+1}[k];
    the deltas shrink on their way back: ‖d98‖ = 0.0076803 … ‖d3‖ = 5.03966e-63
d99[1] = f'(z99[1]) · Σ_k w100[1,k]·d100[k] = a99[1]·(1 − a99[1]) · (w100[1,1]·d100[1])
    = 0.238785 · (0.386455·(-0.145471)) = 0.238785 · (-0.0562178) = -0.013424
d99[2] = f'(z99[2]) · Σ_k w100[2,k]·d100[k] = a99[2]·(1 − a99[2]) · (w100[2,1]·d100[1])
    = 0.209308 · ((-0.156578)·(-0.145471)) = 0.209308 · 0.0227775 = 0.00476751
d99[3] = f'(z99[3]) · Σ_k w100[3,k]·d100[k] = a99[3]·(1 − a99[3]) · (w100[3,1]·d100[1])
    = 0.24252 · ((-0.0158503)·(-0.145471)) = 0.24252 · 0.00230575 = 0.000559192
d99[4] = f'(z99[4]) · Σ_k w100[4,k]·d100[k] = a99[4]·(1 − a99[4]) · (w100[4,1]·d100[1])
    = 0.243017 · (0.28223·(-0.145471)) = 0.243017 · (-0.0410561) = -0.00997734
d99[5] = f'(z99[5]) · Σ_k w100[5,k]·d100[k] = a99[5]·(1 − a99[5]) · (w100[5,1]·d100[1])
    = 0.248843 · (0.382096·(-0.145471)) = 0.248843 · (-0.0555838) = -0.0138316
d99[6] = f'(z99[6]) · Σ_k w100[6,k]·d100[k] = a99[6]·(1 − a99[6]) · (w100[6,1]·d100[1])
    = 0.226749 · ((-0.337964)·(-0.145471)) = 0.226749 · 0.0491638 = 0.0111478
d99[7] … d99[16] likewise: -0.00412345  0.0171889  -0.00671253  0.0123148  0.00927347  0.0122718  0.00839782  -0.00418047  …
d100[1] = dE/do[1] · f'(z100[1]) = (o[1] − e[1]) · a100[1]·(1 − a100[1])   (mse: dE/do = o − e)
    = (0.386512 − 1) · 0.23712 = -0.145471
check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives 0: the gradient is below what a difference of E can check here (about 2.1e-08), so only backprop sees it
bp> grad w100[1,1]
dE/dw100[1,1] = -0.0881409
dE/dw100[1,1] = a99[1] · d100[1]
    = 0.605902 · (-0.145471) = -0.0881409
d100[1] = dE/do[1] · f'(z100[1]) = (o[1] − e[1]) · a100[1]·(1 − a100[1])   (mse: dE/do = o − e)
    = (0.386512 − 1) · 0.23712 = -0.145471
check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives -0.0881409; relative error 3.6e-10

# Expanding E along every path would need one term per path: 16^98 for w1[1,1].
bp> paths w1[1,1]
error: paths: w1[1,1] has 1e+118 paths to the loss, more than bplab walks (1,000,000); one backward pass computes every gradient with 75,824 multiply-adds instead (see `cost`)

# Backprop: one forward and one backward pass for all 26,945 gradients at once.
bp> cost
one gradient of E for all 26,945 parameters, one sample (forward pass: 25,360 multiply-adds):
  method                                         multiply-adds  vs backprop
  backprop: 1 forward + 1 backward pass          75,824         ×1
  one perturbation per parameter (forward mode)  683,325,200    ×9.01e+03
  central differences (2 passes per parameter)   1,366,650,400  ×1.80e+04
  expand E along every path: 2.9e+120 terms      5.8e+122       ×7.71e+117

# A few epochs of training: the last layers learn, the first barely move.
bp> train 5 lr=0.5 batch=1 opt=sgd
epoch 1/5  minibatch loss 0.188184
epoch 2/5  minibatch loss 0.136453
epoch 3/5  minibatch loss 0.0966667
epoch 4/5  minibatch loss 0.0696559
epoch 5/5  minibatch loss 0.0520732
trained 5 epochs, 5 steps (sgd, lr 0.5, batch 1): loss on the 1 training sample 0.188184 → 0.040475, train accuracy 100%

# Training does not close the gap. The deltas of layer 99 are about 1e-3 to 1e-2, those of
# layer 1 about 1e-65, and a weight's gradient a_prev · d is no larger than its delta: a step
# of lr 0.5 moves W1 by some 1e-65, which is nothing. That is the vanishing gradient.
bp> show d99
d99 = dE/dz99 per sample (each sample's own E, n = 1) for the 1 training sample, one per row
                    j=1          j=2          j=3          j=4          j=5         j=6         j=7         j=8          j=9        j=10
  sample=1  -0.00738474  0.000915376  -0.00135489  -0.00568051  -0.00751791  0.00313405  -0.0028135  0.00486144  -0.00414819  0.00276235
  … 1×16 in all; showing 1×10
bp> show d1
d1 = dE/dz1 per sample (each sample's own E, n = 1) for the 1 training sample, one per row
                   j=1          j=2           j=3           j=4          j=5          j=6          j=7          j=8          j=9        j=10
  sample=1  5.3759e-65  1.62909e-65  -2.03628e-65  -2.60448e-65  -3.4152e-65  1.48732e-65  4.48101e-65  2.76235e-65  1.84302e-65  -2.744e-65
  … 1×16 in all; showing 1×10

# The same per layer and epoch: ‖dE/dW‖ on a log scale. The numbers above tell the story; a
# text terminal draws the lines coarsely (`export grads grads.svg` draws them clearly).
bp> plot grads
                                                                               
        Gradient norm per layer (vanishing gradients shrink toward layer 1)    
 ‖dE/dW‖ (mean over the epoch)                                             
   1e0 +-------------------------------------------------------------------+   
       |                                                             #**** |   
 1e-10 |-+                                                      #*****     |   
       |                                                   ******          |   
       |                                              ******               |   
 1e-20 |-+                                        *****                    |   
       |                                     ******                        |   
 1e-30 |-+                               ****                              |   
       |                            *****                                  |   
 1e-40 |-+                     *****                                       |   
       |                  *****                                            |   
 1e-50 |-+           #*****                                                |   
       |         *****                                                     |   
       |    ******                                                         |   
 1e-60 |*****                                                              |   
       |     +      +      +      +      +      +     +      +      +      |   
 1e-70 +-------------------------------------------------------------------+   
       1     10     20     30     40     50     60    70     80     90    100  
                      layer (1 = first hidden, 100 = output)                   
                           #######epoch 1 *******epoch 5                       

# The network itself, drawn with its gradients: edges by dE/dw, neurons by their delta. The
# middle 91 layers are folded; the first layers' edges are faint (under 1% of the largest
# |dE/dw|), the last layers' bold — the vanishing gradient as a picture. Written beside this lesson.
bp> export net grads deep-grads.png
exported net to deep-grads.png
