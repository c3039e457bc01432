package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = min(a, b)} elementwise, broadcast. Backward sends {@code dy} to the smaller input;
 * on a tie each gets half.
 */
public final class Minimum extends Op {
  /** The op. */
  public Minimum() {
    super("minimum", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return in[0].minimum(in[1]);
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    return Selection.split(ctx, dy, ctx.saved(0).lt(ctx.saved(1)));
  }
}
