#!/usr/bin/env bash
# A real Spark standalone cluster on loopback, from Maven's Spark jars: a master and two workers of
# one core each (separate JVMs, executors launched by the workers), README.md's cluster command
# submitted as written, and one executor killed with kill -9 mid-run. Checks:
#   - the RESULT line, and that it equals the local[2] run's ($2) in every number that does not
#     depend on timing (accuracies and the parameters' hash: the result is unchanged by the kill),
#   - that the executors ran the bundled OpenBLAS (their log says so),
#   - that the killed executor was replaced and the run still finished.
# Stops everything it started, by PID.
# Then synchronous training (barrier stages, the tasks' all-reduce across the executors' JVMs) on
# the cluster against the same on local[2], equal but for time.
# Usage: .ci/spark-cluster.sh 'README cluster command' 'RESULT line of the local[2] run'
set -euo pipefail
cd "$(dirname "$0")/.."
command=$1
expected=$2

work=$(mktemp -d)
# shellcheck source=../bench/standalone.sh
source bench/standalone.sh
trap 'stop_cluster; rm -rf "$work"' EXIT
start_cluster "$work" 2
echo "+ cluster up: $SPARK_MASTER, 2 workers x 1 core"

echo "+ $command"
log="$work/run.log"
bash -euo pipefail -c "$command" > "$log" 2>&1 &
run=$!
cluster_pids+=("$run")
# Kill one executor once training is under way (a few rounds printed).
killed=""
# At most 15 minutes (the run takes under one, the recovery well under one more): a hang fails.
for _ in $(seq 1800); do
  if ! kill -0 "$run" 2>/dev/null; then break; fi
  if [ -z "$killed" ] && [ "$(grep -c '^round ' "$log" || true)" -ge 2 ]; then
    killed=$(children "${workers[0]}" | head -1)
    if [ -n "$killed" ]; then
      echo "+ kill -9 executor $killed (of worker 1) mid-run"
      kill -9 "$killed"
    fi
  fi
  sleep 0.5
done
if kill -0 "$run" 2>/dev/null; then
  echo "the cluster run did not finish within 15 minutes:" >&2
  tail -40 "$log" >&2
  exit 1
fi
wait "$run" || { echo "the cluster run failed:" >&2; tail -40 "$log" >&2; exit 1; }
grep -v ' WARN \|^\s' "$log" | tail -5
[ -n "$killed" ] || { echo "no executor was killed: the run ended too soon" >&2; exit 1; }

result=$(grep '^RESULT ' "$log") || { echo "no RESULT line from the cluster run" >&2; exit 1; }
strip() { printf '%s\n' "$1" | sed 's/ train_seconds=[0-9.]*//'; }
[ "$(strip "$result")" = "$(strip "$expected")" ] || {
  echo "the cluster run differs from local[2]:" >&2
  echo "  cluster: $result" >&2
  echo "  local:   $expected" >&2
  exit 1
}
# The executors' logs (each under a worker's work dir) name the BLAS they ran.
grep -rh 'zerograd on this executor' "$work"/worker*/ | head -3
if ! grep -rqh 'zerograd on this executor: BLAS: bundled OpenBLAS' "$work"/worker*/; then
  echo "the executors did not run the bundled OpenBLAS" >&2
  exit 1
fi
executors=$(find "$work"/worker* -mindepth 2 -maxdepth 2 -type d | wc -l)
[ "$executors" -ge 3 ] || { echo "expected a replacement executor, found $executors" >&2; exit 1; }
echo "+ cluster run: $result (equal to local[2] but for time; $executors executors, one killed)"

# Synchronous mode: the tasks of each barrier stage sum gradients over sockets between the two
# executors; the result must be local[2]'s, bit for bit.
sync_args=(--class dev.zerograd.spark.examples.TrainMnistOnSpark spark/target/zerograd-spark-app.jar
  --mode sync --rounds 400 --data-dir "$MNIST_DIR")
cluster_sync=$(timeout 600 "$SPARK_HOME/bin/spark-submit" --master "$SPARK_MASTER" "${sync_args[@]}" 2>"$work/sync.err" \
  | grep '^RESULT ') || { echo "the synchronous cluster run failed:" >&2; tail -n 30 "$work/sync.err" >&2; exit 1; }
local_sync=$(timeout 600 "$SPARK_HOME/bin/spark-submit" --master 'local[2]' "${sync_args[@]}" 2>"$work/sync.err" \
  | grep '^RESULT ') || { echo "the synchronous local run failed:" >&2; tail -n 30 "$work/sync.err" >&2; exit 1; }
[ "$(strip "$cluster_sync")" = "$(strip "$local_sync")" ] || {
  echo "synchronous training on the cluster differs from local[2]:" >&2
  echo "  cluster: $cluster_sync" >&2
  echo "  local:   $local_sync" >&2
  exit 1
}
echo "+ synchronous on the cluster: $cluster_sync (equal to local[2] but for time)"
