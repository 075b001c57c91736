#!/usr/bin/env bash
# make bench: W1–W4 in bplab, NumPy and PyTorch (when installed) in one run,
# one table of times and ratios, then interactive latencies of the REPL.
# Usage: Benchmarks/run.sh [--runs N] [--workloads W1,W2,W3,W4]
# (BPLAB_DATA names another data folder.)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${BPLAB_DATA:-$PWD/sessions/data}"
export BPLAB_DATA="$data"
# The references run on the project's own Python with the pinned numpy and
# torch (scripts/install-python-packages, which make bench runs, creates it);
# without it they are skipped, and the system's python3 still prints the table
# (compare.py needs only the standard library).
python=.venv/bin/python3
[ -x "$python" ] || echo "no $python (scripts/install-python-packages creates it): the NumPy and PyTorch columns stay empty"
results=$(mktemp)
trap 'rm -f "$results"' EXIT

runs=5 workloads=W1,W2,W3,W4
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --workloads) workloads=$2; shift 2 ;;
        *) echo "usage: Benchmarks/run.sh [--runs N] [--workloads W1,W2,W3,W4]" >&2; exit 2 ;;
    esac
done
bench() { ./.build/release/bplab-bench --data "$data" --runs "$runs" "$@"; }

# Where it ran: the processor, the kernel tiling chosen for it, OpenBLAS's kernel choice.
bench --machine >>"$results"
# Every workload after the others in one process, then each in fresh
# processes: ten for the two-core ones (W2, W4), whose spread across all
# processes (beside a busy core too) compare.py flags beyond 15%.
bench --workloads "$workloads" --process after-others >>"$results"
for workload in ${workloads//,/ }; do
    case $workload in W2|W4) fresh=10 ;; *) fresh=3 ;; esac
    for _ in $(seq "$fresh"); do bench --workloads "$workload" --process fresh >>"$results"; done
done
# The two-core ones again, five fresh processes each, beside a busy loop pinned
# to the last CPU: splitting must notice when the other core is taken.
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    for workload in ${workloads//,/ }; do
        case $workload in W2|W4) ;; *) continue ;; esac
        taskset -c "$(( $(nproc) - 1 ))" sh -c 'while :; do :; done' &
        busy=$!
        for _ in 1 2 3 4 5; do bench --workloads "$workload" --process beside-busy >>"$results"; done
        kill "$busy"
        wait "$busy" 2>/dev/null || true
    done
fi
# reference MODULE SCRIPT: that script's JSON lines, one fresh process per
# workload (so each line's peak memory is that workload's), or why its column stays empty.
reference() {
    local module=$1 script=$2
    [ -x "$python" ] || return 0
    if "$python" -c "import $module" 2>/dev/null; then
        for workload in ${workloads//,/ }; do
            "$python" "Benchmarks/python/$script" --data "$data" --runs "$runs" --workloads "$workload" >>"$results"
        done
    else
        echo "$module not installed in $python: its column stays empty"
    fi
}
reference numpy bench_numpy.py
reference torch bench_torch.py
python3 Benchmarks/python/compare.py <"$results"

# The same products on the AVX2 instance of the kernels, where the processor also runs AVX-512.
if grep -qw avx512f /proc/cpuinfo; then
    BPLAB_KERNELS=avx2 bench --workloads W2,W4 | python3 -c '
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
