package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = sqrt(x)}. Backward reuses the output: {@code dx = dy / (2 y)}. */
public final class Sqrt extends Op {
  /** The op. */
  public Sqrt() {
    super("sqrt", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[0].sqrt();
    return y;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy.div(ctx.output().mul(2))};
  }
}
