package dev.zerograd.tensor;

import dev.zerograd.tensor.spi.Kernels;
import dev.zerograd.tensor.spi.View;
import java.util.Arrays;

/**
 * The front of matrix products: NumPy's {@code dot} and {@code matmul} rules (shapes, vectors as
 * rows or columns, broadcast batch axes), reduced to the 2-D products the backend computes.
 */
final class MatrixProducts {
  private MatrixProducts() {}

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
    Kernels k = backend(x, y);
    if (ra == 1 && rb == 1) {
      return Tensor.empty(Shape.scalar(), dt, k).fill(k.dot(x.view(), y.view()));
    }
    if (ra == 2 && rb == 2) {
      Tensor out = Tensor.empty(Shape.of(x.dim(0), y.dim(1)), dt, k);
      k.gemm(x.view(), y.view(), out.view(), 1.0, 0.0);
      return out;
    }
    // matrix . vector, or vector . matrix = (matrix^T . vector)
    Tensor m = ra == 2 ? x : y.transpose();
    Tensor v = ra == 2 ? y : x;
    Tensor out = Tensor.empty(Shape.of(m.dim(0)), dt, k);
    k.gemv(m.view(), v.view(), out.view());
    return out;
  }

  /**
   * NumPy {@code matmul}: {@link #dot} for 1-D and 2-D operands; otherwise a batch of matrix
   * products over the broadcast leading axes, a 1-D operand standing for a row (left) or a column
   * (right) that is dropped from the result.
   */
  static Tensor matmul(Tensor a, Tensor b) {
    if (a.rank() <= 2 && b.rank() <= 2) {
      return dot(a, b);
    }
    if (a.rank() == 0 || b.rank() == 0) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: operands must have at least one axis, got shapes %s and %s; use mul for"
                  + " scalars",
              a.shape(), b.shape()));
    }
    Tensor x = a.rank() == 1 ? a.reshape(1, -1) : a;
    Tensor y = b.rank() == 1 ? b.reshape(-1, 1) : b;
    int m = x.dim(-2);
    int k = x.dim(-1);
    int kb = y.dim(-2);
    int n = y.dim(-1);
    if (k != kb) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: shapes %s and %s not aligned: %d (dim %d) != %d (dim %d)",
              a.shape(), b.shape(), k, a.rank() - 1, kb, Math.max(0, b.rank() - 2)));
    }
    int[] batch = batchShape(a.shape(), b.shape(), lead(x), lead(y));
    DType dt = DType.promote(a.dtype(), b.dtype());
    Kernels kern = backend(a, b);
    Tensor xa = x.to(dt).broadcastTo(concat(batch, m, k));
    Tensor yb = y.to(dt).broadcastTo(concat(batch, k, n));
    Tensor out = Tensor.empty(Shape.of(concat(batch, m, n)), dt, kern);
    int[] idx = new int[batch.length];
    int count = Shape.of(batch).size();
    View[] as = new View[count];
    View[] bs = new View[count];
    View[] cs = new View[count];
    for (int i = 0; i < count; i++) {
      as[i] = matrix(xa, idx);
      bs[i] = matrix(yb, idx);
      cs[i] = matrix(out, idx);
      for (int d = batch.length - 1; d >= 0 && ++idx[d] == batch[d]; d--) {
        idx[d] = 0;
      }
    }
    kern.gemmBatch(as, bs, cs, 1.0, 0.0);
    int[] dims = out.shape().toArray();
    if (a.rank() == 1 || b.rank() == 1) {
      int[] kept = new int[dims.length - 1];
      int drop = a.rank() == 1 ? dims.length - 2 : dims.length - 1;
      for (int i = 0, j = 0; i < dims.length; i++) {
        if (i != drop) {
          kept[j++] = dims[i];
        }
      }
      return out.reshape(kept);
    }
    return out;
  }

  private static int[] lead(Tensor t) {
    return Arrays.copyOf(t.shape().dimsUnsafe(), t.rank() - 2);
  }

  /** The broadcast of two batch shapes, failing in matmul's words. */
  private static int[] batchShape(Shape as, Shape bs, int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.length ? 1 : a[i - (r - a.length)];
      int db = i < r - b.length ? 1 : b[i - (r - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            String.format(
                "matmul: batch sizes of shapes %s and %s differ: %d != %d; make them equal or 1",
                as, bs, da, db));
      }
      out[i] = Math.max(da, db);
    }
    return out;
  }

  private static int[] concat(int[] batch, int rows, int cols) {
    int[] d = Arrays.copyOf(batch, batch.length + 2);
    d[batch.length] = rows;
    d[batch.length + 1] = cols;
    return d;
  }

  /** The matrix at batch index {@code idx} of a tensor whose last two axes are matrices. */
  private static View matrix(Tensor t, int[] idx) {
    View v = t.view();
    int[] st = v.strides();
    int off = v.offset();
    for (int i = 0; i < idx.length; i++) {
      off += idx[i] * st[i];
    }
    int r = st.length;
    return new View(
        v.storage(),
        new int[] {v.dims()[r - 2], v.dims()[r - 1]},
        new int[] {st[r - 2], st[r - 1]},
        off);
  }

  private static Kernels backend(Tensor a, Tensor b) {
    return Tensor.sameBackend("matmul", b, a.kernels());
  }
}
