package dev.zerograd.spark;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.Serializable;
import java.util.Iterator;

/**
 * One partition's examples as two primitive arrays (features row-major, labels), built once and
 * cached by Spark, so that a step reads them without touching Java objects per example.
 */
final class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final int rows;
  final int width;
  final float[] features;
  final int[] labels;

  private Block(int partition, int rows, int width, float[] features, int[] labels) {
    this.partition = partition;
    this.rows = rows;
    this.width = width;
    this.features = features;
    this.labels = labels;
  }

  /**
   * Packs a partition's samples; fails naming the partition and row when widths differ.
   *
   * @throws IllegalArgumentException for rows of different widths
   */
  static Block of(int partition, Iterator<Sample> samples) {
    float[] f = new float[0];
    int[] l = new int[16];
    int rows = 0;
    int width = -1;
    while (samples.hasNext()) {
      Sample s = samples.next();
      if (width < 0) {
        width = s.features().length;
        f = new float[16 * width];
      } else if (s.features().length != width) {
        throw new IllegalArgumentException(
            String.format(
                "features: row %d of partition %d has %d values, the rows before it %d; every"
                    + " row must have the model's input width",
                rows, partition, s.features().length, width));
      }
      if (rows == l.length) {
        l = java.util.Arrays.copyOf(l, 2 * rows);
        f = java.util.Arrays.copyOf(f, 2 * rows * width);
      }
      System.arraycopy(s.features(), 0, f, rows * width, width);
      l[rows] = s.label();
      rows++;
    }
    width = Math.max(width, 0);
    return new Block(
        partition,
        rows,
        width,
        java.util.Arrays.copyOf(f, rows * width),
        java.util.Arrays.copyOf(l, rows));
  }

  /** The rows {@code local} (indices into this block, repeats allowed) as a batch tensor. */
  Tensor features(int[] local, DType dtype) {
    float[] x = new float[local.length * width];
    for (int i = 0; i < local.length; i++) {
      copyRow(local[i], x, i);
    }
    return batch(x, local.length, width, dtype);
  }

  /** Copies row {@code row}'s features into row {@code at} of {@code into}. */
  void copyRow(int row, float[] into, int at) {
    System.arraycopy(features, row * width, into, at * width, width);
  }

  /** Rows of features, packed, as a tensor of {@code dtype}. */
  static Tensor batch(float[] x, int rows, int width, DType dtype) {
    Tensor t = Tensor.of(x, rows, width);
    return dtype == DType.FLOAT32 ? t : t.to(dtype);
  }

  /** The smallest label, or 0 for an empty block. */
  int minLabel() {
    return java.util.Arrays.stream(labels).min().orElse(0);
  }

  /** The largest label, or 0 for an empty block. */
  int maxLabel() {
    return java.util.Arrays.stream(labels).max().orElse(0);
  }

  /** The labels of rows {@code local}. */
  int[] labels(int[] local) {
    int[] out = new int[local.length];
    for (int i = 0; i < local.length; i++) {
      out[i] = labels[local[i]];
    }
    return out;
  }
}
