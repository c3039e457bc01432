package dev.zerograd.tensor.cpu;

import static dev.zerograd.tensor.cpu.Views.d;
import static dev.zerograd.tensor.cpu.Views.f;
import static dev.zerograd.tensor.cpu.Views.isFloat;

import dev.zerograd.tensor.spi.BinaryOp;
import dev.zerograd.tensor.spi.View;

/** Kernels that move elements by index: gathers and their adjoints, scatter-adds. */
final class Indexing {
  private Indexing() {}

  static void indexSelect(View out, View in, int axis, int[] indices) {
    int rowSize = indices.length == 0 ? 0 : out.size() / indices.length;
    if (axis == 0 && rowSize > 0 && rowsAreDense(in) && out.isContiguous()) {
      // The hot path of mini-batch sampling: one copy per row, converting if need be.
      int rowStride = in.dims()[0] > 1 ? in.strides()[0] : rowSize;
      for (int i = 0; i < indices.length; i++) {
        copyRow(in, in.offset() + indices[i] * rowStride, out, out.offset() + i * rowSize, rowSize);
      }
      return;
    }
    for (int i = 0; i < indices.length; i++) {
      Elementwise.assign(Views.select(out, axis, i), Views.select(in, axis, indices[i]));
    }
  }

  /** Whether each slice along axis 0 is dense (so a row is one run of elements). */
  private static boolean rowsAreDense(View v) {
    if (v.rank() < 2) {
      return false;
    }
    return Views.select(v, 0, 0).isContiguous();
  }

  private static void copyRow(View from, int is, View to, int io, int len) {
    boolean fromF = isFloat(from);
    boolean toF = isFloat(to);
    if (fromF && toF) {
      System.arraycopy(f(from), is, f(to), io, len);
    } else if (!fromF && !toF) {
      System.arraycopy(d(from), is, d(to), io, len);
    } else if (fromF) {
      float[] s = f(from);
      double[] t = d(to);
      for (int k = 0; k < len; k++) {
        t[io + k] = s[is + k];
      }
    } else {
      double[] s = d(from);
      float[] t = f(to);
      for (int k = 0; k < len; k++) {
        t[io + k] = (float) s[is + k];
      }
    }
  }

  static void indexAdd(View target, View src, int axis, int[] indices) {
    for (int i = 0; i < indices.length; i++) {
      View t = Views.select(target, axis, indices[i]);
      Elementwise.binary(BinaryOp.ADD, t, t, Views.select(src, axis, i));
    }
  }

  /**
   * Visits every position of {@code walked} (row-major; {@code p} counts them) with the matching
   * element of {@code other} whose axis coordinate is {@code indices[p]}.
   */
  @FunctionalInterface
  private interface Pair {
    void run(int walkedIndex, int otherIndex);
  }

  private static void alongAxis(View walked, View other, int axis, int[] indices, Pair body) {
    int[] dense = View.denseStrides(walked.dims());
    int otherAxisStride = other.strides()[axis];
    StridedLoop.forEach(
        walked.dims(),
        new int[][] {walked.strides(), Views.withoutAxis(other.strides(), axis), dense},
        new int[] {walked.offset(), other.offset(), 0},
        (n, off, st) -> {
          for (int i = 0, w = off[0], o = off[1], p = off[2];
              i < n;
              i++, w += st[0], o += st[1], p += st[2]) {
            body.run(w, o + indices[p] * otherAxisStride);
          }
        });
  }

  /**
   * Whether both views are vectors of stride 1, where gathering and scattering run as plain
   * loops (the max-pooling gradient's case, a flat scatter at up to millions of indices) instead
   * of through the strided walk's shared row callback.
   */
  private static boolean flat(View a, View b) {
    return a.dims().length == 1 && a.strides()[0] == 1 && b.strides()[0] == 1;
  }

  static void takeAlongAxis(View out, View in, int axis, int[] indices) {
    if (flat(out, in)) {
      int oo = out.offset();
      int io = in.offset();
      if (isFloat(out)) {
        float[] o = f(out);
        float[] x = f(in);
        for (int i = 0; i < indices.length; i++) {
          o[oo + i] = x[io + indices[i]];
        }
      } else {
        double[] o = d(out);
        double[] x = d(in);
        for (int i = 0; i < indices.length; i++) {
          o[oo + i] = x[io + indices[i]];
        }
      }
      return;
    }
    if (isFloat(out)) {
      float[] o = f(out);
      float[] x = f(in);
      alongAxis(out, in, axis, indices, (w, k) -> o[w] = x[k]);
    } else {
      double[] o = d(out);
      double[] x = d(in);
      alongAxis(out, in, axis, indices, (w, k) -> o[w] = x[k]);
    }
  }

  static void scatterAdd(View target, View src, int axis, int[] indices) {
    if (flat(src, target)) {
      int to = target.offset();
      int so = src.offset();
      if (isFloat(target)) {
        float[] t = f(target);
        float[] s = f(src);
        for (int i = 0; i < indices.length; i++) {
          t[to + indices[i]] += s[so + i];
        }
      } else {
        double[] t = d(target);
        double[] s = d(src);
        for (int i = 0; i < indices.length; i++) {
          t[to + indices[i]] += s[so + i];
        }
      }
      return;
    }
    if (isFloat(target)) {
      float[] t = f(target);
      float[] s = f(src);
      alongAxis(src, target, axis, indices, (w, k) -> t[k] += s[w]);
    } else {
      double[] t = d(target);
      double[] s = d(src);
      alongAxis(src, target, axis, indices, (w, k) -> t[k] += s[w]);
    }
  }
}
