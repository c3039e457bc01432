package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = a / b}, broadcast. Backward: {@code da = dy / b, db = -dy * a / b^2}. */
public final class Div extends Op {
  /** The op. */
  public Div() {
    super("div", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].div(in[1]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable a = ctx.input(0);
    Variable b = ctx.input(1);
    Variable da = dy.div(b);
    return new Variable[] {
      ctx.needsInputGrad(0) ? da : null, ctx.needsInputGrad(1) ? da.mul(a).div(b).neg() : null
    };
  }
}
