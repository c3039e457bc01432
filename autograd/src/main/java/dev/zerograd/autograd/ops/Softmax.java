package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = softmax(x)} along an axis, computed stably. Backward: {@code dx = y * (dy - sum(dy *
 * y, axis))}.
 */
public final class Softmax extends Op {
  private final int axis;

  /** @param axis the axis whose entries sum to 1 */
  public Softmax(int axis) {
    super("softmax", 1);
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[0].softmax(axis);
    return y;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable y = ctx.output();
    Variable dot = dy.mul(y).sum(new int[] {axis}, true);
    return new Variable[] {y.mul(dy.sub(dot))};
  }

  /**
   * The configuration: the axis normalised.
   *
   * @return the axis normalised
   */
  public int axis() {
    return axis;
  }
}
