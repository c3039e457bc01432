package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = sum of x over axes} (empty: all), keeping them as size 1 when {@code keepDims}.
 * Backward broadcasts {@code dy} back over the summed axes.
 */
public final class Sum extends Op {
  private final int[] axes;
  private final boolean keepDims;

  /**
   * @param axes the axes to sum over (negative counts from the end); empty means all
   * @param keepDims whether the summed axes stay, as size 1
   */
  public Sum(int[] axes, boolean keepDims) {
    super("sum", 1);
    this.axes = axes.clone();
    this.keepDims = keepDims;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].sum(axes, keepDims);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Shape in = ctx.inputShape(0);
    Shape kept = in.reduce(in.axes(name(), axes), true);
    return new Variable[] {dy.reshape(kept.toArray()).broadcastTo(in.toArray())};
  }

  /**
   * The configuration: the axes summed (empty: all).
   *
   * @return the axes summed (empty: all) (a copy)
   */
  public int[] axes() {
    return axes.clone();
  }

  /**
   * The configuration: whether the summed axes stay, with size 1.
   *
   * @return whether the summed axes stay, with size 1
   */
  public boolean keepDims() {
    return keepDims;
  }
}
