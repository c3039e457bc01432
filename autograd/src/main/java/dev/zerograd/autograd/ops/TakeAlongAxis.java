package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * One element per position along an axis, picked by index ({@link Tensor#takeAlongAxis}; NumPy's
 * {@code take_along_axis}, PyTorch's {@code gather}): picking each row's labelled score, or a
 * window's maximum. Backward adds {@code dy} back where each element came from, {@link
 * ScatterAlongAxis}.
 */
public final class TakeAlongAxis extends Op {
  private final int axis;
  private final int[] indices;

  /**
   * @param axis the axis picked along
   * @param indices one per output position, row-major, each within the axis
   */
  public TakeAlongAxis(int axis, int[] indices) {
    super("takeAlongAxis", 1);
    this.axis = axis;
    this.indices = indices.clone();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].takeAlongAxis(axis, indices);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {
      new ScatterAlongAxis(axis, indices, ctx.inputShape(0).toArray()).apply(dy)
    };
  }
}
