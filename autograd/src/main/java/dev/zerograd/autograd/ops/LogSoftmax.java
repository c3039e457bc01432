package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = log(softmax(x))} along an axis, computed stably. Backward: {@code dx = dy -
 * softmax(x) * sum(dy, axis)}, with {@code softmax(x) = e^y}.
 */
public final class LogSoftmax extends Op {
  private final int axis;

  /** @param axis the axis normalised over */
  public LogSoftmax(int axis) {
    super("logSoftmax", 1);
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[0].logSoftmax(axis);
    return y;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable y = ctx.output();
    Variable total = dy.sum(new int[] {axis}, true);
    return new Variable[] {dy.sub(y.exp().mul(total))};
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
