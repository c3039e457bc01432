package dev.zerograd.tensor;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Matrix products through BLAS. Row-major operands are handed to column-major BLAS as their
 * transposes ({@code C^T = B^T A^T}); transposed views become transpose flags, never copies.
 */
final class MatMul {
  private MatMul() {}

  /**
   * How a 2-D tensor looks to BLAS: {@code 'N'} when its rows are contiguous (row-major with
   * leading dimension {@code ld}), {@code 'T'} when its columns are (a transposed view), or
   * null when neither and it must be copied.
   */
  private static final class Layout {
    final String trans;
    final int ld;

    Layout(String trans, int ld) {
      this.trans = trans;
      this.ld = ld;
    }

    static Layout of(Tensor t) {
      int r = t.shape().dimsUnsafe()[0];
      int c = t.shape().dimsUnsafe()[1];
      int s0 = t.strides[0];
      int s1 = t.strides[1];
      if ((s1 == 1 || c <= 1) && (r <= 1 || s0 >= Math.max(1, c))) {
        return new Layout("N", r <= 1 ? Math.max(1, c) : s0);
      }
      if ((s0 == 1 || r <= 1) && (c <= 1 || s1 >= Math.max(1, r))) {
        return new Layout("T", c <= 1 ? Math.max(1, r) : s1);
      }
      return null;
    }
  }

  /** NumPy {@code dot} for 1-D and 2-D operands. */
  static Tensor dot(Tensor a, Tensor b) {
    int ra = a.rank();
    int rb = b.rank();
    if (ra < 1 || ra > 2 || rb < 1 || rb > 2) {
      throw new IllegalArgumentException(
          String.format(
              "dot: operands must be 1-D or 2-D, got shapes %s and %s; use matmul for batches",
              a.shape(), b.shape()));
    }
    DType dt = DType.promote(a.dtype(), b.dtype());
    Tensor x = a.to(dt);
    Tensor y = b.to(dt);
    int ka = x.shape().dim(-1);
    int kb = y.shape().dim(0);
    if (ka != kb) {
      throw new IllegalArgumentException(
          String.format(
              "dot: shapes %s and %s not aligned: %d (dim %d) != %d (dim 0);"
                  + " the last axis of the first must match the first axis of the second",
              a.shape(), b.shape(), ka, ra - 1, kb));
    }
    if (ra == 1 && rb == 1) {
      return vectorDot(x, y);
    }
    if (ra == 2 && rb == 2) {
      return gemm(x, y);
    }
    if (ra == 2) {
      return gemv(x, y);
    }
    // vector . matrix = (matrix^T . vector)
    return gemv(y.transpose(), x);
  }

