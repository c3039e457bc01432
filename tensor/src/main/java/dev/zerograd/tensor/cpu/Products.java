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

  /**
   * The least work, in multiply-adds, worth a part of its own: about 50 microseconds of one
   * core. Measured on 2 cores: splitting the batch-100 training step's products (3.9 M each)
   * made the step slower (630 against 500 microseconds), although the same products alone ran
   * 1.3x faster split, because each step's fresh operands must then travel between the cores'
   * caches; evaluations (60000 x 784 x 50) run 1.4x faster split.
   */
  static final long MIN_PART_WORK = 1L << 22;

  /**
   * {@code C = alpha A B + beta C} for A (m x k), B (k x n), C (m x n) with contiguous rows. In
   * automatic thread mode ({@link CpuBlas#splits()}), a large product is split into blocks of
   * rows (or of columns, when there are few rows) run on the cores at once, each through
   * single-threaded BLAS; every element of C is computed by one call over the whole of k either
   * way (bitwise the same results on the kernels measured: the MNIST run's accuracy to the last
   * digit).
   */
  static void gemm(View a, View b, View c, double alpha, double beta) {
    int m = a.dims()[0];
    int k = a.dims()[1];
    int n = b.dims()[1];
    if (m == 0 || n == 0) {
      return;
    }
    if (Layout.of(a) == null) {
      a = Views.dense(a, a.dtype());
    }
    if (Layout.of(b) == null) {
      b = Views.dense(b, b.dtype());
    }
    long work = (long) m * n * k;
    int parts = CpuBlas.splits() ? (int) Math.min(Parallel.parts(), work / MIN_PART_WORK) : 1;
    if (parts >= 2) {
      boolean byRows = m >= n;
      View fa = a;
      View fb = b;
      Parallel.runRanges(
          byRows ? m : n,
          parts,
          (from, to) -> {
            if (byRows) {
              gemm1(rows(fa, from, to), fb, rows(c, from, to), alpha, beta);
            } else {
              gemm1(fa, columns(fb, from, to), columns(c, from, to), alpha, beta);
            }
          });
      return;
    }
    gemm1(a, b, c, alpha, beta);
  }

  /**
   * A batch of products (a batched matmul: the ConvNet's 100 images of 30 x 25 x 576 each): the
   * batch is cut into one range per core when the whole is large enough, each product whole on
   * one thread; a single large product is split by {@link #gemm} instead.
   */
  static void gemmBatch(View[] a, View[] b, View[] c, double alpha, double beta) {
    int count = c.length;
    if (count == 0) {
      return;
    }
    long work = 0;
    for (int i = 0; i < count; i++) {
      work += (long) a[i].dims()[0] * a[i].dims()[1] * b[i].dims()[1];
    }
    long perProduct = work / count;
    int parts =
        CpuBlas.splits() && perProduct < 2 * MIN_PART_WORK
            ? (int) Math.min(Math.min(Parallel.parts(), count), work / MIN_PART_WORK)
            : 1;
    if (parts < 2) {
      for (int i = 0; i < count; i++) {
        gemm(a[i], b[i], c[i], alpha, beta);
      }
      return;
    }
    Parallel.runRanges(
        count,
        parts,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            gemm1(a[i], b[i], c[i], alpha, beta);
          }
        });
  }

  /** Rows {@code [from, to)} of a matrix view. */
  private static View rows(View v, int from, int to) {
    return new View(
        v.storage(),
        new int[] {to - from, v.dims()[1]},
        v.strides(),
        v.offset() + from * v.strides()[0]);
  }

  /** Columns {@code [from, to)} of a matrix view. */
  private static View columns(View v, int from, int to) {
    return new View(
        v.storage(),
        new int[] {v.dims()[0], to - from},
        v.strides(),
        v.offset() + from * v.strides()[1]);
  }

  /** {@link #gemm} on the calling thread (for kernels that split their own work). */
  static void gemm1(View a, View b, View c, double alpha, double beta) {
    int m = a.dims()[0];
    int k = a.dims()[1];
    int n = b.dims()[1];
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
