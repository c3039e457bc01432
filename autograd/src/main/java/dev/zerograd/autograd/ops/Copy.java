package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = x} in storage of its own. Backward: {@code dx = dy}. */
public final class Copy extends Op {
  /** The op. */
  public Copy() {
    super("copy", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].copy();
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy};
  }
}
