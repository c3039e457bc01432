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
  private static final ReluGrad GRAD = new ReluGrad();

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
    // One pass, y > 0 ? dy : 0, with y a constant: relu's second derivative is 0 away from 0.
    return new Variable[] {GRAD.apply(dy, Variable.of(ctx.output().value()))};
  }
}
