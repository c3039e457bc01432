package dev.zerograd.tensor;

import java.util.Arrays;

/** Kernels for reductions over axes, argmax, and softmax along an axis. */
final class Reductions {
  private Reductions() {}

  /** The reductions that combine elements pairwise. */
  enum Kind {
    SUM("sum", 0.0),
    MAX("max", Double.NEGATIVE_INFINITY),
    MIN("min", Double.POSITIVE_INFINITY);

    final String opName;
    final double identity;

    Kind(String opName, double identity) {
      this.opName = opName;
      this.identity = identity;
    }
  }

  /**
   * Reduces {@code a} over {@code axes} (empty: all). Accumulates in double for both types, so
   * that float32 sums of 60000 elements keep their precision.
   */
  static Tensor reduce(Tensor a, Kind kind, String op, int[] axes, boolean keepDims) {
    Shape in = a.shape();
    int[] sorted = in.axes(op, axes);
    Shape kept = in.reduce(sorted, true);
    if (kind != Kind.SUM && in.size() == 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: zero-size reduction over axes %s of shape %s has no identity;"
                  + " reduce a non-empty tensor",
              op, Arrays.toString(sorted), in));
    }
    double[] acc = new double[kept.size()];
    Arrays.fill(acc, kind.identity);
    int[] accStrides = Tensor.contiguousStrides(kept.dimsUnsafe());
    for (int ax : sorted) {
      accStrides[ax] = 0;
    }
    StridedLoop.forEach(
        in.dimsUnsafe(),
        new int[][] {accStrides, a.strides},
        new int[] {0, a.offset},
        (n, off, st) -> {
          int ia = off[0];
          int ix = off[1];
          int sa = st[0];
          int sx = st[1];
          if (kind == Kind.SUM && sx == 1 && (sa == 0 || sa == 1)) {
            sumRow(n, acc, ia, sa, a, ix);
          } else if (a.dtype() == DType.FLOAT32) {
            float[] x = a.f;
            for (int i = 0; i < n; i++, ia += sa, ix += sx) {
              acc[ia] = combine(kind, acc[ia], x[ix]);
            }
          } else {
            double[] x = a.d;
            for (int i = 0; i < n; i++, ia += sa, ix += sx) {
              acc[ia] = combine(kind, acc[ia], x[ix]);
            }
          }
        });
    Shape outShape = keepDims ? kept : in.reduce(sorted, false);
    return Tensor.fromDoubles(acc, outShape, a.dtype());
  }

  /**
   * The two sums of training: along a contiguous row into one accumulator ({@code sa == 0}), or
   * a contiguous row added onto a row of accumulators ({@code sa == 1}, the bias gradient).
   */
  private static void sumRow(int n, double[] acc, int ia, int sa, Tensor a, int ix) {
    if (sa == 0) {
      double s = acc[ia];
      if (a.f != null) {
        for (int i = 0; i < n; i++) {
          s += a.f[ix + i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          s += a.d[ix + i];
        }
      }
      acc[ia] = s;
    } else if (a.f != null) {
      for (int i = 0; i < n; i++) {
        acc[ia + i] += a.f[ix + i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        acc[ia + i] += a.d[ix + i];
      }
    }
  }

  private static double combine(Kind kind, double acc, double x) {
    switch (kind) {
      case SUM:
        return acc + x;
      case MAX:
        return Math.max(acc, x);
      default:
        return Math.min(acc, x);
    }
  }

  /** Something done to each lane (1-D line of elements) along one axis. */
  @FunctionalInterface
  interface Lane {
    /**
     * @param lane index of the lane, in row-major order of the other axes
     * @param inOffset first element of the lane in the input
     * @param inStride stride along the lane in the input
     * @param outOffset first element of the lane in the output (when there is one)
     * @param outStride stride along the lane in the output
     */
    void run(int lane, int inOffset, int inStride, int outOffset, int outStride);
  }

  /**
   * Calls {@code body} once per lane of {@code a} along {@code axis}, with the matching lane of
   * {@code out} (a tensor of a's shape, or null).
   */
  static void forEachLane(Tensor a, int axis, Tensor out, Lane body) {
    int[] dims = a.shape().dimsUnsafe();
    int rank = dims.length;
    int[] outerDims = new int[rank - 1];
    int[] inStr = new int[rank - 1];
    int[] outStr = new int[rank - 1];
    for (int i = 0, j = 0; i < rank; i++) {
      if (i != axis) {
        outerDims[j] = dims[i];
        inStr[j] = a.strides[i];
        outStr[j] = out == null ? 0 : out.strides[i];
        j++;
      }
    }
    if (dims[axis] == 0) {
      return;
    }
    int inLane = a.strides[axis];
    int outLane = out == null ? 0 : out.strides[axis];
    int[] lane = {0};
    StridedLoop.forEach(
        outerDims,
        new int[][] {inStr, outStr},
        new int[] {a.offset, out == null ? 0 : out.offset},
        (n, off, st) -> {
          for (int i = 0; i < n; i++) {
            body.run(lane[0]++, off[0] + i * st[0], inLane, off[1] + i * st[1], outLane);
          }
        });
  }

  /** Index of the largest element along {@code axis} of each lane; NaN counts as largest. */
  static int[] argmax(Tensor a, int axis) {
    Shape shape = a.shape();
    int len = shape.dimsUnsafe()[axis];
    if (len == 0) {
      throw new IllegalArgumentException(
          String.format(
              "argmax: axis %d of shape %s has size 0; argmax of an empty lane is undefined",
              axis, shape));
    }
    int[] out = new int[shape.size() / len];
    forEachLane(
        a,
        axis,
        null,
        (lane, io, is, oo, os) -> {
          if (is == 1 && a.f != null) {
            out[lane] = argmaxRow(a.f, io, len);
            return;
          }
          int best = 0;
          double bestValue = a.at(io);
          for (int i = 1; i < len && !Double.isNaN(bestValue); i++) {
            double v = a.at(io + i * is);
            if (v > bestValue || Double.isNaN(v)) {
              best = i;
              bestValue = v;
            }
          }
          out[lane] = best;
        });
    return out;
  }

  private static int argmaxRow(float[] x, int from, int len) {
    int best = 0;
    float bestValue = x[from];
    for (int i = 1; i < len && !Float.isNaN(bestValue); i++) {
      float v = x[from + i];
      if (v > bestValue || Float.isNaN(v)) {
        best = i;
        bestValue = v;
      }
    }
    return best;
  }

  /**
   * Softmax (or log-softmax) along {@code axis}, computed stably: the lane's maximum is
   * subtracted before exponentiating, so logits of 1e4 neither overflow nor produce NaN.
   */
  static Tensor softmax(Tensor a, int axis, boolean log) {
    Tensor out = Tensor.empty(a.shape(), a.dtype());
    int len = a.shape().dimsUnsafe()[axis];
    forEachLane(
        a,
        axis,
        out,
        (lane, io, is, oo, os) -> {
          if (is == 1 && os == 1 && a.f != null) {
            softmaxRow(a.f, io, out.f, oo, len, log);
            return;
          }
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < len; i++) {
            max = Math.max(max, a.at(io + i * is));
          }
          if (max == Double.NEGATIVE_INFINITY) {
            max = 0; // every logit is -inf: let exp give 0 and the division give NaN, as NumPy
          }
          double sum = 0;
          for (int i = 0; i < len; i++) {
            sum += Math.exp(a.at(io + i * is) - max);
          }
          double logSum = Math.log(sum);
          for (int i = 0; i < len; i++) {
            double z = a.at(io + i * is) - max;
            out.put(oo + i * os, log ? z - logSum : Math.exp(z) / sum);
          }
        });
    return out;
  }

  /** Softmax of one contiguous float32 row, with the exponentials summed in double. */
  private static void softmaxRow(float[] x, int from, float[] y, int to, int len, boolean log) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < len; i++) {
      max = Math.max(max, x[from + i]);
    }
    if (max == Float.NEGATIVE_INFINITY) {
      max = 0;
    }
    double sum = 0;
    for (int i = 0; i < len; i++) {
      double e = Math.exp(x[from + i] - max);
      sum += e;
      y[to + i] = (float) e;
    }
    if (log) {
      double shift = max + Math.log(sum);
      for (int i = 0; i < len; i++) {
        y[to + i] = (float) (x[from + i] - shift);
      }
    } else {
      for (int i = 0; i < len; i++) {
        y[to + i] = (float) (y[to + i] / sum);
      }
    }
  }
}
