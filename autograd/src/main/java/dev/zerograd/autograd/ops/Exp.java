package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = e^x}. Backward reuses the output: {@code dx = dy * y}. */
public final class Exp extends Op {
  /** The op. */
  public Exp() {
    super("exp", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[0].exp();
    return y;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy.mul(ctx.output())};
  }
}
