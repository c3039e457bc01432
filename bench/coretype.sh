#!/usr/bin/env bash
# Prints an OPENBLAS_CORETYPE for this CPU, chosen from its flags (/proc/cpuinfo), so that scripts
# run on any x86-64 or aarch64 host:
#
#   bench/coretype.sh native   the family of this CPU's own widest kernels, for a reference BLAS
#                              that may not recognise a newer CPU (empty: let OpenBLAS choose)
#   bench/coretype.sh other    another family this CPU can run, for a test pass that must see the
#                              rounding another CPU's kernels give (empty when there is none)
#
# AVX-512 -> SkylakeX / Haswell; AVX2 (Intel or AMD Zen) -> Haswell / Sandybridge; AVX only ->
# Sandybridge / Nehalem; SSE4.2 -> Nehalem / none; aarch64 -> none / ARMV8 (the generic kernels).
set -euo pipefail
want=${1:-native}
case "$want" in native|other) ;; *) echo "usage: $0 native|other" >&2; exit 2 ;; esac

arch=$(uname -m)
native="" other=""
if [ "$arch" = aarch64 ] || [ "$arch" = arm64 ]; then
  other=ARMV8
elif [ "$arch" = x86_64 ]; then
  flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
  has() { case "$flags" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
  if has avx512f && has avx512bw && has avx512vl; then
    native=SkylakeX other=Haswell
  elif has avx2 && has fma; then
    native=Haswell other=Sandybridge
  elif has avx; then
    native=Sandybridge other=Nehalem
  elif has sse4_2; then
    native=Nehalem
  fi
fi
if [ "$want" = native ]; then echo "$native"; else echo "$other"; fi
