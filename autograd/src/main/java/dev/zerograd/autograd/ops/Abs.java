package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/** {@code y = |x|}. Backward: {@code dx = dy * sign(x)}, with sign(0) = 0. */
public final class Abs extends Op {
  /** The op. */
  public Abs() {
    super("abs", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    ctx.save(in[0]);
    return in[0].abs();
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor x = ctx.saved(0);
    return new Tensor[] {dy.mul(x.gt(0).sub(x.lt(0)))};
  }
}
