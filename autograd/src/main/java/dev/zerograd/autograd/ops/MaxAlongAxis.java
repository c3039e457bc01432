package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * The maximum along one axis (the first one, on ties), the axis kept as size 1 or dropped: max
 * pooling's reduction. Backward sends {@code dy} to the position of each maximum and nothing
 * elsewhere, through {@link ScatterAlongAxis}; piecewise linear, so its second derivative is 0
 * away from ties.
 */
public final class MaxAlongAxis extends Op {
  private final int axis;
  private final boolean keepDims;

  /**
   * @param axis the axis reduced (negative counts from the end)
   * @param keepDims whether it stays, as size 1
   */
  public MaxAlongAxis(int axis, boolean keepDims) {
    super("maxAlongAxis", 1);
    this.axis = axis;
    this.keepDims = keepDims;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = in[0];
    int a = x.shape().axis(name(), axis);
    Tensor picked = x.takeAlongAxis(a, x.argmax(a));
    return keepDims ? picked : picked.reshape(x.shape().reduce(new int[] {a}, false).toArray());
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Tensor x = ctx.input(0).value();
    Shape in = ctx.inputShape(0);
    int a = in.axis(name(), axis);
    int[] argmax = x.argmax(a); // recomputed: cheaper to keep than an int[] per call
    Variable kept = dy.reshape(in.reduce(new int[] {a}, true).toArray());
    return new Variable[] {new ScatterAlongAxis(a, argmax, in.toArray()).apply(kept)};
  }

  /**
   * The configuration: the axis reduced.
   *
   * @return the axis reduced
   */
  public int axis() {
    return axis;
  }

  /**
   * The configuration: whether the axis stays, with size 1.
   *
   * @return whether the axis stays, with size 1
   */
  public boolean keepDims() {
    return keepDims;
  }
}
