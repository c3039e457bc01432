#!/usr/bin/env bash
# Runs zerograd's train-mnist (float32 and float64) and the NumPy and PyTorch references on the
# same machine, alternating them for ROUNDS rounds, and prints the median train seconds, final
# test accuracy, ratios and zerograd's GFLOP/s. Each reference also runs in the configurations
# the issue asks for (OPENBLAS_CORETYPE=SkylakeX; PyTorch on 1 and 2 threads); the best counts.
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
configs=(
  "zerograd float32|java -Xmx512m -jar $jar train-mnist --data-dir $raw"
  "zerograd float64|java -Xmx512m -jar $jar train-mnist --data-dir $raw --dtype float64"
  "numpy float64|$python $refs/numpy_two_layer.py $raw"
  "numpy float64 SkylakeX|env OPENBLAS_CORETYPE=SkylakeX $python $refs/numpy_two_layer.py $raw"
  "torch float32 1 thread|env OPENBLAS_CORETYPE=SkylakeX $python $refs/torch_two_layer.py $raw float32 1"
  "torch float32 2 threads|env OPENBLAS_CORETYPE=SkylakeX $python $refs/torch_two_layer.py $raw float32 2"
  "torch float64 1 thread|env OPENBLAS_CORETYPE=SkylakeX $python $refs/torch_two_layer.py $raw float64 1"
  "torch float64 2 threads|env OPENBLAS_CORETYPE=SkylakeX $python $refs/torch_two_layer.py $raw float64 2"
)

results=$(mktemp)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)" >&2
java -jar "$jar" buy-apple >/dev/null # warm the jar's native-library cache
for ((r = 1; r <= rounds; r++)); do
  n=${#configs[@]}
  for ((k = 0; k < n; k++)); do
    entry=${configs[$(((k + r - 1) % n))]}
    name=${entry%%|*}
    cmd=${entry#*|}
    out=$(bash -c "$cmd" 2>&1)
    line=$(result_of "$out")
    heap=$(printf '%s\n' "$out" | sed -n 's/^memory heap_after_gc_mib epoch2=\([0-9]*\) end=\([0-9]*\) heap_peak_mib=\([0-9]*\).*/\1 \2 \3/p')
    [ -n "$line" ] || { echo "no result from $name:" >&2; printf '%s\n' "$out" | tail -5 >&2; exit 1; }
    echo "round $r: $name: train_s ${line% *} test_acc ${line#* } ${heap:+heap MiB after GC at epoch 2, at the end, peak: $heap}" >&2
    echo "$name|$line|$heap" >> "$results"
  done
done

"$python" - "$results" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list); heaps = defaultdict(list)
for line in open(sys.argv[1]):
    name, res, heap = line.rstrip("\n").split("|")
    t, acc = res.split()
    runs[name].append((float(t), float(acc)))
    if heap:
        heaps[name].append([int(v) for v in heap.split()])
# FLOP of the workload: 10000 steps of batch 100 (two GEMMs forward, two backward; no input
# gradient) and 17 evaluations of 70000 images.
step = 2 * 100 * (784 * 50 + 50 * 10) + 2 * 784 * 100 * 50 + 2 * 50 * 100 * 10 + 2 * 100 * 10 * 50
flop = 10000 * step + 17 * 70000 * 2 * (784 * 50 + 50 * 10)
med = {n: statistics.median(t for t, _ in v) for n, v in runs.items()}
def best(prefix):
    names = [n for n in med if n.startswith(prefix)]
    return min(names, key=med.get)
print(f"\n{'configuration':28} {'median s':>9} {'min-max s':>13} {'test acc':>9} {'GFLOP/s':>8}")
for n, v in runs.items():
    ts = [t for t, _ in v]
    print(f"{n:28} {med[n]:9.2f} {min(ts):6.2f}-{max(ts):<6.2f} {v[-1][1]:9.4f} {flop / med[n] / 1e9:8.1f}")
zf, zd = med["zerograd float32"], med["zerograd float64"]
np_best, tf_best, td_best = best("numpy"), best("torch float32"), best("torch float64")
print(f"\nworkload {flop / 1e9:.1f} GFLOP; {len(next(iter(runs.values())))} rounds, medians")
print(f"zerograd float32 vs best PyTorch float32 ({tf_best}): {med[tf_best] / zf:.2f}x faster")
print(f"zerograd float32 vs best NumPy ({np_best}): {med[np_best] / zf:.2f}x faster")
print(f"zerograd float64 vs best NumPy ({np_best}): {med[np_best] / zd:.2f}x faster")
print(f"zerograd float64 vs best PyTorch float64 ({td_best}): {med[td_best] / zd:.2f}x faster")
for n, hs in heaps.items():
    print(f"{n}: heap in use after GC at epoch 2 / at the end {max(h[0] for h in hs)} / "
          f"{max(h[1] for h in hs)} MiB, peak {max(h[2] for h in hs)} MiB (under -Xmx512m)")
PY
