package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = |x|}. Backward: {@code dx = dy * sign(x)}, with sign(0) = 0. */
public final class Abs extends Op {
  /** The op. */
  public Abs() {
    super("abs", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].abs();
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    // d|x|/dx = sign(x): a constant, whose own derivative is 0 (away from the kink at 0).
    Tensor x = ctx.input(0).value();
    return new Variable[] {dy.mul(Variable.of(x.gt(0).sub(x.lt(0))))};
  }
}