  /**
   * NumPy {@code matmul}: like {@link #dot} for 1-D and 2-D, and batched over the first axis for
   * 3-D operands (a 2-D operand is shared across the batch).
   */
  static Tensor matmul(Tensor a, Tensor b) {
    if (a.rank() <= 2 && b.rank() <= 2) {
      return dot(a, b);
    }
    if (a.rank() < 2 || b.rank() < 2 || a.rank() > 3 || b.rank() > 3) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: batched products take 2-D or 3-D operands, got shapes %s and %s",
              a.shape(), b.shape()));
    }
    int batchA = a.rank() == 3 ? a.shape().dim(0) : 1;
    int batchB = b.rank() == 3 ? b.shape().dim(0) : 1;
    if (batchA != batchB && batchA != 1 && batchB != 1) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: batch sizes of shapes %s and %s differ: %d != %d; make them equal or 1",
              a.shape(), b.shape(), batchA, batchB));
    }
    DType dt = DType.promote(a.dtype(), b.dtype());
    int m = a.shape().dim(-2);
    int k = a.shape().dim(-1);
    int kb = b.shape().dim(-2);
    int n = b.shape().dim(-1);
    if (k != kb) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: shapes %s and %s not aligned: %d (dim %d) != %d (dim %d)",
              a.shape(), b.shape(), k, a.rank() - 1, kb, b.rank() - 2));
    }
    int batch = Math.max(batchA, batchB);
    Tensor out = Tensor.zeros(Shape.of(batch, m, n), dt);
    for (int i = 0; i < batch; i++) {
      Tensor ai = a.rank() == 3 ? a.select(0, batchA == 1 ? 0 : i) : a;
      Tensor bi = b.rank() == 3 ? b.select(0, batchB == 1 ? 0 : i) : b;
      gemmInto(ai.to(dt), bi.to(dt), out.select(0, i), 1.0, 0.0);
    }
    return out;
  }

  private static Tensor vectorDot(Tensor x, Tensor y) {
    int n = x.shape().dim(0);
    double sum = 0;
    int ix = x.offset;
    int iy = y.offset;
    for (int i = 0; i < n; i++, ix += x.strides[0], iy += y.strides[0]) {
      sum += x.at(ix) * y.at(iy);
    }
    return Tensor.scalar(sum, x.dtype());
  }

  /** {@code C = A B} for 2-D A (m x k) and B (k x n), same dtype. */
  static Tensor gemm(Tensor a, Tensor b) {
    int m = a.shape().dim(0);
    int n = b.shape().dim(1);
    Tensor out = Tensor.empty(Shape.of(m, n), a.dtype());
    gemmInto(a, b, out, 1.0, 0.0);
    return out;
  }

  /**
   * {@code C = alpha A B + beta C}, writing into the 2-D tensor C (row-major rows, possibly a
   * view). A and B have C's dtype.
   */
  static void gemmInto(Tensor a, Tensor b, Tensor c, double alpha, double beta) {
    int m = a.shape().dim(0);
    int k = a.shape().dim(1);
    int n = b.shape().dim(1);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      c.mulInPlace(beta);
      return;
    }
    Layout la = Layout.of(a);
    if (la == null) {
      a = a.contiguous();
      la = Layout.of(a);
    }
    Layout lb = Layout.of(b);
    if (lb == null) {
      b = b.contiguous();
      lb = Layout.of(b);
    }
    int ldc = c.strides[0];
    if (c.strides[1] != 1 || (m > 1 && ldc < n)) {
      throw new IllegalStateException("gemm output must have contiguous rows, got " + c);
    }
    if (m == 1) {
      ldc = Math.max(1, n);
    }
    BLAS blas = Blas.impl();
    // Row-major C = A B is column-major C^T = B^T A^T.
    if (c.dtype() == DType.FLOAT32) {
      blas.sgemm(
          lb.trans, la.trans, n, m, k, (float) alpha, b.f, b.offset, lb.ld, a.f, a.offset, la.ld,
          (float) beta, c.f, c.offset, ldc);
    } else {
      blas.dgemm(
          lb.trans, la.trans, n, m, k, alpha, b.d, b.offset, lb.ld, a.d, a.offset, la.ld, beta,
          c.d, c.offset, ldc);
    }
  }

  /** {@code y = A x} for 2-D A (m x k) and 1-D x (k). */
  private static Tensor gemv(Tensor a, Tensor x) {
    int m = a.shape().dim(0);
    int k = a.shape().dim(1);
    Tensor y = Tensor.zeros(Shape.of(m), a.dtype());
    if (m == 0 || k == 0) {
      return y;
    }
    Layout la = Layout.of(a);
    if (la == null) {
      a = a.contiguous();
      la = Layout.of(a);
    }
    if (x.strides[0] < 1) {
      x = x.contiguous();
    }
    // A row-major 'N' matrix is the column-major k x m matrix A^T, so y = (A^T)^T x.
    boolean rowMajor = la.trans.equals("N");
    String trans = rowMajor ? "T" : "N";
    int rows = rowMajor ? k : m;
    int cols = rowMajor ? m : k;
    BLAS blas = Blas.impl();
    if (a.dtype() == DType.FLOAT32) {
      blas.sgemv(
          trans, rows, cols, 1f, a.f, a.offset, la.ld, x.f, x.offset, x.strides[0], 0f, y.f, 0, 1);
    } else {
      blas.dgemv(
          trans, rows, cols, 1.0, a.d, a.offset, la.ld, x.d, x.offset, x.strides[0], 0.0, y.d, 0,
          1);
    }
    return y;
  }
}
