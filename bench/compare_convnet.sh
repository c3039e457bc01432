#!/usr/bin/env bash
# The textbook's SimpleConvNet on MNIST, zerograd's train-convnet against PyTorch's
# (../shared/bench/torch_simple_convnet.py) on 1 and 2 threads, the same net and schedule (Adam
# lr 0.001, batch 100, 600 iterations per epoch, per-epoch accuracy on 1000 images, final
# accuracy on the full test set), alternating for ROUNDS rounds; prints seconds per epoch
# (medians), the final test accuracy and the ratio against PyTorch's best configuration.
#
#   bench/compare_convnet.sh [EPOCHS] [ROUNDS]     (defaults 1 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
epochs=${1:-1}
rounds=${2:-3}
mnist=${MNIST_DIR:-$(pwd)/../shared/datasets/mnist}
refs=${REFS_DIR:-$(pwd)/../shared/bench}
python=${PYTHON:-/usr/bin/python3}
jar=examples/target/zerograd-examples.jar
[ -f "$jar" ] || mvn -B -q -pl examples -am -DskipTests package
bash bench/check-reference-blas.sh "$python"

raw=$(mktemp -d)
results=$(mktemp)
trap 'rm -rf "$raw" "$results"' EXIT
raw_mnist "$mnist" "$raw"
configs=(
  "zerograd float32|java -Xmx1g -jar $jar train-convnet --data-dir $raw --epochs $epochs"
  "torch float32 1 thread|$python $refs/torch_simple_convnet.py $raw float32 1 $epochs"
  "torch float32 2 threads|$python $refs/torch_simple_convnet.py $raw float32 2 $epochs"
)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
for ((r = 1; r <= rounds; r++)); do
  n=${#configs[@]}
  for ((k = 0; k < n; k++)); do
    entry=${configs[$(((k + r - 1) % n))]}
    name=${entry%%|*}
    out=$(bash -c "${entry#*|}" 2>&1)
    line=$(result_of "$out")
    [ -n "$line" ] || { echo "no result from $name:" >&2; printf '%s\n' "$out" | tail -5 >&2; exit 1; }
    echo "round $r: $name: train_s ${line% *} test_acc ${line#* }" >&2
    echo "$name|$line" >> "$results"
  done
done
"$python" - "$results" "$epochs" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list)
for line in open(sys.argv[1]):
    name, res = line.rstrip("\n").split("|")
    t, acc = res.split()
    runs[name].append((float(t), float(acc)))
epochs = int(sys.argv[2])
med = {n: statistics.median(t for t, _ in v) for n, v in runs.items()}
print(f"\n{'configuration':26} {'s/epoch':>8} {'min-max s':>15} {'test acc':>9}")
for n, v in runs.items():
    ts = [t for t, _ in v]
    print(f"{n:26} {med[n] / epochs:8.2f} {min(ts):7.2f}-{max(ts):<7.2f} {v[-1][1]:9.4f}")
best = min((n for n in med if n.startswith("torch")), key=med.get)
print(f"\nzerograd vs best PyTorch ({best}): {med[best] / med['zerograd float32']:.2f}x"
      f" ({'faster' if med[best] > med['zerograd float32'] else 'slower'}); {epochs} epoch(s),"
      f" {len(next(iter(runs.values())))} rounds, medians")
PY
