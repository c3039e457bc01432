#!/usr/bin/env bash
# Refuses to go on when NumPy or PyTorch would multiply matrices with the reference BLAS: on a
# fresh Debian machine without libopenblas0, libblas.so.3 is netlib's reference implementation
# and PyTorch float32 took 56 s instead of 5.2-5.9 s, which makes every ratio meaningless.
#
#   bench/check-reference-blas.sh [PYTHON]
set -euo pipefail
python=${1:-/usr/bin/python3}
libs=$("$python" - <<'PY'
import os, numpy, torch
a = numpy.ones((64, 64)); a @ a
t = torch.ones(64, 64); t @ t
seen = set()
for line in open("/proc/self/maps"):
    path = line.split()[-1] if len(line.split()) >= 6 else ""
    name = os.path.basename(path)
    if "blas" in name or "lapack" in name or "mkl" in name:
        seen.add(os.path.realpath(path))
print("\n".join(sorted(seen)))
PY
) || { echo "check-reference-blas: $python cannot import numpy and torch (apt-get install python3-numpy python3-torch)" >&2; exit 1; }
if printf '%s\n' "$libs" | grep -qi -e openblas -e mkl; then
  echo "references' BLAS: $(printf '%s\n' "$libs" | grep -i -e openblas -e mkl | paste -sd' ' -)" >&2
  exit 0
fi
echo "check-reference-blas: NumPy and PyTorch would run on the reference BLAS ($(printf '%s\n' "$libs" | paste -sd' ' -)), not OpenBLAS: the ratios would be meaningless. Install it: sudo apt-get install libopenblas0-pthread (Debian/Ubuntu), then run again." >&2
exit 1
