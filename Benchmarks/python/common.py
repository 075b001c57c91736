"""Shared pieces of the Python reference implementations of workloads W1–W4.

Everything here follows docs/generator.md exactly, so that NumPy,
PyTorch and bplab start from the same bits and follow the same training
trajectory: the SplitMix64 generator, uniform01, Xavier init (one stream for
the whole network), the Fisher–Yates shuffle (one stream for all epochs) and
the data of each workload.

Importing this module fixes the thread count of BLAS and OpenMP to 2 (before
NumPy is imported, which is when OpenBLAS reads it): import it first.
"""

import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

THREADS = 2
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = str(THREADS)

import numpy as np  # noqa: E402

MASK64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
MIX1 = 0xBF58476D1CE4E5B9
MIX2 = 0x94D049BB133111EB

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DATA = os.environ.get("BPLAB_DATA") or os.path.join(REPO_ROOT, "sessions", "data")

WORKLOADS = ("W1", "W2", "W3", "W4")


def _mix(z):
    """The SplitMix64 output function on one UInt64 (Python int)."""
    z = ((z ^ (z >> 30)) * MIX1) & MASK64
    z = ((z ^ (z >> 27)) * MIX2) & MASK64
    return z ^ (z >> 31)


class SplitMix64:
    """SplitMix64 as in docs/generator.md. `next()` draws one UInt64 (a Python
    int); `outputs(n)` / `uniforms(n)` draw n at once with NumPy (the same
    values, in order, and the state advances by n)."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + GAMMA) & MASK64
        return _mix(self.state)

    def uniform01(self):
        return (self.next() >> 11) * 2.0**-53

    def outputs(self, n):
        """The next n outputs as a uint64 array (vectorised: state_k = seed + k·γ)."""
        k = np.arange(1, n + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            z = np.uint64(self.state) + k * np.uint64(GAMMA)  # wraps mod 2^64
            z = (z ^ (z >> np.uint64(30))) * np.uint64(MIX1)
            z = (z ^ (z >> np.uint64(27))) * np.uint64(MIX2)
            z = z ^ (z >> np.uint64(31))
        self.state = (self.state + n * GAMMA) & MASK64
        return z

    def uniforms(self, n):
        """The next n uniform01 draws as a float64 array (exact: < 2^53 converts exactly)."""
        return (self.outputs(n) >> np.uint64(11)).astype(np.float64) * 2.0**-53


# ---------------------------------------------------------------- init, shuffle

def xavier(sizes, seed=1):
    """Weights W (fan_in × fan_out, row-major filled) and zero biases of a dense
    network with layer widths `sizes`, from one SplitMix64 stream:
    w = (2u − 1) · √(6 / (fan_in + fan_out))."""
    rng = SplitMix64(seed)
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        scale = math.sqrt(6.0 / (fan_in + fan_out))
        u = rng.uniforms(fan_in * fan_out).reshape(fan_in, fan_out)
        weights.append((2.0 * u - 1.0) * scale)
        biases.append(np.zeros(fan_out))
    return weights, biases


class Shuffler:
    """One permutation p = 0…n−1, shuffled in place by Fisher–Yates at every
    `epoch()` call (shuffles accumulate), one stream for all epochs."""

    def __init__(self, n, seed=2):
        self.n = n
        self.rng = SplitMix64(seed)
        self.p = list(range(n))

    def epoch(self):
        n, p = self.n, self.p
        if n > 1:
            # draws for i = n−1 down to 1, in that order
            draws = self.rng.outputs(n - 1).tolist()
            for step, i in enumerate(range(n - 1, 0, -1)):
                j = draws[step] % (i + 1)
                p[i], p[j] = p[j], p[i]
        return np.array(p, dtype=np.intp)


def batches(order, batch):
    """Minibatch k is order[b·k ..< b·k+b]; the last may be short."""
    return [order[k:k + batch] for k in range(0, len(order), batch)]


# ---------------------------------------------------------------- data

def read_csv(path):
    """A plain numeric CSV with one header row, as a float64 array."""
    return np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)


def w1_data(folder):
    """spiral1000.csv: inputs (1000 × 2) and 0/1 targets (1000 × 1)."""
    rows = read_csv(os.path.join(folder, "spiral1000.csv"))
    return np.ascontiguousarray(rows[:, :2]), np.ascontiguousarray(rows[:, 2:3])


def w2_data(folder):
    """digits.csv: pixels / 16 (1797 × 64), one-hot targets (1797 × 10) and the labels."""
    rows = read_csv(os.path.join(folder, "digits.csv"))
    labels = rows[:, 64].astype(np.int64)
    return np.ascontiguousarray(rows[:, :64] / 16.0), one_hot(labels, 10), labels


def one_hot(labels, classes):
    y = np.zeros((len(labels), classes))
    y[np.arange(len(labels)), labels] = 1.0
    return y


W3_SIZES = [16] * 100 + [1]
W3_REPEATS = 200  # forward+backward passes per timed run; a run's time is their mean


def w3_input():
    """x = 2·uniform01(seed 3) − 1, 16 draws, as a 1 × 16 row."""
    rng = SplitMix64(3)
    return np.array([[2.0 * rng.uniform01() - 1.0 for _ in range(16)]])


def w4_data(n=10_000, d=784):
    """X (n × d) standard normal by Box–Muller from uniform01(seed 4), row-major;
    labels next(seed 5) % 10; returns X, one-hot targets, labels.

    ln, cos and sin come from the C library (Python's math module, as Swift's
    Foundation uses them), not NumPy's own SIMD versions, which can differ in
    the last bit."""
    u = SplitMix64(4).uniforms(n * d)
    u1 = (1.0 - u[0::2]).tolist()
    u2 = (2.0 * math.pi * u[1::2]).tolist()
    r = np.array(list(map(math.log, u1)))
    r = np.sqrt(-2.0 * r)  # sqrt is correctly rounded everywhere
    x = np.empty(n * d)
    x[0::2] = r * np.array(list(map(math.cos, u2)))
    x[1::2] = r * np.array(list(map(math.sin, u2)))
    labels = (SplitMix64(5).outputs(n) % np.uint64(10)).astype(np.int64)
    return x.reshape(n, d), one_hot(labels, 10), labels


def load(workload, folder):
    """The training data of W1, W2 or W4 as (inputs, one-hot or 0/1 targets, labels or None)."""
    if workload == "W1":
        x, e = w1_data(folder)
        return x, e, None
    if workload == "W2":
        return w2_data(folder)
    if workload == "W4":
        return w4_data()
    raise ValueError(workload)


# ---------------------------------------------------------------- workload specs

SPECS = {
    "W1": dict(sizes=[2, 16, 16, 1], acts=["tanh", "tanh", "sigmoid"], loss="mse",
               opt="sgd", lr=0.1, batch=10, epochs=100, shuffle=True),
    "W2": dict(sizes=[64, 128, 64, 10], acts=["relu", "relu", "softmax"], loss="ce",
               opt="adam", lr=1e-3, batch=32, epochs=20, shuffle=True),
    "W4": dict(sizes=[784, 512, 512, 10], acts=["relu", "relu", "softmax"], loss="ce",
               opt="sgd", lr=0.01, batch=128, epochs=1, shuffle=False),
}
ADAM = dict(beta1=0.9, beta2=0.999, eps=1e-8)


def epoch_orders(n, spec):
    """The sample order of every epoch: shuffled (seed 2, accumulating) or data order."""
    if not spec["shuffle"]:
        return [np.arange(n)] * spec["epochs"]
    shuffler = Shuffler(n, seed=2)
    return [shuffler.epoch() for _ in range(spec["epochs"])]


def extra_figures(workload, n, median_s):
    """Throughput figures in the same form as bplab-bench's."""
    spec = SPECS[workload]
    steps = spec["epochs"] * ((n + spec["batch"] - 1) // spec["batch"])
    extra = {"steps_per_s": steps / median_s, "samples_per_s": spec["epochs"] * n / median_s}
    if workload in ("W2", "W4"):
        sizes = spec["sizes"]
        weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
        extra["gflops"] = 6.0 * n * spec["epochs"] * weights / median_s * 1e-9
    return extra


# ---------------------------------------------------------------- harness

def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=5, help="timed runs after one warm-up (default 5)")
    parser.add_argument("--workloads", default="W1,W2,W3,W4", help="comma-separated subset of W1,W2,W3,W4")
    parser.add_argument("--data", default=DEFAULT_DATA,
                        help="folder of spiral1000.csv and digits.csv (default $BPLAB_DATA, else the "
                             "repository's sessions/data)")
    args = parser.parse_args()
    args.runs = max(1, args.runs)
    args.workloads = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    for w in args.workloads:
        if w not in WORKLOADS:
            parser.error(f"unknown workload {w} (expected W1, W2, W3 or W4)")
    return args


