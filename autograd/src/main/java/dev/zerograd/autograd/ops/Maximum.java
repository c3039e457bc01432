package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = max(a, b)} elementwise, broadcast. Backward sends {@code dy} to the larger input;
 * on a tie each gets half.
 */
public final class Maximum extends Op {
  /** The op. */
  public Maximum() {
    super("maximum", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].maximum(in[1]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return Selection.split(ctx, dy, ctx.input(0).value().gt(ctx.input(1).value()));
  }
}
