"""W1–W4 in PyTorch (float64, 2 threads), on the trajectory bplab follows.

As a PyTorch user would write it: parameter tensors W (fan_in × fan_out) and
b, z = a @ W + b, autograd for the backward pass, torch.optim.SGD / Adam, and
F.cross_entropy on the logits for softmax + ce (its mean reduction is the
1/n of bplab's ce; for mse the loss is written as 1/(2n) Σ (o − e)²). One
JSON line per workload on stdout; see README.md.

    python3 bench_torch.py [--runs N] [--workloads W1,W3] [--data FOLDER]
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (first: it fixes the thread count before NumPy/PyTorch load)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(common.THREADS)
torch.set_default_dtype(torch.float64)

IMPL = "torch"
HIDDEN = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}


class Network(torch.nn.Module):
    """Dense layers with the seeded Xavier init of docs/generator.md. A softmax
    output layer returns its logits z; the loss and the prediction apply softmax."""

    def __init__(self, sizes, acts, loss):
        super().__init__()
        weights, biases = common.xavier(sizes, seed=1)
        self.weights = torch.nn.ParameterList(torch.nn.Parameter(torch.from_numpy(w.copy())) for w in weights)
        self.biases = torch.nn.ParameterList(torch.nn.Parameter(torch.from_numpy(b.copy())) for b in biases)
        self.acts, self.loss = acts, loss

    def forward(self, a):
        for w, b, name in zip(self.weights, self.biases, self.acts):
            a = torch.addmm(b, a, w)  # a @ w + b
            if name != "softmax":
                a = HIDDEN[name](a)
        return a

    def loss_fn(self, out, e, labels):
        if self.loss == "mse":
            return ((out - e) ** 2).sum() / (2 * out.shape[0])
        return F.cross_entropy(out, labels)  # softmax + categorical cross-entropy, mean over samples


def accuracy(out, e, labels):
    if out.shape[1] == 1:
        return float(((out >= 0.5) == (e >= 0.5)).double().mean())
    return float((out.argmax(dim=1) == labels).double().mean())


def train(spec, x, e, labels, orders):
    """A fresh network trained as `spec` says; returns it. This is the timed part
    `orders` holds every epoch's sample order, drawn beforehand (see README.md)."""
    net = Network(spec["sizes"], spec["acts"], spec["loss"])
    if spec["opt"] == "adam":
        opt = torch.optim.Adam(net.parameters(), lr=spec["lr"], betas=(common.ADAM["beta1"], common.ADAM["beta2"]),
                               eps=common.ADAM["eps"])
    else:
        opt = torch.optim.SGD(net.parameters(), lr=spec["lr"])
    for order in orders:
        for rows in torch.split(order, spec["batch"]):
            opt.zero_grad()
            loss = net.loss_fn(net(x[rows]), e[rows], labels[rows])
            loss.backward()
            opt.step()
    return net


def run_training(workload, args):
    spec = common.SPECS[workload]
    x, e, labels = common.load(workload, args.data)
    if labels is None:  # W1: one 0/1 output
        labels = e[:, 0].astype("int64")
    x, e, labels = torch.from_numpy(x), torch.from_numpy(e), torch.from_numpy(labels)
    orders = [torch.from_numpy(order) for order in common.epoch_orders(x.shape[0], spec)]
    times, net = common.timed(lambda: train(spec, x, e, labels, orders), args.runs)
    with torch.no_grad():  # full-batch forward over the training set
        out = net(x)
        loss = float(net.loss_fn(out, e, labels))
    common.report(IMPL, workload, times, loss, accuracy(out, e, labels),
                  common.extra_figures(workload, x.shape[0], statistics.median(times)))


def run_w3(args):
    net = Network(common.W3_SIZES, ["sigmoid"] * 100, "mse")
    x, e = torch.from_numpy(common.w3_input()), torch.tensor([[1.0]])
    result = {}

    def once():
        net.zero_grad()
        loss = net.loss_fn(net(x), e, None)  # n = 1: ½ (o − 1)²
        loss.backward()
        result["loss"] = loss.detach()

    times, _ = common.timed_inner(once, args.runs, common.W3_REPEATS)
    common.report(IMPL, "W3", times, extra={"norm_dW1": float(torch.linalg.norm(net.weights[0].grad)),
                                            "norm_dW100": float(torch.linalg.norm(net.weights[99].grad)),
                                            "loss": float(result["loss"])})


if __name__ == "__main__":
    common.main(__doc__.splitlines()[0], run_w3, run_training)
