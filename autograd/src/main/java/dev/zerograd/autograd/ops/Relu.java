package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
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
    return y;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    // The mask y > 0 is a constant: relu's second derivative is 0 (away from the kink at 0).
    return new Variable[] {dy.mul(Variable.of(ctx.output().value().gt(0)))};
  }
}
