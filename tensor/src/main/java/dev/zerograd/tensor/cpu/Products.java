package dev.zerograd.tensor.cpu;

import static dev.zerograd.tensor.cpu.Views.d;
import static dev.zerograd.tensor.cpu.Views.f;
import static dev.zerograd.tensor.cpu.Views.isFloat;

import dev.ludovic.netlib.blas.BLAS;
import dev.zerograd.tensor.spi.BinaryOp;
import dev.zerograd.tensor.spi.View;

/**
 * Matrix products through BLAS. Row-major operands are handed to column-major BLAS as their
 * transposes ({@code C^T = B^T A^T}); transposed views become transpose flags, never copies.
 */
final class Products {
  private Products() {}

  /**
   * How a matrix looks to BLAS: {@code 'N'} when its rows are contiguous (row-major with leading
   * dimension {@code ld}), {@code 'T'} when its columns are (a transposed view), or null when
   * neither and it must be copied.
   */
  private record Layout(String trans, int ld) {
    static Layout of(View t) {
      int r = t.dims()[0];
      int c = t.dims()[1];
      int s0 = t.strides()[0];
      int s1 = t.strides()[1];
      if ((s1 == 1 || c <= 1) && (r <= 1 || s0 >= Math.max(1, c))) {
        return new Layout("N", r <= 1 ? Math.max(1, c) : s0);
      }
      if ((s0 == 1 || r <= 1) && (c <= 1 || s1 >= Math.max(1, r))) {
        return new Layout("T", c <= 1 ? Math.max(1, r) : s1);
      }
      return null;
    }
  }

  static double dot(View x, View y) {
    int n = x.dims()[0];
    double sum = 0;
    int ix = x.offset();
    int iy = y.offset();
    int sx = x.strides()[0];
    int sy = y.strides()[0];
    if (isFloat(x)) {
      float[] a = f(x);
      float[] b = f(y);
      for (int i = 0; i < n; i++, ix += sx, iy += sy) {
        sum += (double) a[ix] * b[iy];
      }
    } else {
      double[] a = d(x);
      double[] b = d(y);
      for (int i = 0; i < n; i++, ix += sx, iy += sy) {
        sum += a[ix] * b[iy];
      }
    }
    return sum;
  }

  /** {@code C = alpha A B + beta C} for A (m x k), B (k x n), C (m x n) with contiguous rows. */
  static void gemm(View a, View b, View c, double alpha, double beta) {
    int m = a.dims()[0];
    int k = a.dims()[1];
    int n = b.dims()[1];
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      Elementwise.binary(BinaryOp.MUL, c, c, scalar(c, beta));
      return;
    }
    Layout la = Layout.of(a);
    if (la == null) {
      a = Views.dense(a, a.dtype());
      la = Layout.of(a);
    }
    Layout lb = Layout.of(b);
    if (lb == null) {
      b = Views.dense(b, b.dtype());
      lb = Layout.of(b);
    }
    int ldc = m == 1 ? Math.max(1, n) : c.strides()[0];
    BLAS blas = CpuBlas.impl();
    // Row-major C = A B is column-major C^T = B^T A^T.
    if (isFloat(c)) {
      blas.sgemm(
          lb.trans(), la.trans(), n, m, k, (float) alpha, f(b), b.offset(), lb.ld(), f(a),
          a.offset(), la.ld(), (float) beta, f(c), c.offset(), ldc);
    } else {
      blas.dgemm(
          lb.trans(), la.trans(), n, m, k, alpha, d(b), b.offset(), lb.ld(), d(a), a.offset(),
          la.ld(), beta, d(c), c.offset(), ldc);
    }
  }

  /** A view of one value broadcast to {@code like}'s dims. */
  private static View scalar(View like, double value) {
    View one = Views.fresh(like.dtype(), new int[0]);
    if (isFloat(one)) {
      f(one)[0] = (float) value;
    } else {
      d(one)[0] = value;
    }
    return new View(one.storage(), like.dims(), new int[like.rank()], 0);
  }

  /** {@code y = A x} for A (m x k) and x (k), into the fresh vector y (m). */
  static void gemv(View a, View x, View y) {
    int m = a.dims()[0];
    int k = a.dims()[1];
    if (m == 0 || k == 0) {
      return;
    }
    Layout la = Layout.of(a);
    if (la == null) {
      a = Views.dense(a, a.dtype());
      la = Layout.of(a);
    }
    if (x.strides()[0] < 1) {
      x = Views.dense(x, x.dtype());
    }
    // A row-major 'N' matrix is the column-major k x m matrix A^T, so y = (A^T)^T x.
    boolean rowMajor = la.trans().equals("N");
    String trans = rowMajor ? "T" : "N";
    int rows = rowMajor ? k : m;
    int cols = rowMajor ? m : k;
    BLAS blas = CpuBlas.impl();
    if (isFloat(a)) {
      blas.sgemv(
          trans, rows, cols, 1f, f(a), a.offset(), la.ld(), f(x), x.offset(), x.strides()[0], 0f,
          f(y), y.offset(), 1);
    } else {
      blas.dgemv(
          trans, rows, cols, 1.0, d(a), a.offset(), la.ld(), d(x), x.offset(), x.strides()[0],
          0.0, d(y), y.offset(), 1);
    }
  }
}
