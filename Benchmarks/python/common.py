"""Shared pieces of the NumPy and PyTorch reference benchmarks.

SplitMix64, the seeded Xavier init and the Fisher-Yates shuffle exactly as
../../../shared/data/README.md specifies, so NumPy, PyTorch and bplab follow
the same training trajectory; the W1-W4 data; timing and JSON output.
"""
import json
import math
import os
import statistics
import sys
import time

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform01(self):
        return (self.next() >> 11) * 2.0 ** -53

    def shuffle(self, p):
        for i in range(len(p) - 1, 0, -1):
            j = self.next() % (i + 1)
            p[i], p[j] = p[j], p[i]


def xavier(widths, seed=1):
    """Weights (fan_in x fan_out, row-major draws, one stream) and zero biases, as nested lists."""
    rng = SplitMix64(seed)
    layers = []
    for fan_in, fan_out in zip(widths, widths[1:]):
        scale = math.sqrt(6.0 / (fan_in + fan_out))
        w = [[(2 * rng.uniform01() - 1) * scale for _ in range(fan_out)] for _ in range(fan_in)]
        layers.append((w, [0.0] * fan_out))
    return layers


def epoch_orders(n, epochs, seed=2):
    """The visiting order of every epoch: one permutation, shuffled in place each epoch."""
    rng = SplitMix64(seed)
    p = list(range(n))
    for _ in range(epochs):
        rng.shuffle(p)
        yield list(p)


def read_csv(path):
    with open(path) as f:
        next(f)
        return [[float(v) for v in line.split(",")] for line in f if line.strip()]


def data_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("BPLAB_DATA", os.path.join(here, "..", "..", "..", "shared", "data"))


def w1_data():
    rows = read_csv(os.path.join(data_dir(), "spiral1000.csv"))
    return [r[:2] for r in rows], [[r[2]] for r in rows]


def w2_data():
    rows = read_csv(os.path.join(data_dir(), "digits.csv"))
    x = [[v / 16 for v in r[:64]] for r in rows]
    y = [[1.0 if k == int(r[64]) else 0.0 for k in range(10)] for r in rows]
    return x, y


def w3_input():
    rng = SplitMix64(3)
    return [2 * rng.uniform01() - 1 for _ in range(16)]


def w4_data():
    rng = SplitMix64(4)
    n, d = 10000, 784
    z = []
    for _ in range(n * d // 2):
        u1, u2 = rng.uniform01(), rng.uniform01()
        r = math.sqrt(-2 * math.log(1 - u1))
        z.append(r * math.cos(2 * math.pi * u2))
        z.append(r * math.sin(2 * math.pi * u2))
    labels = SplitMix64(5)
    y = []
    for _ in range(n):
        k = labels.next() % 10
        y.append([1.0 if j == k else 0.0 for j in range(10)])
    return z, y


def arguments():
    runs, workloads = 5, ["W1", "W2", "W3", "W4"]
    args = sys.argv[1:]
    for i, a in enumerate(args):
        if a == "--runs":
            runs = int(args[i + 1])
        if a == "--workloads":
            workloads = args[i + 1].split(",")
    return runs, workloads


def timed(runs, fn):
    """A warm-up, then `runs` timed calls; returns (times, last result)."""
    fn()
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def report(impl, workload, times, loss=None, accuracy=None, extra=None):
    line = {"impl": impl, "workload": workload, "median_s": statistics.median(times), "runs": times}
    if loss is not None:
        line["final_loss"] = loss
    if accuracy is not None:
        line["accuracy"] = accuracy
    line["extra"] = extra or {}
    print(json.dumps(line), flush=True)
