package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
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
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    return new Tensor[] {dy.mul(ctx.saved(0))};
  }
}
