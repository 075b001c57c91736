"""Reads the JSON lines of bplab-bench and the reference scripts (stdin) and
prints one table: times, bplab's speed-up against each reference measured in
the same run, and a flag where a final loss differs beyond rounding."""
import json
import sys

TARGETS = {"W1": (50, 8), "W2": (6, 3), "W3": (100, 20), "W4": (1.5, 1.2)}


def agree(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-300)


def main():
    rows = {}
    for line in sys.stdin:
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            rows.setdefault(r["workload"], {})[r["impl"]] = r
    print(f"{'workload':8} {'bplab':>12} {'numpy':>12} {'torch':>12} {'vs numpy':>10} {'vs torch':>10} {'targets':>11}  final loss (bplab / numpy / torch)")
    for wl in sorted(rows):
        impls = rows[wl]
        b = impls.get("bplab")
        if b is None:
            continue

        def time(name):
            r = impls.get(name)
            return f"{r['median_s'] * 1e3:10.3f}ms" if r else f"{'—':>12}"

        t, n = TARGETS.get(wl, (0, 0))

        def ratio(name, target):
            r = impls.get(name)
            if not r:
                return f"{'—':>10}"
            speedup = r["median_s"] / b["median_s"]
            return f"{speedup:8.2f}×{'✓' if speedup >= target else '✗'}"

        def value(r):
            if r is None:
                return None
            return r.get("final_loss", r.get("extra", {}).get("norm_dW100"))

        losses = [value(impls.get(n)) for n in ("bplab", "numpy", "torch")]
        flag = "" if all(v is None or agree(v, losses[0]) for v in losses) else "  ← DIFFERS"
        shown = " / ".join("—" if v is None else f"{v:.9g}" for v in losses)
        print(f"{wl:8} {time('bplab')} {time('numpy')} {time('torch')} {ratio('numpy', n)} {ratio('torch', t)} {f'≥{n}× / ≥{t}×':>11}  {shown}{flag}")
    w3 = rows.get("W3", {}).get("bplab")
    if w3:
        print(f"W3 grad w1[1,1] explanation (forward + backward + chain-rule terms + finite difference): {w3['extra']['grad_query_s'] * 1e3:.3f} ms")
    w4 = rows.get("W4", {}).get("bplab")
    if w4:
        print(f"W4 bplab: {w4['extra']['gflops']:.1f} GFLOP/s; this machine's dgemm ceiling (OpenBLAS, 2048³, 2 threads): "
              f"{w4['extra']['dgemm_ceiling_gflops']:.1f} GFLOP/s; bplab's own product on 2048³: "
              f"{w4['extra']['bplab_2048_gflops']:.1f} GFLOP/s")


if __name__ == "__main__":
    main()
