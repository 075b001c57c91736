"""Reads the JSON lines of bplab-bench and the reference scripts (stdin) and
prints where they ran and one table: times, bplab's speed-up against each
reference measured in the same run, peak memory, bplab's spread across
processes (flagged beyond 15%), and a flag where a final loss differs beyond
rounding; then the speed of the products against the dgemm ceiling."""
import json
import statistics
import sys

TARGETS = {"W1": (50, 8), "W2": (6, 3), "W3": (100, 20), "W4": (1.5, 1.2)}
# The farthest any bplab process may be from the fresh processes' median, relative to it.
SPREAD_LIMIT = 0.15


def agree(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-300)


def seconds(s):
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.3f} s"


def read(lines):
    """The machine line, and per workload per implementation its records."""
    machine, rows = None, {}
    for line in lines:
        line = line.strip()
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        if r["impl"] == "machine":
            machine = r
        else:
            rows.setdefault(r["workload"], {}).setdefault(r["impl"], []).append(r)
    return machine, rows


def main():
    machine, rows = read(sys.stdin)
    if machine:
        print(f"where: {machine['processor']} ({machine['vendor']} family {machine['family']} model {machine['model']}, "
              f"L1d {machine['l1d_kb']} KB), {machine['cores']} cores; {machine['tiling']}; "
              f"OPENBLAS_CORETYPE={machine['openblas_coretype']}")
    print(f"{'workload':8} {'bplab':>11} {'numpy':>11} {'torch':>11} {'vs numpy':>10} {'vs torch':>10} {'targets':>11} "
          f"{'peak MB b/n/t':>17}  bplab across processes")
    spreads = []
    for wl in sorted(rows):
        impls = rows[wl]
        bplab = impls.get("bplab")
        if not bplab:
            continue
        fresh = [r["median_s"] for r in bplab if r.get("process") == "fresh"] or [r["median_s"] for r in bplab]
        after = [r["median_s"] for r in bplab if r.get("process") == "after-others"]
        busy = [r["median_s"] for r in bplab if r.get("process") == "beside-busy"]
        b = statistics.median(fresh)

        def median(name):
            records = impls.get(name)
            return statistics.median(r["median_s"] for r in records) if records else None

        def time(name):
            t = b if name == "bplab" else median(name)
            return f"{seconds(t):>11}" if t is not None else f"{'—':>11}"

        t, n = TARGETS.get(wl, (0, 0))

        def ratio(name, target):
            m = median(name)
            if m is None:
                return f"{'—':>10}"
            return f"{m / b:8.2f}×{'✓' if m / b >= target else '✗'}"

        def peak(name):
            records = [r for r in impls.get(name, []) if r.get("process", "fresh") == "fresh" and "peak_rss_mb" in r]
            return f"{max(r['peak_rss_mb'] for r in records):.0f}" if records else "—"

        every = fresh + after + busy
        # The issue's rule: every process within 15% of the fresh processes' median.
        spread = max(abs(x - b) for x in every) / b
        flag = "✗ spread over 15%" if spread > SPREAD_LIMIT else "✓"
        spreads.append((wl, spread))
        across = (f"{len(fresh)} fresh {seconds(min(fresh))}–{seconds(max(fresh))}"
                  + (f", after others {seconds(after[0])}" if after else "")
                  + (f", {len(busy)} beside a busy core {seconds(min(busy))}–{seconds(max(busy))}" if busy else "")
                  + f": spread {spread * 100:.0f}% {flag}")
        peaks = f"{peak('bplab')}/{peak('numpy')}/{peak('torch')}"
        print(f"{wl:8} {time('bplab')} {time('numpy')} {time('torch')} {ratio('numpy', n)} {ratio('torch', t)} "
              f"{f'≥{n}× / ≥{t}×':>11} {peaks:>17}  {across}")

    print("final loss (bplab / numpy / torch):")
    for wl in sorted(rows):
        def value(name):
            records = rows[wl].get(name)
            if not records:
                return None
            r = records[-1]
            return r.get("final_loss", r.get("extra", {}).get("norm_dW100"))

        losses = [value(name) for name in ("bplab", "numpy", "torch")]
        if losses[0] is None:
            continue
        flag = "" if all(v is None or agree(v, losses[0]) for v in losses) else "  ← DIFFERS"
        print(f"  {wl}: " + " / ".join("—" if v is None else f"{v:.9g}" for v in losses) + flag)

    w3 = rows.get("W3", {}).get("bplab")
    if w3:
        print(f"W3 grad w1[1,1] explanation (forward + backward + chain-rule terms + finite difference): "
              f"{w3[-1]['extra']['grad_query_s'] * 1e3:.3f} ms")
    w4 = rows.get("W4", {}).get("bplab")
    if w4:
        ceiling = statistics.median(r["extra"]["dgemm_ceiling_gflops"] for r in w4)
        for wl in ("W2", "W4"):
            records = rows.get(wl, {}).get("bplab", [])
            if records:
                gflops = statistics.median(r["extra"]["gflops"] for r in records)
                print(f"{wl} bplab: {gflops:.1f} GFLOP/s = {gflops / ceiling * 100:.0f}% of this run's dgemm ceiling")
        own = statistics.median(r["extra"]["bplab_2048_gflops"] for r in w4)
        print(f"dgemm ceiling (OpenBLAS, 2048³, 2 threads, median over processes): {ceiling:.1f} GFLOP/s; "
              f"bplab's own product on 2048³: {own:.1f} GFLOP/s ({own / ceiling * 100:.0f}%)")


if __name__ == "__main__":
    main()
