package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = a - b}, broadcast. Backward: {@code da = dy, db = -dy}. */
public final class Sub extends Op {
  /** The op. */
  public Sub() {
    super("sub", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].sub(in[1]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy, ctx.needsInputGrad(1) ? dy.neg() : null};
  }
}
