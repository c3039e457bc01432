#!/usr/bin/env bash
# SparkBench on a Spark standalone cluster of two workers x 1 core on loopback (started here from
# Maven's Spark jars, stopped at the end), the application jar submitted with spark-submit:
# the synchronous step, the parameter-averaging round, the ConvNet's scaling from one task to two,
# and scoring, each beside the same work in the driver's process.
# Usage: bench/spark_cluster.sh [MNIST_DIR]   (default: $MNIST_DIR, else ../shared/datasets/mnist)
set -euo pipefail
cd "$(dirname "$0")/.."
mnist=$(cd "${1:-${MNIST_DIR:-../shared/datasets/mnist}}" && pwd)
work=$(mktemp -d)
# shellcheck source=standalone.sh
source bench/standalone.sh
trap 'stop_cluster; rm -rf "$work"' EXIT
mvn -B -q -pl spark -am -DskipTests package
start_cluster "$work" 2
echo "host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
  "cluster: $SPARK_MASTER, 2 workers x 1 core, executors of 1 GB"
SPARK_DRIVER_MEMORY=3g "$SPARK_HOME/bin/spark-submit" --master "$SPARK_MASTER" \
  --class dev.zerograd.spark.examples.SparkBench spark/target/zerograd-spark-app.jar "$mnist" \
  2> "$work/bench.err" || { tail -n 30 "$work/bench.err" >&2; exit 1; }
