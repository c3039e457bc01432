# Sourced by .ci/spark-cluster.sh and bench/spark_cluster.sh: a Spark standalone cluster on
# loopback from Maven's Spark jars (what the spark module compiles against), every process
# started here stopped by PID.
#   start_cluster WORK N   a master and N workers of one core and 1 GB each, under WORK; sets
#                          SPARK_HOME (jars/, conf/, bin/spark-submit), SPARK_MASTER, and the
#                          arrays workers (their PIDs) and cluster_pids (everything started)
#   stop_cluster           kills the executors, the workers and the master
#   children PID           the PIDs of a process's children, from /proc (no procps needed)
# Run from the repository root.

cluster_pids=()
workers=()

children() {
  local s pid comm state ppid rest
  for s in /proc/[0-9]*/stat; do
    read -r pid comm state ppid rest < "$s" 2>/dev/null || continue
    [ "$ppid" = "$1" ] && echo "$pid"
  done
  return 0
}

stop_cluster() {
  local p c
  for p in "${cluster_pids[@]}"; do
    for c in $(children "$p"); do kill -9 "$c" 2>/dev/null || true; done # executors
    kill -9 "$p" 2>/dev/null || true
  done
  cluster_pids=()
}

free_port() {
  if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    echo $((20000 + RANDOM % 20000))
  fi
}

# Started from a shell that exits at once: not jobs of the caller (no "Killed" lines at the end).
start_process() { # start_process LOG COMMAND...: prints the PID
  local log=$1
  shift
  bash -c '"$@" > "$0" 2>&1 & echo $!' "$log" "$@"
}

start_cluster() {
  local work=$1 count=$2 opens port ui i worker f
  # The minimal SPARK_HOME a worker needs: jars/ (Spark and its dependencies, as Maven resolves
  # them for the spark module, without zerograd and what only zerograd needs: the application jar
  # brings those) and, for submitting, bin/spark-submit (what Spark's own script runs).
  export SPARK_HOME="$work/spark"
  mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/bin" "$SPARK_HOME/conf"
  mvn -B -q -pl spark dependency:copy-dependencies -DincludeScope=compile \
    -DexcludeGroupIds=dev.zerograd,org.bytedeco,dev.ludovic.netlib,net.sourceforge.f2j \
    -DoutputDirectory="$SPARK_HOME/jars"
  opens=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml)
  [ -n "$opens" ] || { echo "no spark.jvm.options in spark/pom.xml" >&2; return 1; }
  # The driver JVM (client mode) gets SPARK_DRIVER_MEMORY, as with Spark's own script.
  printf '#!/usr/bin/env bash\nexec java -Xmx${SPARK_DRIVER_MEMORY:-1g} %s -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit "$@"\n' \
    "$opens" > "$SPARK_HOME/bin/spark-submit"
  chmod +x "$SPARK_HOME/bin/spark-submit"
  export SPARK_SCALA_VERSION=2.13
  export SPARK_LOCAL_IP=127.0.0.1
  # Executors of Java 17 need the same opens as the driver.
  printf 'spark.executor.extraJavaOptions %s\n' "$opens" > "$SPARK_HOME/conf/spark-defaults.conf"
  port=$(free_port)
  ui=$(free_port)
  cluster_pids+=("$(start_process "$work/master.log" java $opens -cp "$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui")")
  export SPARK_MASTER="spark://127.0.0.1:$port"
  for i in $(seq "$count"); do
    mkdir -p "$work/worker$i"
    worker=$(start_process "$work/worker$i.log" java $opens -cp "$SPARK_HOME/jars/*" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g \
      --webui-port 0 --work-dir "$work/worker$i" "$SPARK_MASTER")
    cluster_pids+=("$worker")
    workers+=("$worker")
  done
  for _ in $(seq 60); do
    [ "$(grep -c 'Registering worker' "$work/master.log" || true)" -ge "$count" ] && return 0
    sleep 1
  done
  echo "the workers did not register:" >&2
  for f in "$work"/*.log; do echo "== $f" >&2; tail -n 20 "$f" >&2; done
  return 1
}
