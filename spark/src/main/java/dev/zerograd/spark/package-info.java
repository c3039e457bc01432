/**
 * Training and batch inference on Apache Spark: {@link dev.zerograd.spark.SparkTrainer} trains a
 * zerograd model on a {@code JavaRDD} of {@link dev.zerograd.spark.Sample}s or a {@code
 * Dataset<Row>} by synchronous gradient averaging or by parameter averaging, and {@link
 * dev.zerograd.spark.BatchScorer} scores a DataFrame column with a saved checkpoint. Training runs
 * in barrier stages of many steps whose tasks exchange primitive arrays among themselves; Spark
 * itself is the user's (a {@code provided} dependency).
 */
package dev.zerograd.spark;
