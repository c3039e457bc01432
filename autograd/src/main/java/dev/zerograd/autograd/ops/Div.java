package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/** {@code y = a / b}, broadcast. Backward: {@code da = dy / b, db = -dy * a / b^2}. */
public final class Div extends Op {
  /** The op. */
  public Div() {
    super("div", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return in[0].div(in[1]);
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    Tensor da = dy.div(b);
    return new Tensor[] {
      ctx.needsInputGrad(0) ? da : null, ctx.needsInputGrad(1) ? da.mul(a).div(b).neg() : null
    };
  }
}
