package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
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
    return in[0].minimum(in[1]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return Selection.split(ctx, dy, ctx.input(0).value().lt(ctx.input(1).value()));
  }
}
