package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.Arrays;

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
    return in[0].matmul(in[1]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable a = ctx.input(0);
    Variable b = ctx.input(1);
    boolean needA = ctx.needsInputGrad(0);
    boolean needB = ctx.needsInputGrad(1);
    if (a.rank() == 1 && b.rank() == 1) { // dot product: dy is a scalar
      return new Variable[] {needA ? b.mul(dy) : null, needB ? a.mul(dy) : null};
    }
    if (a.rank() <= 2 && b.rank() <= 2) {
      // A vector on the left is a row, on the right a column.
      Variable a2 = a.rank() == 1 ? a.reshape(1, -1) : a;
      Variable b2 = b.rank() == 1 ? b.reshape(-1, 1) : b;
      Variable dy2 = dy.reshape(a2.dim(0), b2.dim(1));
      return new Variable[] {
        needA ? dy2.matmul(b2.transpose()).reshape(a.shape().toArray()) : null,
        needB ? a2.transpose().matmul(dy2).reshape(b.shape().toArray()) : null
      };
    }
    // Batched: an operand shared by the batch (fewer axes, or a batch of 1) gets a gradient per
    // batch entry, summed back to its shape. A vector becomes a row or column first.
    Variable a3 = a.rank() == 1 ? a.reshape(1, -1) : a;
    Variable b3 = b.rank() == 1 ? b.reshape(-1, 1) : b;
    Variable dy3 = dy.reshape(batchedShape(a3, b3));
    return new Variable[] {
      needA
          ? dy3.matmul(lastTwoSwapped(b3)).sumTo(a3.shape()).reshape(a.shape().toArray())
          : null,
      needB
          ? lastTwoSwapped(a3).matmul(dy3).sumTo(b3.shape()).reshape(b.shape().toArray())
          : null
    };
  }

  /** The product's shape with both matrix axes kept (a vector operand's axis restored). */
  private static int[] batchedShape(Variable a, Variable b) {
    int[] ad = a.shape().toArray();
    int[] bd = b.shape().toArray();
    Shape batch =
        Shape.broadcast(
            "matmul",
            Shape.of(Arrays.copyOf(ad, ad.length - 2)),
            Shape.of(Arrays.copyOf(bd, bd.length - 2)));
    int[] out = Arrays.copyOf(batch.toArray(), batch.rank() + 2);
    out[batch.rank()] = ad[ad.length - 2];
    out[batch.rank() + 1] = bd[bd.length - 1];
    return out;
  }

  private static Variable lastTwoSwapped(Variable t) {
    int r = t.rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = i;
    }
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
    return t.transpose(perm);
  }
}
