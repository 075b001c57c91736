#!/usr/bin/env bash
# make bench: W1–W4 in bplab, NumPy and PyTorch (when installed) in one run,
# one table of times and ratios, then interactive latencies of the REPL.
# Usage: Benchmarks/run.sh [--runs N] [--workloads W1,W2,W3,W4]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${BPLAB_DATA:-$(cd .. && pwd)/shared/data}"
export BPLAB_DATA="$data"
results=$(mktemp)
trap 'rm -f "$results"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
./.build/release/bplab-bench --data "$data" "$@" | tee -a "$results" >/dev/null
if python3 -c 'import numpy' 2>/dev/null; then
    python3 Benchmarks/python/bench_numpy.py "$@" >>"$results"
else
    echo "numpy not installed: its column stays empty"
fi
if python3 -c 'import torch' 2>/dev/null; then
    python3 Benchmarks/python/bench_torch.py "$@" >>"$results"
else
    echo "torch not installed (pip install torch): its column stays empty"
fi
echo
python3 Benchmarks/python/compare.py <"$results"

# The same products on the AVX2 instance of the kernels, where the processor also runs AVX-512.
if grep -qw avx512f /proc/cpuinfo; then
    BPLAB_KERNELS=avx2 ./.build/release/bplab-bench --data "$data" "$@" --workloads W2,W4 | python3 -c '
import json, sys
times = ", ".join("%s %.1f ms" % (r["workload"], r["median_s"] * 1e3) for r in map(json.loads, sys.stdin))
print("bplab on its AVX2 kernels (BPLAB_KERNELS=avx2) instead of AVX-512: " + times)'
fi

# Interactive latency of the release REPL.
bplab=./.build/release/bplab
if [ -x "$bplab" ]; then
    echo
    start=$(date +%s%N)
    for _ in $(seq 20); do "$bplab" -c quit; done
    echo "start to first command (bplab -c quit, mean of 20): $(( ($(date +%s%N) - start) / 20000 )) µs"
    tmp=$(mktemp -d)
    base=$(date +%s%N)
    "$bplab" -c "data circle n=200; net 2 8:tanh 1:sigmoid" >/dev/null
    mid=$(date +%s%N)
    "$bplab" -c "data circle n=200; net 2 8:tanh 1:sigmoid; export boundary $tmp/b.png res=200" >/dev/null
    end=$(date +%s%N)
    echo "200×200 boundary to PNG (incl. starting gnuplot): $(( (end - mid - (mid - base)) / 1000000 )) ms"
    rm -rf "$tmp"
fi
