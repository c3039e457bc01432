package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = a . b}, NumPy {@code matmul}: for matrices the Affine layer's product. Backward, for
 * matrices: {@code da = dy . b^T, db = a^T . dy}, with transposes passed to BLAS as views; the
 * 1-D cases treat a vector as a row or column, and 3-D operands as batches. A gradient is
 * computed only for an input that needs one.
 */
public final class MatMul extends Op {
  /** The op. */
  public MatMul() {
    super("matmul", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return in[0].matmul(in[1]);
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    boolean needA = ctx.needsInputGrad(0);
    boolean needB = ctx.needsInputGrad(1);
    if (a.rank() == 1 && b.rank() == 1) { // dot product: dy is a scalar
      return new Tensor[] {needA ? b.mul(dy) : null, needB ? a.mul(dy) : null};
    }
    if (a.rank() <= 2 && b.rank() <= 2) {
      // A vector on the left is a row, on the right a column.
      Tensor a2 = a.rank() == 1 ? a.reshape(1, -1) : a;
      Tensor b2 = b.rank() == 1 ? b.reshape(-1, 1) : b;
      Tensor dy2 = dy.reshape(a2.dim(0), b2.dim(1));
      return new Tensor[] {
        needA ? dy2.matmul(b2.transpose()).reshape(a.shape().toArray()) : null,
        needB ? a2.transpose().matmul(dy2).reshape(b.shape().toArray()) : null
      };
    }
    // Batched: an operand shared by the batch (2-D, or a batch of 1) gets a gradient per batch
    // entry, summed back to its shape.
    return new Tensor[] {
      needA ? dy.matmul(lastTwoSwapped(b)).sumTo(a.shape()) : null,
      needB ? lastTwoSwapped(a).matmul(dy).sumTo(b.shape()) : null
    };
  }

  private static Tensor lastTwoSwapped(Tensor t) {
    return t.rank() == 2 ? t.transpose() : t.transpose(0, 2, 1);
  }
}