def main(description, run_w3, run_training):
    """Runs the workloads named on the command line: W3 through `run_w3(args)`,
    the training workloads through `run_training(workload, args)`."""
    args = parse_args(description)
    for workload in args.workloads:
        if workload == "W3":
            run_w3(args)
        else:
            run_training(workload, args)


def timed(function, runs):
    """One warm-up call, then `runs` timed calls; returns (times, last result)."""
    result = function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def timed_inner(function, runs, repeats):
    """As `timed`, for a short body: each run is the mean of `repeats` calls."""
    times = []
    result = None
    for run in range(runs + 1):
        start = time.perf_counter()
        for _ in range(repeats):
            result = function()
        if run > 0:
            times.append((time.perf_counter() - start) / repeats)
    return times, result


def report(impl, workload, times, loss=None, accuracy=None, extra=None):
    """One JSON line on stdout in bplab-bench's shape (floats in full repr precision)."""
    # The process's peak resident set so far (ru_maxrss is in KB on Linux): run.sh
    # runs each workload in its own process, so this is that workload's peak.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    record = {"impl": impl, "workload": workload, "process": "fresh", "median_s": statistics.median(times),
              "peak_rss_mb": peak, "runs": times}
    if loss is not None:
        record["final_loss"] = float(loss)
    if accuracy is not None:
        record["accuracy"] = float(accuracy)
    record["extra"] = {k: float(v) for k, v in sorted((extra or {}).items())}
    print(json.dumps(record), flush=True)


def warn(message):
    print(message, file=sys.stderr, flush=True)
