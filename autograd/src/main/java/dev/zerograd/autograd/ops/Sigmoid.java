package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = 1 / (1 + e^-x)}: the textbook's Sigmoid layer. Backward uses only the output:
 * {@code dx = dy * y * (1 - y)}.
 */
public final class Sigmoid extends Op {
  /** The op. */
  public Sigmoid() {
    super("sigmoid", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[0].sigmoid();
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor y = ctx.saved(0);
    return new Tensor[] {dy.mul(y).mul(y.neg().add(1))};
  }
}
