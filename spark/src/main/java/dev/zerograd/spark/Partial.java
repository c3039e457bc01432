package dev.zerograd.spark;

import java.io.Serializable;

/**
 * What a partition's local steps of one parameter-averaging round produce, summed over a task's
 * partitions before the tasks' all-reduce: the parameters (and buffers) after the local steps, the
 * loss summed over rows, the rows, the rows classified right, and how many partitions contributed
 * a vector.
 */
final class Partial implements Serializable {
  private static final long serialVersionUID = 1L;

  final double[] vector;
  final double lossSum;
  final long rows;
  final long correct;
  final int parts;

  Partial(double[] vector, double lossSum, long rows, long correct, int parts) {
    this.vector = vector;
    this.lossSum = lossSum;
    this.rows = rows;
    this.correct = correct;
    this.parts = parts;
  }

  /** Nothing yet: the aggregation's zero. */
  static Partial empty() {
    return new Partial(null, 0, 0, 0, 0);
  }

  /** The sum of two partials; neither is modified. */
  static Partial add(Partial a, Partial b) {
    double[] v;
    if (a.vector == null) {
      v = b.vector;
    } else if (b.vector == null) {
      v = a.vector;
    } else {
      v = a.vector.clone();
      for (int i = 0; i < v.length; i++) {
        v[i] += b.vector[i];
      }
    }
    return new Partial(
        v, a.lossSum + b.lossSum, a.rows + b.rows, a.correct + b.correct, a.parts + b.parts);
  }
}
