package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = ln x}. Backward: {@code dx = dy / x}. */
public final class Log extends Op {
  /** The op. */
  public Log() {
    super("log", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].log();
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy.div(ctx.input(0))};
  }
}
