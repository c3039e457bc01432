package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = -x}. Backward: {@code dx = -dy}. */
public final class Neg extends Op {
  /** The op. */
  public Neg() {
    super("neg", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].neg();
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy.neg()};
  }
}
