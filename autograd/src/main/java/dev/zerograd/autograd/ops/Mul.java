package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = a * b} elementwise, broadcast: the textbook's multiplication layer. Backward swaps
 * the inputs: {@code da = dy * b, db = dy * a}.
 */
public final class Mul extends Op {
  /** The op. */
  public Mul() {
    super("mul", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].mul(in[1]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {
      ctx.needsInputGrad(0) ? dy.mul(ctx.input(1)) : null,
      ctx.needsInputGrad(1) ? dy.mul(ctx.input(0)) : null
    };
  }
}
