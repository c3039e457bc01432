# Shared by compare.sh and compare_convnet.sh (sourced, not run).

# Copies MNIST's four files from $1 into the new directory $2, decompressing .gz: the
# references read raw idx files.
raw_mnist() {
  local from=$1 to=$2 f
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    if [ -f "$from/$f" ]; then cp "$from/$f" "$to/"; else gunzip -c "$from/$f.gz" > "$to/$f"; fi
  done
}

# The "seconds accuracy" of a run's output: zerograd's RESULT line or a reference's last line.
result_of() {
  printf '%s\n' "$1" | sed -n \
    -e 's/^RESULT .*test_acc=\([0-9.]*\) train_seconds=\([0-9.]*\).*/\2 \1/p' \
    -e 's/^load_s [0-9.]* train_s \([0-9.]*\) final_test_acc \([0-9.]*\).*/\1 \2/p'
}

# The machine, for the first line of every table.
machine_line() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | xargs), $(uname -m), $(java -version 2>&1 | head -1)"
}

# Runs every configuration ROUNDS times, in an order rotated each round, and appends one line per
# run to RESULTS: "name|seconds accuracy|extra", or "name|failed|why" when a configuration crashed
# or printed no result (an unsupported OPENBLAS_CORETYPE, say): a failure is reported and the
# table goes on. EXTRA_OF, when set, names a function that maps a run's output to the extra field.
#
#   rotate_runs ROUNDS RESULTS "name|command" ...
rotate_runs() {
  local rounds=$1 results=$2 r k n entry name cmd out line extra status
  shift 2
  local configs=("$@")
  n=${#configs[@]}
  for ((r = 1; r <= rounds; r++)); do
    for ((k = 0; k < n; k++)); do
      entry=${configs[$(((k + r - 1) % n))]}
      name=${entry%%|*}
      cmd=${entry#*|}
      status=0
      out=$(bash -c "$cmd" 2>&1) || status=$?
      line=$(result_of "$out")
      if [ -z "$line" ]; then
        why="exit $status: $(printf '%s\n' "$out" | { grep -v '^\s*$' || true; } | tail -1 | cut -c1-160)"
        echo "round $r: $name: FAILED ($why)" >&2
        echo "$name|failed|$why" >> "$results"
        continue
      fi
      extra=""
      [ -z "${EXTRA_OF:-}" ] || extra=$("$EXTRA_OF" "$out")
      echo "round $r: $name: train_s ${line% *} test_acc ${line#* }${extra:+ ($extra)}" >&2
      echo "$name|$line|$extra" >> "$results"
    done
  done
}

# OPENBLAS_CORETYPE settings chosen from this CPU's flags (bench/coretype.sh): the native
# family, for references whose OpenBLAS may not recognise a newer CPU, and an env prefix for it.
native_core=$(bash "$(dirname "${BASH_SOURCE[0]}")/coretype.sh" native)
native_env=${native_core:+env OPENBLAS_CORETYPE=$native_core }
