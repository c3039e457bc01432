package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/** {@code y = ln x}. Backward: {@code dx = dy / x}. */
public final class Log extends Op {
  /** The op. */
  public Log() {
    super("log", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    ctx.save(in[0]);
    return in[0].log();
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    return new Tensor[] {dy.div(ctx.saved(0))};
  }
}
