package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/** {@code y = tanh(x)}. Backward uses the output: {@code dx = dy * (1 - y^2)}. */
public final class Tanh extends Op {
  /** The op. */
  public Tanh() {
    super("tanh", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[0].tanh();
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor y = ctx.saved(0);
    return new Tensor[] {dy.mul(y.mul(y).neg().add(1))};
  }
}
