package dev.zerograd.nn.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * The Affine layer's op: {@code y = x W + b}, b broadcast over the rows.
 *
 * <p>Shapes: x {@code (N, in)}, W {@code (in, out)}, b {@code (out,)} give y {@code (N, out)}.
 * Backward: {@code dx = dy W^T, dW = x^T dy, db = sum of dy over rows}; the transposes go to BLAS
 * as flags, and dx is computed only when x requires a gradient (never for a batch of images).
 */
public final class AffineOp extends Op {
  /** The op; inputs are (x, W, b). */
  public AffineOp() {
    super("affine", 3);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor w = in[1];
    Tensor b = in[2];
    checkArgument(
        x.rank() == 2 && w.rank() == 2 && b.rank() == 1,
        "affine: expects x (N, in), W (in, out), b (out,), got %s, %s, %s",
        x.shape(),
        w.shape(),
        b.shape());
    checkArgument(
        x.dtype() == w.dtype() && b.dtype() == w.dtype(),
        "affine: x is %s but W is %s and b %s; convert the input with x.to(%s) (a float64 input"
            + " would silently make a float32 layer compute in float64)",
        x.dtype(),
        w.dtype(),
        b.dtype(),
        w.dtype());
    checkArgument(
        x.dim(1) == w.dim(0) && w.dim(1) == b.dim(0),
        "affine: x %s, W %s and b %s do not fit: x's columns must equal W's rows and b's length"
            + " W's columns",
        x.shape(),
        w.shape(),
        b.shape());
    return x.matmul(w).addInPlace(b);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable x = ctx.input(0);
    Variable w = ctx.input(1);
    return new Variable[] {
      ctx.needsInputGrad(0) ? dy.matmul(w.transpose()) : null,
      ctx.needsInputGrad(1) ? x.transpose().matmul(dy) : null,
      ctx.needsInputGrad(2) ? dy.sum(0) : null
    };
  }
}
