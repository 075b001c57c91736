"""W1-W4 in NumPy (float64, 2 threads), on the trajectory bplab follows."""
import os

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import numpy as np  # noqa: E402

import common  # noqa: E402


def act(name, z):
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "relu":
        return np.maximum(z, 0)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def dact(name, z, a):
    if name == "tanh":
        return 1 - a * a
    if name == "sigmoid":
        return a * (1 - a)
    return (z > 0).astype(np.float64)


class Net:
    def __init__(self, widths, acts, loss):
        self.params = [(np.array(w), np.array(b)) for w, b in common.xavier(widths)]
        self.acts, self.loss = acts, loss

    def forward(self, x):
        self.a, self.z = [x], []
        for (w, b), name in zip(self.params, self.acts):
            z = self.a[-1] @ w + b
            self.z.append(z)
            self.a.append(act(name, z))
        return self.a[-1]

    def loss_value(self, o, e):
        n = len(o)
        if self.loss == "mse":
            return float(((o - e) ** 2).sum() / (2 * n))
        return float(-(e * np.log(o)).sum() / n)

    def backward(self, e):
        n = len(e)
        o = self.a[-1]
        d = (o - e) / n
        if self.loss == "mse":
            d = d * dact(self.acts[-1], self.z[-1], o)
        grads = []
        for l in range(len(self.params) - 1, -1, -1):
            w, _ = self.params[l]
            grads.append((self.a[l].T @ d, d.sum(axis=0)))
            if l > 0:
                d = (d @ w.T) * dact(self.acts[l - 1], self.z[l - 1], self.a[l])
        return grads[::-1]


def accuracy(o, e):
    if o.shape[1] == 1:
        return float(((o >= 0.5) == (e >= 0.5)).mean())
    return float((o.argmax(axis=1) == e.argmax(axis=1)).mean())


def train(widths, acts, loss, x, e, epochs, batch, lr, adam=False, shuffle=True):
    net = Net(widths, acts, loss)
    n = len(x)
    orders = common.epoch_orders(n, epochs) if shuffle else (list(range(n)) for _ in range(epochs))
    m = [(np.zeros_like(w), np.zeros_like(b)) for w, b in net.params]
    v = [(np.zeros_like(w), np.zeros_like(b)) for w, b in net.params]
    t = 0
    for order in orders:
        order = np.array(order)
        for k in range(0, n, batch):
            rows = order[k:k + batch]
            net.forward(x[rows])
            grads = net.backward(e[rows])
            t += 1
            for i, ((w, b), (gw, gb)) in enumerate(zip(net.params, grads)):
                if not adam:
                    w -= lr * gw
                    b -= lr * gb
                    continue
                for p, g, mm, vv in ((w, gw, m[i][0], v[i][0]), (b, gb, m[i][1], v[i][1])):
                    mm *= 0.9
                    mm += 0.1 * g
                    vv *= 0.999
                    vv += 0.001 * g * g
                    denom = np.sqrt(vv) / np.sqrt(1 - 0.999 ** t) + 1e-8
                    p -= (lr / (1 - 0.9 ** t)) * mm / denom
    o = net.forward(x)
    return net.loss_value(o, e), accuracy(o, e)


def main():
    runs, workloads = common.arguments()
    for wl in workloads:
        if wl == "W1":
            x, e = map(np.array, common.w1_data())
            times, (loss, acc) = common.timed(runs, lambda: train([2, 16, 16, 1], ["tanh", "tanh", "sigmoid"], "mse", x, e, 100, 10, 0.1))
            common.report("numpy", wl, times, loss, acc)
        elif wl == "W2":
            x, e = map(np.array, common.w2_data())
            times, (loss, acc) = common.timed(runs, lambda: train([64, 128, 64, 10], ["relu", "relu", "softmax"], "ce", x, e, 20, 32, 1e-3, adam=True))
            common.report("numpy", wl, times, loss, acc)
        elif wl == "W3":
            net = Net([16] * 100 + [1], ["sigmoid"] * 100, "mse")
            x, e = np.array([common.w3_input()]), np.array([[1.0]])

            def once():
                net.forward(x)
                return net.backward(e)
            times, grads = common.timed(runs, lambda: [once() for _ in range(100)][-1])
            times = [t / 100 for t in times]
            common.report("numpy", wl, times, extra={"norm_dW1": float(np.linalg.norm(grads[0][0])),
                                                     "norm_dW100": float(np.linalg.norm(grads[99][0]))})
        elif wl == "W4":
            z, e = common.w4_data()
            x, e = np.array(z).reshape(10000, 784), np.array(e)
            times, (loss, acc) = common.timed(runs, lambda: train([784, 512, 512, 10], ["relu", "relu", "softmax"], "ce", x, e, 1, 128, 0.01, shuffle=False))
            common.report("numpy", wl, times, loss, acc)


if __name__ == "__main__":
    main()
