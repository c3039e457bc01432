#!/usr/bin/env bash
# The textbook's SimpleConvNet on MNIST, zerograd's train-convnet against PyTorch's
# (../shared/bench/torch_simple_convnet.py) on 1 and 2 threads, the same net and schedule (Adam
# lr 0.001, batch 100, 600 iterations per epoch, per-epoch accuracy on 1000 images, final
# accuracy on the full test set), alternating for ROUNDS rounds; prints seconds per epoch
# (medians), the final test accuracy and the ratio against PyTorch's best configuration. PyTorch
# runs with this CPU's kernel family forced (bench/coretype.sh); a configuration that crashes is
# reported as failed and the table goes on.
#
#   bench/compare_convnet.sh [EPOCHS] [ROUNDS] [NET]   (defaults 1, 3 and simple)
#
# NET: simple (train-convnet against ../shared/bench/torch_simple_convnet.py) or deep (the
# chapter-8 DeepConvNet, train-deepconvnet against bench/torch_deep_convnet.py).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
epochs=${1:-1}
rounds=${2:-3}
net=${3:-simple}
mnist=${MNIST_DIR:-$(pwd)/../shared/datasets/mnist}
refs=${REFS_DIR:-$(pwd)/../shared/bench}
case "$net" in
  simple) program=train-convnet; reference=$refs/torch_simple_convnet.py ;;
  deep) program=train-deepconvnet; reference=bench/torch_deep_convnet.py ;;
  *) echo "compare_convnet.sh: NET is simple or deep, not $net" >&2; exit 2 ;;
esac
python=${PYTHON:-/usr/bin/python3}
jar=examples/target/zerograd-examples.jar
[ -f "$jar" ] || mvn -B -q -pl examples -am -DskipTests package
bash bench/check-reference-blas.sh "$python"

raw=$(mktemp -d)
results=$(mktemp)
trap 'rm -rf "$raw" "$results"' EXIT
raw_mnist "$mnist" "$raw"
configs=(
  "zerograd float32|java -Xmx2g -jar $jar $program --data-dir $raw --epochs $epochs"
  "torch float32 1 thread|$native_env$python $reference $raw float32 1 $epochs"
  "torch float32 2 threads|$native_env$python $reference $raw float32 2 $epochs"
)
machine_line >&2
echo "references: OPENBLAS_CORETYPE=${native_core:-none, OpenBLAS chooses}" >&2
rotate_runs "$rounds" "$results" "${configs[@]}"
"$python" - "$results" "$epochs" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list); failed = defaultdict(list)
for line in open(sys.argv[1]):
    name, res, extra = line.rstrip("\n").split("|", 2)
    runs.setdefault(name, [])
    if res == "failed":
        failed[name].append(extra)
        continue
    t, acc = res.split()
    runs[name].append((float(t), float(acc)))
epochs = int(sys.argv[2])
med = {n: statistics.median(t for t, _ in v) for n, v in runs.items() if v}
print(f"\n{'configuration':26} {'s/epoch':>8} {'min-max s':>15} {'test acc':>9}")
for n, v in runs.items():
    note = f"  ({len(failed[n])} run(s) failed: {failed[n][0]})" if failed[n] else ""
    if not v:
        print(f"{n:26} {'failed':>8}{note}")
        continue
    ts = [t for t, _ in v]
    print(f"{n:26} {med[n] / epochs:8.2f} {min(ts):7.2f}-{max(ts):<7.2f} {v[-1][1]:9.4f}{note}")
torch = [n for n in med if n.startswith("torch")]
if "zerograd float32" in med and torch:
    best = min(torch, key=med.get)
    z = med["zerograd float32"]
    print(f"\nzerograd vs best PyTorch ({best}): {med[best] / z:.2f}x"
          f" ({'faster' if med[best] > z else 'slower'}); {epochs} epoch(s), medians")
else:
    print("\nno ratio: a configuration failed every round")
PY
