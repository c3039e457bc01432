package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
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
    return y;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable y = ctx.output();
    return new Variable[] {dy.mul(y.mul(y).neg().add(1))};
  }
}
