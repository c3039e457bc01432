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
source bench/common.sh
python=${PYTHON:-/usr/bin/python3}
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q -pl bench -am -DskipTests package
bash bench/check-reference-blas.sh "$python"

hiddens=("$@")
[ ${#hiddens[@]} -gt 0 ] || hiddens=(50 100 200 500 1000)
batches=(100 500 1000)
cores=$(nproc)
ghz=$(awk -F: '/^cpu MHz/ { print $2 / 1000; exit }' /proc/cpuinfo)
# FP32 FLOP per cycle per core: two FMA units of 16 lanes with AVX-512, of 8 with AVX2 (Intel and
# AMD Zen 3 alike); unknown elsewhere (no % of peak is printed then).
if grep -q avx512f /proc/cpuinfo; then per_cycle=64; elif grep -q avx2 /proc/cpuinfo; then per_cycle=32; else per_cycle=0; fi
peak1=$(awk -v g="${ghz:-0}" -v p="$per_cycle" 'BEGIN { printf "%.0f", g * p }')
machine_line
echo "${ghz:-unknown} GHz nominal; FP32 peak ${peak1} GFLOP/s per core, $((peak1 * cores)) in all (0: unknown);" \
  "PyTorch with OPENBLAS_CORETYPE=${native_core:-none, OpenBLAS chooses}"
printf '%-8s %-6s %14s %14s %12s %8s %9s %7s\n' hidden batch "zerograd us" "torch us" "torch best" ratio GFLOP/s "% peak"
for h in "${hiddens[@]}"; do
  for b in "${batches[@]}"; do
    # FLOP per step: forward 2*B*(784H + 10H), backward 2*B*784*H (dW1) + 4*B*10*H (dW2, dh).
    flop=$(( 2 * b * (784 * h + 10 * h) + 2 * b * 784 * h + 4 * b * 10 * h ))
    steps=$(( 30000000000 / flop )); [ $steps -ge 20 ] || steps=20; [ $steps -le 1000 ] || steps=1000
    # A configuration that crashes leaves its cell "failed"; the sweep goes on.
    z=$( (java -Xmx1g -cp "$jar" dev.zerograd.bench.SweepStep "$h" "$b" "$steps" 2>&1 || true) | sed -n 's/^us_per_step //p')
    t1=$( (${native_env}"$python" bench/torch_sweep.py "$h" "$b" "$steps" 1 2>&1 || true) | sed -n 's/^us_per_step //p')
    t2=$( (${native_env}"$python" bench/torch_sweep.py "$h" "$b" "$steps" 2 2>&1 || true) | sed -n 's/^us_per_step //p')
    awk -v h="$h" -v b="$b" -v z="$z" -v t1="$t1" -v t2="$t2" -v f="$flop" -v p="$((peak1 * cores))" 'BEGIN {
      if (t1 == "" && t2 == "") { t = ""; best = "failed" }
      else if (t2 == "" || (t1 != "" && t1 + 0 < t2 + 0)) { t = t1; best = "1 thread" }
      else { t = t2; best = "2 threads" }
      if (z == "" || t == "") {
        printf "%-8s %-6s %14s %14s %12s %8s\n", h, b, z == "" ? "failed" : z, t == "" ? "failed" : t, best, "n/a"
        exit
      }
      gf = f / z / 1e3
      pct = p > 0 ? sprintf("%6.0f%%", 100 * gf / p) : "   n/a"
      printf "%-8s %-6s %14.1f %14.1f %12s %7.2fx %9.1f %s\n", h, b, z, t, best, t / z, gf, pct
    }'
  done
done
echo "ratio: PyTorch's time over zerograd's (above 1: zerograd faster); % peak: of all cores' FP32 peak"
