package dev.zerograd.tensor.cpu;

import static dev.zerograd.tensor.cpu.Views.d;
import static dev.zerograd.tensor.cpu.Views.f;
import static dev.zerograd.tensor.cpu.Views.isFloat;

import dev.zerograd.tensor.spi.Reduction;
import dev.zerograd.tensor.spi.View;
import java.util.Arrays;

/** Kernels for reductions over axes, argmax, and softmax along an axis. */
final class Reductions {
  private Reductions() {}

  /**
   * Reduces {@code in} into {@code out} (fresh storage; its view has in's dims, stride 0 on the
   * reduced axes). Accumulates in double for both types, so that float32 sums of 60000 elements
   * keep their precision.
   */
  static void reduce(Reduction kind, View out, View in) {
    double[] acc = new double[out.storage().size()];
    Arrays.fill(acc, kind.identity());
    boolean single = isFloat(in);
    StridedLoop.forEach(
        in.dims(),
        new int[][] {out.strides(), in.strides()},
        new int[] {out.offset(), in.offset()},
        (n, off, st) -> {
          int ia = off[0];
          int ix = off[1];
          int sa = st[0];
          int sx = st[1];
          if (kind == Reduction.SUM && sx == 1 && (sa == 0 || sa == 1)) {
            sumRow(n, acc, ia, sa, in, ix);
          } else if (single) {
            float[] x = f(in);
            for (int i = 0; i < n; i++, ia += sa, ix += sx) {
              acc[ia] = kind.combine(acc[ia], x[ix]);
            }
          } else {
            double[] x = d(in);
            for (int i = 0; i < n; i++, ia += sa, ix += sx) {
              acc[ia] = kind.combine(acc[ia], x[ix]);
            }
          }
        });
    if (isFloat(out)) {
      float[] o = f(out);
      for (int i = 0; i < acc.length; i++) {
        o[i] = (float) acc[i];
      }
    } else {
      System.arraycopy(acc, 0, d(out), 0, acc.length);
    }
  }

  /**
   * The two sums of training: along a contiguous row into one accumulator ({@code sa == 0}), or
   * a contiguous row added onto a row of accumulators ({@code sa == 1}, the bias gradient).
   */
  private static void sumRow(int n, double[] acc, int ia, int sa, View in, int ix) {
    if (sa == 0) {
      double s = acc[ia];
      if (isFloat(in)) {
        float[] x = f(in);
        for (int i = 0; i < n; i++) {
          s += x[ix + i];
        }
      } else {
        double[] x = d(in);
        for (int i = 0; i < n; i++) {
          s += x[ix + i];
        }
      }
      acc[ia] = s;
    } else if (isFloat(in)) {
      float[] x = f(in);
      for (int i = 0; i < n; i++) {
        acc[ia + i] += x[ix + i];
      }
    } else {
      double[] x = d(in);
      for (int i = 0; i < n; i++) {
        acc[ia + i] += x[ix + i];
      }
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
   * {@code out} (a view of a's dims, or null).
   */
  static void forEachLane(View a, int axis, View out, Lane body) {
    int[] dims = a.dims();
    int rank = dims.length;
    int[] outerDims = new int[rank - 1];
    int[] inStr = new int[rank - 1];
    int[] outStr = new int[rank - 1];
    for (int i = 0, j = 0; i < rank; i++) {
      if (i != axis) {
        outerDims[j] = dims[i];
        inStr[j] = a.strides()[i];
        outStr[j] = out == null ? 0 : out.strides()[i];
        j++;
      }
    }
    if (dims[axis] == 0) {
      return;
    }
    int inLane = a.strides()[axis];
    int outLane = out == null ? 0 : out.strides()[axis];
    int[] lane = {0};
    StridedLoop.forEach(
        outerDims,
        new int[][] {inStr, outStr},
        new int[] {a.offset(), out == null ? 0 : out.offset()},
        (n, off, st) -> {
          for (int i = 0; i < n; i++) {
            body.run(lane[0]++, off[0] + i * st[0], inLane, off[1] + i * st[1], outLane);
          }
        });
  }

  static int[] argmax(View a, int axis) {
    int len = a.dims()[axis];
    int[] out = new int[a.size() / len];
    boolean single = isFloat(a);
    forEachLane(
        a,
        axis,
        null,
        (lane, io, is, oo, os) -> {
          if (is == 1 && single) {
            out[lane] = argmaxRow(f(a), io, len);
            return;
          }
          int best = 0;
          double bestValue = at(a, io);
          for (int i = 1; i < len && !Double.isNaN(bestValue); i++) {
            double v = at(a, io + i * is);
            if (v > bestValue || Double.isNaN(v)) {
              best = i;
              bestValue = v;
            }
          }
          out[lane] = best;
        });
    return out;
  }

  private static double at(View v, int i) {
    return isFloat(v) ? f(v)[i] : d(v)[i];
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
  static void softmax(View out, View a, int axis, boolean log) {
    int len = a.dims()[axis];
    boolean single = isFloat(a);
    forEachLane(
        a,
        axis,
        out,
        (lane, io, is, oo, os) -> {
          if (is == 1 && os == 1 && single) {
            softmaxRow(f(a), io, f(out), oo, len, log);
            return;
          }
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < len; i++) {
            max = Math.max(max, at(a, io + i * is));
          }
          if (max == Double.NEGATIVE_INFINITY) {
            max = 0; // every logit is -inf: let exp give 0 and the division give NaN, as NumPy
          }
          double sum = 0;
          for (int i = 0; i < len; i++) {
            sum += Math.exp(at(a, io + i * is) - max);
          }
          double logSum = Math.log(sum);
          for (int i = 0; i < len; i++) {
            double z = at(a, io + i * is) - max;
            double y = log ? z - logSum : Math.exp(z) / sum;
            if (single) {
              f(out)[oo + i * os] = (float) y;
            } else {
              d(out)[oo + i * os] = y;
            }
          }
        });
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
