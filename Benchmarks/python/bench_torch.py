"""W1-W4 in PyTorch (float64, 2 threads, autograd and torch.optim), on the trajectory bplab follows."""
import torch

import common

torch.set_num_threads(2)
torch.set_default_dtype(torch.float64)

ACTS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}


class Net(torch.nn.Module):
    """Dense layers with bplab's seeded Xavier init; the last activation is applied by the loss for ce."""

    def __init__(self, widths, acts):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for (w, b), fan_in, fan_out in zip(common.xavier(widths), widths, widths[1:]):
            layer = torch.nn.Linear(fan_in, fan_out)
            with torch.no_grad():
                layer.weight.copy_(torch.tensor(w).T)  # torch stores (out x in)
                layer.bias.copy_(torch.tensor(b))
            self.layers.append(layer)
        self.acts = acts

    def forward(self, x):
        for layer, name in zip(self.layers, self.acts):
            x = layer(x)
            if name != "softmax":
                x = ACTS[name](x)
        return x


def loss_fn(kind, out, e):
    if kind == "mse":
        return ((out - e) ** 2).sum() / (2 * len(out))
    return torch.nn.functional.cross_entropy(out, e.argmax(dim=1))


def accuracy(out, e):
    if out.shape[1] == 1:
        return float(((out >= 0.5) == (e >= 0.5)).double().mean())
    return float((out.argmax(dim=1) == e.argmax(dim=1)).double().mean())


def train(widths, acts, kind, x, e, epochs, batch, lr, adam=False, shuffle=True):
    net = Net(widths, acts)
    opt = torch.optim.Adam(net.parameters(), lr=lr) if adam else torch.optim.SGD(net.parameters(), lr=lr)
    n = len(x)
    orders = common.epoch_orders(n, epochs) if shuffle else (list(range(n)) for _ in range(epochs))
    for order in orders:
        order = torch.tensor(order)
        for k in range(0, n, batch):
            rows = order[k:k + batch]
            opt.zero_grad()
            loss_fn(kind, net(x[rows]), e[rows]).backward()
            opt.step()
    with torch.no_grad():
        out = net(x)
        return float(loss_fn(kind, out, e)), accuracy(out, e)


def main():
    runs, workloads = common.arguments()
    for wl in workloads:
        if wl == "W1":
            x, e = map(torch.tensor, common.w1_data())
            times, (loss, acc) = common.timed(runs, lambda: train([2, 16, 16, 1], ["tanh", "tanh", "sigmoid"], "mse", x, e, 100, 10, 0.1))
            common.report("torch", wl, times, loss, acc)
        elif wl == "W2":
            x, e = map(torch.tensor, common.w2_data())
            times, (loss, acc) = common.timed(runs, lambda: train([64, 128, 64, 10], ["relu", "relu", "softmax"], "ce", x, e, 20, 32, 1e-3, adam=True))
            common.report("torch", wl, times, loss, acc)
        elif wl == "W3":
            net = Net([16] * 100 + [1], ["sigmoid"] * 100)
            x, e = torch.tensor([common.w3_input()]), torch.tensor([[1.0]])

            def once():
                net.zero_grad()
                loss_fn("mse", net(x), e).backward()
            times, _ = common.timed(runs, lambda: [once() for _ in range(100)])
            times = [t / 100 for t in times]
            common.report("torch", wl, times, extra={"norm_dW1": float(net.layers[0].weight.grad.norm()),
                                                     "norm_dW100": float(net.layers[99].weight.grad.norm())})
        elif wl == "W4":
            z, e = common.w4_data()
            x, e = torch.tensor(z).reshape(10000, 784), torch.tensor(e)
            times, (loss, acc) = common.timed(runs, lambda: train([784, 512, 512, 10], ["relu", "relu", "softmax"], "ce", x, e, 1, 128, 0.01, shuffle=False))
            common.report("torch", wl, times, loss, acc)


if __name__ == "__main__":
    main()
