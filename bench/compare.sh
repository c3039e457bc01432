#!/usr/bin/env bash
# Runs zerograd's train-mnist (float32 and float64) and the NumPy and PyTorch references on the
# same machine, alternating them for ROUNDS rounds, and prints the median train seconds, final
# test accuracy, ratios and zerograd's GFLOP/s. Each reference also runs in its other honest
# configurations (this CPU's kernel family forced, from bench/coretype.sh; PyTorch on 1 and 2
# threads); the best counts. A configuration that crashes is reported as failed; the table goes on.
#
#   bench/compare.sh [ROUNDS]        (default 3; MNIST from $MNIST_DIR or ../shared/datasets/mnist)
#
# Needs python3 with numpy and torch on OpenBLAS (Debian: apt-get install python3-numpy
# python3-torch libopenblas0-pthread); refuses to print ratios when they would run on the
# reference BLAS. bench/sweep.sh is the sibling that sweeps hidden width and batch size.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
rounds=${1:-3}
mnist=${MNIST_DIR:-$(pwd)/../shared/datasets/mnist}
refs=${REFS_DIR:-$(pwd)/../shared/bench}
python=${PYTHON:-/usr/bin/python3}
jar=examples/target/zerograd-examples.jar

[ -f "$jar" ] || mvn -B -q -pl examples -am -DskipTests package
"$python" -c 'import numpy, torch' 2>/dev/null || {
  echo "compare.sh needs $python with numpy and torch: apt-get install python3-numpy python3-torch" >&2
  exit 1
}
# No ratios against references that run on the reference BLAS (apt-get install libopenblas0-pthread).
bash bench/check-reference-blas.sh "$python"

# The references read raw idx files; decompress once.
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
raw_mnist "$mnist" "$raw"

# name | command; every command prints "train_s T final_test_acc A" (zerograd's RESULT is mapped).
# Debian's OpenBLAS 0.3.21 does not recognise every newer CPU (on Sapphire Rapids it picked
# kernels 4x slower), so the references also run with this CPU's own kernel family forced, when
# coretype.sh names one; the best configuration of each counts.
configs=(
  "zerograd float32|java -Xmx512m -jar $jar train-mnist --data-dir $raw"
  "zerograd float64|java -Xmx512m -jar $jar train-mnist --data-dir $raw --dtype float64"
  "numpy float64|$python $refs/numpy_two_layer.py $raw"
)
[ -z "$native_core" ] || configs+=("numpy float64 $native_core|$native_env$python $refs/numpy_two_layer.py $raw")
for dt in float32 float64; do
  configs+=(
    "torch $dt 1 thread|$native_env$python $refs/torch_two_layer.py $raw $dt 1"
    "torch $dt 2 threads|$native_env$python $refs/torch_two_layer.py $raw $dt 2"
  )
done

results=$(mktemp)
trap 'rm -rf "$raw" "$results"' EXIT
machine_line >&2
echo "references: OPENBLAS_CORETYPE=${native_core:-none, OpenBLAS chooses}" >&2
java -jar "$jar" buy-apple >/dev/null # warm the jar's native-library cache
heap_of() {
  printf '%s\n' "$1" | sed -n 's/^memory heap_after_gc_mib epoch2=\([0-9]*\) end=\([0-9]*\) heap_peak_mib=\([0-9]*\).*/\1 \2 \3/p'
}
EXTRA_OF=heap_of rotate_runs "$rounds" "$results" "${configs[@]}"

"$python" - "$results" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list); heaps = defaultdict(list); failed = defaultdict(list)
for line in open(sys.argv[1]):
    name, res, extra = line.rstrip("\n").split("|", 2)
    if res == "failed":
        failed[name].append(extra)
        runs.setdefault(name, [])
        continue
    t, acc = res.split()
    runs[name].append((float(t), float(acc)))
    if extra:
        heaps[name].append([int(v) for v in extra.split()])
# FLOP of the workload: 10000 steps of batch 100 (two GEMMs forward, two backward; no input
# gradient) and 17 evaluations of 70000 images.
step = 2 * 100 * (784 * 50 + 50 * 10) + 2 * 784 * 100 * 50 + 2 * 50 * 100 * 10 + 2 * 100 * 10 * 50
flop = 10000 * step + 17 * 70000 * 2 * (784 * 50 + 50 * 10)
med = {n: statistics.median(t for t, _ in v) for n, v in runs.items() if v}
def best(prefix):
    names = [n for n in med if n.startswith(prefix)]
    return min(names, key=med.get) if names else None
print(f"\n{'configuration':28} {'median s':>9} {'min-max s':>13} {'test acc':>9} {'GFLOP/s':>8}")
for n, v in runs.items():
    ts = [t for t, _ in v]
    note = f"  ({len(failed[n])} run(s) failed: {failed[n][0]})" if failed[n] else ""
    if not v:
        print(f"{n:28} {'failed':>9}{note}")
        continue
    print(f"{n:28} {med[n]:9.2f} {min(ts):6.2f}-{max(ts):<6.2f} {v[-1][1]:9.4f} {flop / med[n] / 1e9:8.1f}{note}")
print(f"\nworkload {flop / 1e9:.1f} GFLOP; {max(len(v) + len(failed[n]) for n, v in runs.items())} rounds, medians")
def ratio(ours, prefix, what):
    other = best(prefix)
    if ours not in med or other is None:
        print(f"{ours} vs best {what}: no ratio (a configuration failed every round)")
        return
    print(f"{ours} vs best {what} ({other}): {med[other] / med[ours]:.2f}x faster")
ratio("zerograd float32", "torch float32", "PyTorch float32")
ratio("zerograd float32", "numpy", "NumPy")
ratio("zerograd float64", "numpy", "NumPy")
ratio("zerograd float64", "torch float64", "PyTorch float64")
for n, hs in heaps.items():
    print(f"{n}: heap in use after GC at epoch 2 / at the end {max(h[0] for h in hs)} / "
          f"{max(h[1] for h in hs)} MiB, peak {max(h[2] for h in hs)} MiB (under -Xmx512m)")
PY
