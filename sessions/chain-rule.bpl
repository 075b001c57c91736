# Lesson: the chain rule on the smallest network there is.
# x → h → y: one input, one hidden neuron, one output, both sigmoid.
# h = σ(w1[1,1]·x + b1[1]),  y = σ(w2[1,1]·h + b2[1]),  E = ½ (y − e)².
# dE/dw2 needs one step of the chain rule; dE/dw1 needs two — that is the
# whole idea of back-propagation: the delta of the output is passed back.
bp> data 0.5 -> 0.2
sample 1: x = [0.5] -> e = [0.2]
bp> net 1 1:sigmoid 1:sigmoid
network 1-1-1: layers 1–2: 1 sigmoid; loss mse; 4 parameters, init xavier seed 1
bp> set w1[1,1] = 0.4
w1[1,1] = 0.4  (was 0.230576)
bp> set w2[1,1] = -0.7
w2[1,1] = -0.7  (was 0.851413)

# The same bias value b = 0.1 in both neurons.
bp> set b1 = 0.1
b1 = 0.1  (was 0)
bp> set b2 = 0.1
b2 = 0.1  (was 0)
bp> forward
a0  = x            [0.5]
z1  = a0·W1 + b1   [0.3]
a1  = sigmoid(z1)  [0.574443]
z2  = a1·W2 + b2   [-0.30211]
a2  = sigmoid(z2)  [0.425042]
E = 0.0253219  (mse, target [0.2])

# dE/dw2 = a1[1] · d2[1], with d2[1] = (o − e) · o(1 − o): the output delta.
bp> grad w2[1,1]
dE/dw2[1,1] = 0.031592
dE/dw2[1,1] = a1[1] · d2[1]
    = 0.574443 · 0.054996 = 0.031592
d2[1] = dE/do[1] · f'(z2[1]) = (o[1] − e[1]) · a2[1]·(1 − a2[1])   (mse: dE/do = o − e)
    = (0.425042 − 0.2) · 0.244381 = 0.054996
check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives 0.031592; relative error 3.2e-10

# dE/dw1 = a0[1] · d1[1], and d1[1] = f'(z1[1]) · w2[1,1] · d2[1]:
# the output delta travels back through w2 — "back-propagation".
bp> grad w1[1,1]
dE/dw1[1,1] = -0.00470548
dE/dw1[1,1] = a0[1] · d1[1]
    = 0.5 · (-0.00941096) = -0.00470548
d1[1] = f'(z1[1]) · Σ_k w2[1,k]·d2[k] = a1[1]·(1 − a1[1]) · (w2[1,1]·d2[1])
    = 0.244458 · ((-0.7)·0.054996) = 0.244458 · (-0.0384972) = -0.00941096
d2[1] = dE/do[1] · f'(z2[1]) = (o[1] − e[1]) · a2[1]·(1 − a2[1])   (mse: dE/do = o − e)
    = (0.425042 − 0.2) · 0.244381 = 0.054996
check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives -0.00470548; relative error 1.4e-10

