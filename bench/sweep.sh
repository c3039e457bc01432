#!/usr/bin/env bash
# Where zerograd wins and where it does not: the textbook's training step (784-H-10, float32,
# SGD) over hidden widths 50-1000 and batch sizes 100-1000, zerograd with its defaults against
# PyTorch at its best thread count (1 or 2, whichever is faster in that cell), on the same machine
# in one run. Prints microseconds per step, the ratio, and zerograd's GFLOP/s against this CPU's
# nominal peak.
#
#   bench/sweep.sh [HIDDEN...]     (default: 50 100 200 500 1000; batches 100 500 1000)
#
# Needs python3 with torch, on OpenBLAS (see compare.sh), and the bench jar
# (mvn -B -q -pl bench -am -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-/usr/bin/python3}
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q -pl bench -am -DskipTests package
bash bench/check-reference-blas.sh "$python"

hiddens=("$@")
[ ${#hiddens[@]} -gt 0 ] || hiddens=(50 100 200 500 1000)
batches=(100 500 1000)
cores=$(nproc)
ghz=$(awk -F: '/^cpu MHz/ { print $2 / 1000; exit }' /proc/cpuinfo)
# FP32 FLOP per cycle per core: two FMA units of 16 lanes with AVX-512, of 8 with AVX2.
if grep -q avx512f /proc/cpuinfo; then per_cycle=64; else per_cycle=32; fi
peak1=$(awk -v g="$ghz" -v p="$per_cycle" 'BEGIN { printf "%.0f", g * p }')
echo "machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ${ghz} GHz nominal;" \
  "FP32 peak ${peak1} GFLOP/s per core, $((peak1 * cores)) in all"
printf '%-8s %-6s %14s %14s %12s %8s %9s %7s\n' hidden batch "zerograd us" "torch us" "torch best" ratio GFLOP/s "% peak"
for h in "${hiddens[@]}"; do
  for b in "${batches[@]}"; do
    # FLOP per step: forward 2*B*(784H + 10H), backward 2*B*784*H (dW1) + 4*B*10*H (dW2, dh).
    flop=$(( 2 * b * (784 * h + 10 * h) + 2 * b * 784 * h + 4 * b * 10 * h ))
    steps=$(( 30000000000 / flop )); [ $steps -ge 20 ] || steps=20; [ $steps -le 1000 ] || steps=1000
    z=$(java -Xmx1g -cp "$jar" dev.zerograd.bench.SweepStep "$h" "$b" "$steps" | sed -n 's/^us_per_step //p')
    t1=$("$python" bench/torch_sweep.py "$h" "$b" "$steps" 1 | sed -n 's/^us_per_step //p')
    t2=$("$python" bench/torch_sweep.py "$h" "$b" "$steps" 2 | sed -n 's/^us_per_step //p')
    awk -v h="$h" -v b="$b" -v z="$z" -v t1="$t1" -v t2="$t2" -v f="$flop" -v p="$((peak1 * cores))" 'BEGIN {
      t = t1 < t2 ? t1 : t2; best = t1 < t2 ? "1 thread" : "2 threads"
      gf = f / z / 1e3
      printf "%-8s %-6s %14.1f %14.1f %12s %7.2fx %9.1f %6.0f%%\n", h, b, z, t, best, t / z, gf, 100 * gf / p
    }'
  done
done
echo "ratio: PyTorch's time over zerograd's (above 1: zerograd faster); % peak: of all cores' FP32 peak"
