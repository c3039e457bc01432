package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y[i] = x[indices[i]]} along the first axis (indices may repeat): picking a batch, or an
 * embedding lookup. Backward adds each row of {@code dy} into the row it came from.
 */
public final class GatherRows extends Op {
  private final int[] indices;

  /** @param indices rows of the input, each in [0, rows) */
  public GatherRows(int[] indices) {
    super("gatherRows", 1);
    this.indices = indices.clone();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].gatherRows(indices);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {new ScatterRows(indices, ctx.inputShape(0)).apply(dy)};
  }
}