# With one neuron per layer there is exactly one path, and its product is the gradient.
bp> paths w1[1,1]
paths for sample 1:
w1[1,1]: 1 path to the loss (the product of the later layers' widths)
w1[1,1] → z1[1] → z2[1] → E:
    a0[1]·f'(z1[1])·w2[1,1]·f'(z2[1])·dE/do[1]
    = 0.5 · 0.244458 · (-0.7) · 0.244381 · 0.225042 = -0.00470548
sum over 1 path = -0.00470548; backprop (grad) = -0.00470548; difference 0

# The classic worked example: 2 inputs, 2 hidden, 2 outputs, all sigmoid,
# with the weights of the well-known tutorial (inputs 0.05, 0.10; targets 0.01, 0.99).
bp> reset
reset: no network, no data, default settings
bp> data 0.05 0.10 -> 0.01 0.99
sample 1: x = [0.05  0.1] -> e = [0.01  0.99]
bp> net 2 2:sigmoid 2:sigmoid
network 2-2-2: layers 1–2: 2 sigmoid; loss mse; 12 parameters, init xavier seed 1
bp> set w1 = [[0.15, 0.25], [0.20, 0.30]]
w1 set: 4 values
bp> set b1 = 0.35
b1 set: 2 values
bp> set w2 = [[0.40, 0.50], [0.45, 0.55]]
w2 set: 4 values
bp> set b2 = 0.60
b2 set: 2 values
bp> forward
a0  = x            [0.05  0.1]
z1  = a0·W1 + b1   [0.3775  0.3925]
a1  = sigmoid(z1)  [0.59327  0.596884]
z2  = a1·W2 + b2   [1.10591  1.22492]
a2  = sigmoid(z2)  [0.751365  0.772928]
E = 0.298371  (mse, target [0.01  0.99])

# The network as the tutorial draws it: every weight on its edge, every bias beside its neuron
# (a text terminal lists them; `export net net.svg` draws the circles and edges).
bp> plot net
+-----------------------------------------------------------------------------+
| Network 2-2-2: weights and biases                                           |
|                                                                             |
| input   layer 1: sigmoid       output (layer 2): sigmoid                    |
|  x[1]    a1[1]  b1[1] = 0.35    a2[1]  b2[1] = 0.6                          |
|  x[2]       w1[1,1] = 0.15         w2[1,1] = 0.4                            |
|             w1[2,1] = 0.2          w2[2,1] = 0.45                           |
|          a1[2]  b1[2] = 0.35    a2[2]  b2[2] = 0.6                          |
|             w1[1,2] = 0.25         w2[1,2] = 0.5                            |
|             w1[2,2] = 0.3          w2[2,2] = 0.55                           |
+-----------------------------------------------------------------------------+

# The total error 0.298371 and dE/dw2[1,1] = 0.082167 match the tutorial's numbers.
bp> grad w2[1,1]
dE/dw2[1,1] = 0.082167
dE/dw2[1,1] = a1[1] · d2[1]
    = 0.59327 · 0.138499 = 0.082167
d2[1] = dE/do[1] · f'(z2[1]) = (o[1] − e[1]) · a2[1]·(1 − a2[1])   (mse: dE/do = o − e)
    = (0.751365 − 0.01) · 0.186816 = 0.138499
check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives 0.082167; relative error 2.9e-10

# A first-layer weight sums over both output deltas.
bp> grad w1[1,1]
dE/dw1[1,1] = 0.000438568
dE/dw1[1,1] = a0[1] · d1[1]
    = 0.05 · 0.00877135 = 0.000438568
d1[1] = f'(z1[1]) · Σ_k w2[1,k]·d2[k] = a1[1]·(1 − a1[1]) · (w2[1,1]·d2[1] + w2[1,2]·d2[2])
    = 0.241301 · (0.4·0.138499 + 0.5·(-0.0380982)) = 0.241301 · 0.0363503 = 0.00877135
d2[1] = dE/do[1] · f'(z2[1]) = (o[1] − e[1]) · a2[1]·(1 − a2[1])   (mse: dE/do = o − e)
    = (0.751365 − 0.01) · 0.186816 = 0.138499
d2[2] = dE/do[2] · f'(z2[2]) = (o[2] − e[2]) · a2[2]·(1 − a2[2])   (mse: dE/do = o − e)
    = (0.772928 − 0.99) · 0.17551 = -0.0380982
check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives 0.000438568; relative error 5.6e-08
bp> paths w1[1,1]
paths for sample 1:
w1[1,1]: 2 paths to the loss (the product of the later layers' widths)
w1[1,1] → z1[1] → z2[1] → E:
    a0[1]·f'(z1[1])·w2[1,1]·f'(z2[1])·dE/do[1]
    = 0.05 · 0.241301 · 0.4 · 0.186816 · 0.741365 = 0.000668396
w1[1,1] → z1[1] → z2[2] → E:
    a0[1]·f'(z1[1])·w2[1,2]·f'(z2[2])·dE/do[2]
    = 0.05 · 0.241301 · 0.5 · 0.17551 · (-0.217072) = -0.000229828
sum over 2 paths = 0.000438568; backprop (grad) = 0.000438568; difference 1.6e-19

# The same two paths on the drawing: the weights they run along are marked *
# (`export paths w1[1,1] paths.svg` draws each path in its own colour).
bp> plot paths w1[1,1]
+-----------------------------------------------------------------------------+
| The 2 paths from w1[1,1] to E, sample 1                                     |
|                                                                             |
| input   layer 1: sigmoid       output (layer 2): sigmoid                    |
| *x[1]   *a1[1]  b1[1] = 0.35   *a2[1]  b2[1] = 0.6                          |
|  x[2]     * w1[1,1] = 0.15       * w2[1,1] = 0.4                            |
|             w1[2,1] = 0.2          w2[2,1] = 0.45                           |
|          a1[2]  b1[2] = 0.35   *a2[2]  b2[2] = 0.6                          |
|             w1[1,2] = 0.25       * w2[1,2] = 0.5                            |
|             w1[2,2] = 0.3          w2[2,2] = 0.55                           |
|                                                                             |
| * on a path from w1[1,1] to E                                               |
| paths for sample 1:                                                         |
| w1[1,1] → z1[1] → z2[1] → E:  a0[1]·f'(z1[1])·w2[1,1]·f'(z2[1])·dE/do[1]    |
|     = 0.05 · 0.241301 · 0.4 · 0.186816 · 0.741365 = 0.000668396             |
| w1[1,1] → z1[1] → z2[2] → E:  a0[1]·f'(z1[1])·w2[1,2]·f'(z2[2])·dE/do[2]    |
|     = 0.05 · 0.241301 · 0.5 · 0.17551 · (-0.217072) = -0.000229828          |
| sum over 2 paths = 0.000438568; backprop (grad) = 0.000438568;              |
|     difference 1.6e-19                                                      |
+-----------------------------------------------------------------------------+
bp> delta
d1 = dE/dz1 per sample (each sample's own E, n = 1; grad takes the mean over the samples):
                   j=1         j=2
  sample 1  0.00877135  0.00995425
d2 = dE/dz2 per sample (each sample's own E, n = 1; grad takes the mean over the samples):
                 j=1         j=2
  sample 1  0.138499  -0.0380982
bp> check
finite-difference check of 12 parameters over 1 sample (ε = 1e-06):
           worst rel. error  at          backprop  finite diff.
  layer 1           1.6e-07  w1[1,2]  0.000497713   0.000497713
  layer 2           2.9e-10  w2[1,1]     0.082167      0.082167
every layer agrees within 1.0e-05

# One step of gradient descent with learning rate 0.5, every parameter shown. The tutorial
# updates the weights only and holds the biases: freeze them, and its published error after
# one step, 0.291027924, appears.
bp> freeze biases
froze 4 parameters; frozen now: b1, b2 (4 of 12 parameters)
bp> step lr=0.5
step: w ← w − 0.5·dE/dw over 1 sample; frozen parameters stay
            old        dE/dw       new
  w1[1,1]  0.15  0.000438568  0.149781
  w1[1,2]  0.25  0.000497713  0.249751
  w1[2,1]   0.2  0.000877135  0.199561
  w1[2,2]   0.3  0.000995425  0.299502
  b1[1]    0.35   0.00877135      0.35  frozen
  b1[2]    0.35   0.00995425      0.35  frozen
  w2[1,1]   0.4     0.082167  0.358916
  w2[1,2]   0.5   -0.0226025  0.511301
  w2[2,1]  0.45    0.0826676  0.408666
  w2[2,2]  0.55   -0.0227402   0.56137
  b2[1]     0.6     0.138499       0.6  frozen
  b2[2]     0.6   -0.0380982       0.6  frozen
E: 0.298371 → 0.291028
