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
pids=()
# The children of a process, from /proc (no procps needed).
children() {
  local s pid comm state ppid rest
  for s in /proc/[0-9]*/stat; do
    read -r pid comm state ppid rest < "$s" 2>/dev/null || continue
    [ "$ppid" = "$1" ] && echo "$pid"
  done
  return 0
}
cleanup() {
  for p in "${pids[@]}"; do
    for c in $(children "$p"); do kill -9 "$c" 2>/dev/null || true; done # executors
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The minimal SPARK_HOME a worker needs: jars/ (Spark and its dependencies, as Maven resolves them
# for the spark module, without zerograd and what only zerograd needs: the application jar brings
# those) and, for the command, bin/spark-submit (what Spark's own script runs).
export SPARK_HOME="$work/spark"
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/bin" "$SPARK_HOME/conf"
mvn -B -q -pl spark dependency:copy-dependencies -DincludeScope=compile \
  -DexcludeGroupIds=dev.zerograd,org.bytedeco,dev.ludovic.netlib,net.sourceforge.f2j \
  -DoutputDirectory="$SPARK_HOME/jars"
opens=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml)
[ -n "$opens" ] || { echo "no spark.jvm.options in spark/pom.xml" >&2; exit 1; }
cat > "$SPARK_HOME/bin/spark-submit" <<EOF
#!/usr/bin/env bash
exec java -Xmx1g $opens -cp "\$SPARK_HOME/conf:\$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit "\$@"
EOF
chmod +x "$SPARK_HOME/bin/spark-submit"
export SPARK_SCALA_VERSION=2.13
export SPARK_LOCAL_IP=127.0.0.1
# Executors of Java 17 need the same opens as the driver.
printf 'spark.executor.extraJavaOptions %s\n' "$opens" > "$SPARK_HOME/conf/spark-defaults.conf"

free_port() {
  if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    echo $((20000 + RANDOM % 20000))
  fi
}
port=$(free_port)
ui=$(free_port)
# Started from a shell that exits at once: not jobs of this script (no "Killed" lines at the end).
start() { # start LOG COMMAND...: prints the PID
  local log=$1
  shift
  bash -c '"$@" > "$0" 2>&1 & echo $!' "$log" "$@"
}
master=$(start "$work/master.log" java $opens -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui")
pids+=("$master")
export SPARK_MASTER="spark://127.0.0.1:$port"
workers=()
for i in 1 2; do
  mkdir -p "$work/worker$i"
  worker=$(start "$work/worker$i.log" java $opens -cp "$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g \
    --webui-port 0 --work-dir "$work/worker$i" "$SPARK_MASTER")
  pids+=("$worker")
  workers+=("$worker")
done
for _ in $(seq 60); do
  [ "$(grep -c 'Registering worker' "$work/master.log" || true)" -ge 2 ] && break
  sleep 1
done
[ "$(grep -c 'Registering worker' "$work/master.log" || true)" -ge 2 ] \
  || { echo "the workers did not register:" >&2; for f in "$work"/*.log; do echo "== $f" >&2; tail -n 20 "$f" >&2; done; exit 1; }
echo "+ cluster up: $SPARK_MASTER, 2 workers x 1 core"

echo "+ $command"
log="$work/run.log"
bash -euo pipefail -c "$command" > "$log" 2>&1 &
run=$!
pids+=($run)
# Kill one executor once training is under way (a few rounds printed).
killed=""
for _ in $(seq 600); do
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
cluster_sync=$("$SPARK_HOME/bin/spark-submit" --master "$SPARK_MASTER" "${sync_args[@]}" 2>"$work/sync.err" \
  | grep '^RESULT ') || { echo "the synchronous cluster run failed:" >&2; tail -n 30 "$work/sync.err" >&2; exit 1; }
local_sync=$("$SPARK_HOME/bin/spark-submit" --master 'local[2]' "${sync_args[@]}" 2>"$work/sync.err" \
  | grep '^RESULT ') || { echo "the synchronous local run failed:" >&2; tail -n 30 "$work/sync.err" >&2; exit 1; }
[ "$(strip "$cluster_sync")" = "$(strip "$local_sync")" ] || {
  echo "synchronous training on the cluster differs from local[2]:" >&2
  echo "  cluster: $cluster_sync" >&2
  echo "  local:   $local_sync" >&2
  exit 1
}
echo "+ synchronous on the cluster: $cluster_sync (equal to local[2] but for time)"
