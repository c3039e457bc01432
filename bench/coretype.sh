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
# When OPENBLAS_CORETYPE is already set (a machine that forces a family for every process, so the
# suite's first pass runs it), "other" is a family this CPU can run that differs from it.
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
  families=()
  if has avx512f && has avx512bw && has avx512vl; then
    families=(SkylakeX Haswell Sandybridge Nehalem)
  elif has avx2 && has fma; then
    families=(Haswell Sandybridge Nehalem)
  elif has avx; then
    families=(Sandybridge Nehalem)
  elif has sse4_2; then
    families=(Nehalem)
  fi
  native=${families[0]:-}
  forced=$(printf '%s' "${OPENBLAS_CORETYPE:-}" | tr '[:upper:]' '[:lower:]')
  for f in "${families[@]:1}" "${families[0]:-}"; do
    if [ -n "$f" ] && [ "$(printf '%s' "$f" | tr '[:upper:]' '[:lower:]')" != "$forced" ]; then
      other=$f
      break
    fi
  done
  # Only the CPU's own family and nothing forced: no other family.
  [ "${#families[@]}" -gt 1 ] || [ -n "$forced" ] || other=""
fi
if [ "$want" = native ]; then echo "$native"; else echo "$other"; fi
