"""W1–W4 in NumPy (float64, 2 threads), on the trajectory bplab follows.

Dense layers z = a_prev @ W + b with W (fan_in × fan_out), forward and
backward written out by hand, as a NumPy user would. One JSON line per
workload on stdout; see README.md.

    python3 bench_numpy.py [--runs N] [--workloads W1,W3] [--data FOLDER]
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (first: it fixes the thread count before NumPy loads)

import numpy as np  # noqa: E402

IMPL = "numpy"


# ---------------------------------------------------------------- activations

def activate(name, z):
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise ValueError(name)


def derivative(name, z, a):
    """f'(z), from the output a where that is the usual form."""
    if name == "tanh":
        return 1.0 - a * a
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "relu":
        return (z > 0.0).astype(np.float64)
    raise ValueError(name)


# ---------------------------------------------------------------- network

class Network:
    def __init__(self, sizes, acts, loss):
        self.weights, self.biases = common.xavier(sizes, seed=1)
        self.acts, self.loss = acts, loss

    def forward(self, x):
        """Keeps every layer's z and a for the backward pass; returns the output."""
        self.z, self.a = [], [x]
        a = x
        for w, b, name in zip(self.weights, self.biases, self.acts):
            z = a @ w + b
            a = activate(name, z)
            self.z.append(z)
            self.a.append(a)
        return a

    def backward(self, e):
        """dE/dW and dE/db of the last forward pass for targets e (mean over its n samples)."""
        n = e.shape[0]
        o = self.a[-1]
        if self.loss == "ce":  # softmax + cross-entropy: dE/dz = (o·Σe − e)/n, = (o − e)/n for W2's one-hot e
            d = (o - e) / n
        else:  # mse: dE/do = (o − e)/n
            d = (o - e) / n * derivative(self.acts[-1], self.z[-1], o)
        grad_w, grad_b = [None] * len(self.weights), [None] * len(self.weights)
        for l in range(len(self.weights) - 1, -1, -1):
            grad_w[l] = self.a[l].T @ d
            grad_b[l] = d.sum(axis=0)
            if l > 0:
                d = (d @ self.weights[l].T) * derivative(self.acts[l - 1], self.z[l - 1], self.a[l])
        return grad_w, grad_b

    def loss_value(self, e):
        """E of the last forward pass: mse 1/(2n) Σ (o − e)²; ce −1/n Σ e·ln o with ln o = z − logsumexp(z)."""
        n = e.shape[0]
        if self.loss == "mse":
            return float(((self.a[-1] - e) ** 2).sum() / (2 * n))
        z = self.z[-1]
        top = z.max(axis=1, keepdims=True)
        log_o = z - (top + np.log(np.exp(z - top).sum(axis=1, keepdims=True)))
        return float(-(e * log_o).sum() / n)


def accuracy(o, e):
    if o.shape[1] == 1:
        return float(((o >= 0.5) == (e >= 0.5)).mean())
    return float((o.argmax(axis=1) == e.argmax(axis=1)).mean())


# ---------------------------------------------------------------- optimizers

class SGD:
    def __init__(self, params, lr):
        self.params, self.lr = params, lr

    def step(self, grads):
        for p, g in zip(self.params, grads):
            p -= self.lr * g


class Adam:
    """PyTorch's form: w −= (lr/(1−β1^t)) · m / (√v/√(1−β2^t) + ε)."""

    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.params, self.lr, self.beta1, self.beta2, self.eps = params, lr, beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        step_size = self.lr / (1 - b1 ** self.t)
        correction2 = (1 - b2 ** self.t) ** 0.5
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= step_size * m / (np.sqrt(v) / correction2 + self.eps)


# ---------------------------------------------------------------- workloads

def train(spec, x, e, orders):
    """A fresh network trained as `spec` says; returns it. This is the timed part
    `orders` holds every epoch's sample order, drawn beforehand (see README.md)."""
    net = Network(spec["sizes"], spec["acts"], spec["loss"])
    params = [p for pair in zip(net.weights, net.biases) for p in pair]
    if spec["opt"] == "adam":
        opt = Adam(params, spec["lr"], **{k: common.ADAM[k] for k in ("beta1", "beta2", "eps")})
    else:
        opt = SGD(params, spec["lr"])
    for order in orders:
        for rows in common.batches(order, spec["batch"]):
            net.forward(x[rows])
            grad_w, grad_b = net.backward(e[rows])
            opt.step([g for pair in zip(grad_w, grad_b) for g in pair])
    return net


def run_training(workload, args):
    spec = common.SPECS[workload]
    x, e, _ = common.load(workload, args.data)
    orders = common.epoch_orders(x.shape[0], spec)
    times, net = common.timed(lambda: train(spec, x, e, orders), args.runs)
    o = net.forward(x)  # full-batch forward over the training set
    common.report(IMPL, workload, times, net.loss_value(e), accuracy(o, e),
                  common.extra_figures(workload, x.shape[0], statistics.median(times)))


def run_w3(args):
    net = Network(common.W3_SIZES, ["sigmoid"] * 100, "mse")
    x, e = common.w3_input(), np.array([[1.0]])

    def once():
        net.forward(x)
        return net.backward(e)

    times, (grad_w, _) = common.timed_inner(once, args.runs, common.W3_REPEATS)
    common.report(IMPL, "W3", times, extra={"norm_dW1": np.linalg.norm(grad_w[0]),
                                            "norm_dW100": np.linalg.norm(grad_w[99]),
                                            "loss": net.loss_value(e)})


if __name__ == "__main__":
    common.main(__doc__.splitlines()[0], run_w3, run_training)
