package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
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
    return y;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable y = ctx.output();
    return new Variable[] {dy.mul(y).mul(y.neg().add(1))};
  }
}
