#!/usr/bin/env bash
# The book's experiments at full size (chapters 4, 6, 7 and 8): runs each program of README's
# "The book's experiments" table with the book's settings, writes its figure into docs/book/ and
# its output into docs/book/NAME.txt (the numbers README quotes), and times it. A program that
# fails is reported as failed and the others go on; the exit status says whether any failed.
#
#   bench/book_figures.sh [NAME...]    (default: all but deepconvnet, which takes about 30 min)
#
# NAMEs: numerical gradient-descent optimizer-paths optimizer-comparison activation-histograms
# weight-init-comparison batch-norm overfit overfit-weight-decay overfit-dropout
# hyperparameter-search convnet-filters deepconvnet
set -euo pipefail
cd "$(dirname "$0")/.."
mnist=${MNIST_DIR:-$(pwd)/../shared/datasets/mnist}
out=docs/book
jar=examples/target/zerograd-examples.jar
[ -f "$jar" ] || mvn -B -q -pl examples -am -DskipTests package
mkdir -p "$out"
# The jar is copied, so that a rebuild during a long run cannot change the classes under it.
copy=$(mktemp --suffix=.jar)
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
d="--data-dir $mnist"
declare -A runs=(
  [numerical]="train-numerical $d --plot $out/numerical.png"
  [gradient-descent]="gradient-descent --plot $out/gradient-descent.png"
  [optimizer-paths]="optimizer-paths --plot $out/optimizer-paths.png"
  [optimizer-comparison]="optimizer-comparison $d --plot $out/optimizer-comparison.png"
  [activation-histograms]="activation-histograms --plot $out/activation-histograms.png"
  [weight-init-comparison]="weight-init-comparison $d --plot $out/weight-init-comparison.png"
  [batch-norm]="batch-norm-comparison $d --plot $out/batch-norm.png"
  [overfit]="overfit $d --plot $out/overfit.png"
  [overfit-weight-decay]="overfit $d --regularization weight-decay --plot $out/overfit-weight-decay.png"
  [overfit-dropout]="overfit $d --regularization dropout --plot $out/overfit-dropout.png"
  [hyperparameter-search]="hyperparameter-search $d --plot $out/hyperparameter-search.png"
  [convnet-filters]="convnet-filters $d --plot $out/convnet-filters.png --apply $out/convnet-apply.png"
  [deepconvnet]="train-deepconvnet $d --misclassified $out/deepconvnet-misclassified.png"
)
order=(numerical gradient-descent optimizer-paths optimizer-comparison activation-histograms
  weight-init-comparison batch-norm overfit overfit-weight-decay overfit-dropout
  hyperparameter-search convnet-filters)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${order[@]}")
for n in "${names[@]}"; do
  [ -n "${runs[$n]:-}" ] || { echo "book_figures.sh: no program named $n" >&2; exit 2; }
done
failed=0
for n in "${names[@]}"; do
  start=$(date +%s.%N)
  if java -Xmx2g -jar "$copy" ${runs[$n]} > "$out/$n.txt" 2> "$out/$n.err"; then
    printf '%-24s %8.1f s  %s\n' "$n" "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" \
      "$(grep -m1 '^RESULT' "$out/$n.txt" || tail -n1 "$out/$n.txt")"
    rm -f "$out/$n.err"
  else
    printf '%-24s FAILED: %s\n' "$n" "$(tail -n1 "$out/$n.err")"
    failed=1
  fi
done
exit $failed
