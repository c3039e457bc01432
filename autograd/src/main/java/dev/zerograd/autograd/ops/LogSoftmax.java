package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
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
    ctx.save(y);
    return y;
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor y = ctx.saved(0);
    Tensor total = dy.sum(new int[] {axis}, true);
    return new Tensor[] {dy.sub(y.exp().mul(total))};
  }
}
