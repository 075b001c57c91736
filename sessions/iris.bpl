# Lesson: iris — a CSV file, three classes, softmax and cross-entropy.
# Fisher's 150 flowers: four measurements, three species. 20% are held out to test.
bp> load data/iris.csv target=species test=0.2 normalize=zscore
data data/iris.csv: 120 samples, 4 inputs → 3 targets; 30 more held out for testing; inputs scaled zscore
target: 'species' (target=), 3 classes one-hot: setosa, versicolor, virginica
bp> show data 5
data data/iris.csv: 120 samples, 4 inputs → 3 targets; 30 more held out for testing; inputs scaled zscore
class setosa: 43, class versicolor: 40, class virginica: 37
     sepal_length  sepal_width  petal_length  petal_width  class
  1           5.1          3.5           1.4          0.2  setosa
  2           4.9            3           1.4          0.2  setosa
  3           4.7          3.2           1.3          0.2  setosa
  4           4.6          3.1           1.5          0.2  setosa
  5             5          3.6           1.4          0.2  setosa
  … 115 more

# The z-score scaling is fitted on the training split only and saved with the model.
bp> net 4 8:tanh 3:softmax
network 4-8-3: layer 1: 8 tanh, layer 2: 3 softmax; loss ce; 67 parameters, init xavier seed 1

# With a softmax output the loss is ce; its output delta is simply o − e.
bp> loss ce
loss ce: E = −1/n Σ_samples Σ_k e_k ln o_k   dE/do_k = −e_k/(o_k n)   (softmax outputs)
bp> train 200 lr=0.05 batch=16 opt=adam
epoch  20/200  minibatch loss 0.0448132  test 0.221815
epoch  40/200  minibatch loss 0.0462962  test 0.201944
epoch  60/200  minibatch loss 0.0285233  test 0.26713
epoch  80/200  minibatch loss 0.0191828  test 0.299479
epoch 100/200  minibatch loss 0.023876  test 0.274704
epoch 120/200  minibatch loss 0.0217446  test 0.247684
epoch 140/200  minibatch loss 0.0273505  test 0.321378
epoch 160/200  minibatch loss 0.0215437  test 0.321069
epoch 180/200  minibatch loss 0.0167499  test 0.342472
epoch 200/200  minibatch loss 0.0216015  test 0.253748
trained 200 epochs, 1,600 steps (adam, lr 0.05, batch 16): loss on all 120 training samples 0.938263 → 0.0183276, train accuracy 99.17%
bp> eval
train:  loss 0.0183276  accuracy 99.17%  (120 samples)
test:   loss 0.253748   accuracy 93.33%  (30 samples)
test confusion matrix (rows: true class, columns: predicted):
              setosa  versicolor  virginica  right
  setosa           7           0          0  7/7
  versicolor       0           9          1  9/10
  virginica        0           1         12  12/13

# Overfitting: the training loss fell to 0.018, but the test loss was lowest near epoch 40
# (0.20) and then wandered between 0.25 and 0.34. After that the network fits the 120
# training flowers ever more closely, their quirks included, and does no better on the 30
# it has not seen. Its predictions are still mostly right:
bp> predict 5.1 3.5 1.4 0.2
output [0.999963  3.65451e-05  2.83227e-12]  → class setosa
bp> predict 6.0 2.7 5.1 1.6
output [7.66465e-07  0.390737  0.609263]  → class virginica
bp> predict 6.7 3.0 5.2 2.3
output [1.115e-10  1.98093e-05  0.99998]  → class virginica

# The gradient of one first-layer weight, averaged over the 120 training flowers.
bp> grad w1[3,1]
dE/dw1[3,1] = 2.07763e-06
  the mean over 120 samples of [-8.56596e-08  -1.22012e-06  -1.81255e-07  -3.73893e-07  -3.77149e-08  -4.85656e-08  -7.2061e-08  -1.48252e-07  …]
  chain rule for sample 1 (sample=K for another; n = 1, so no 1/n below):
dE/dw1[3,1] = a0[3] · d1[1]
    = (-1.28183) · 6.6826e-08 = -8.56596e-08
d1[1] = f'(z1[1]) · Σ_k w2[1,k]·d2[k] = (1 − a1[1]²) · (w2[1,1]·d2[1] + w2[1,2]·d2[2] + w2[1,3]·d2[3])
    = 0.000394378 · ((-2.76487)·(-3.65451e-05) + 1.87178·3.65451e-05 + (-0.354929)·2.83227e-12) = 0.000394378 · 0.000169447 = 6.6826e-08
d2[1] = Σ_j dE/do[j] · do[j]/dz2[1] = Σ_j (−e[j]/o[j]) · o[j]·([j = 1] − o[1])   (ce: dE/do = −e/o)
    dE/do[j] = −e[j]/o[j]: −1/0.999963 = -1.00004, −0/3.65451e-05 = 0, −0/2.83227e-12 = 0
    = o[1]·Σ_j e[j] − e[1] = 0.999963·1 − 1 = -3.65451e-05   (the o[j] cancel; Σ_j e[j] = 1, so this is o[1] − e[1])
d2[2] = Σ_j dE/do[j] · do[j]/dz2[2] = Σ_j (−e[j]/o[j]) · o[j]·([j = 2] − o[2])   (ce: dE/do = −e/o)
    dE/do[j] = −e[j]/o[j]: −1/0.999963 = -1.00004, −0/3.65451e-05 = 0, −0/2.83227e-12 = 0
    = o[2]·Σ_j e[j] − e[2] = 3.65451e-05·1 − 0 = 3.65451e-05   (the o[j] cancel; Σ_j e[j] = 1, so this is o[2] − e[2])
d2[3] = Σ_j dE/do[j] · do[j]/dz2[3] = Σ_j (−e[j]/o[j]) · o[j]·([j = 3] − o[3])   (ce: dE/do = −e/o)
    dE/do[j] = −e[j]/o[j]: −1/0.999963 = -1.00004, −0/3.65451e-05 = 0, −0/2.83227e-12 = 0
    = o[3]·Σ_j e[j] − e[3] = 2.83227e-12·1 − 0 = 2.83227e-12   (the o[j] cancel; Σ_j e[j] = 1, so this is o[3] − e[3])
check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives 2.07766e-06; relative error 1.5e-05 (within the difference's rounding noise, about 2.0e-10)

# Stopping early: start afresh and let patience=20 end training once the test loss has not
# improved for 20 epochs; the weights of the best epoch are kept. Same test accuracy, half
# the test loss: the network stopped before it learnt the training flowers by heart.
bp> net 4 8:tanh 3:softmax
network 4-8-3: layer 1: 8 tanh, layer 2: 3 softmax; loss ce; 67 parameters, init xavier seed 1
bp> train 200 lr=0.05 batch=16 opt=adam patience=20
epoch  20/200  minibatch loss 0.0448132  test 0.221815
epoch  40/200  minibatch loss 0.0462962  test 0.201944
early stop after 41 epochs: the test loss was best at epoch 21, whose weights are kept: loss on all 120 training samples 0.938263 → 0.0396446, train accuracy 98.33%
bp> eval
train:  loss 0.0396446  accuracy 98.33%  (120 samples)
test:   loss 0.131484   accuracy 93.33%  (30 samples)
test confusion matrix (rows: true class, columns: predicted):
              setosa  versicolor  virginica  right
  setosa           7           0          0  7/7
  versicolor       0           9          1  9/10
  virginica        0           1         12  12/13
