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
