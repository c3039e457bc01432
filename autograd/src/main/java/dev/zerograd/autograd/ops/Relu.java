package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = max(x, 0)}: the textbook's ReLU layer. Backward passes {@code dy} where the output is
 * positive and blocks it elsewhere (the layer's mask): {@code dx = dy * (y > 0)}.
 */
public final class Relu extends Op {
  /** The op. */
  public Relu() {
    super("relu", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[0].relu();
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    return new Tensor[] {dy.mul(ctx.saved(0).gt(0))};
  }
}
