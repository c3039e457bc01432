package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * The inputs joined along an axis ({@link Tensor#concat}). Backward gives each input its slice
 * of {@code dy}.
 */
public final class Concat extends Op {
  private final int axis;

  /** @param axis the axis joined along (negative counts from the end) */
  public Concat(int axis) {
    super("concat", VARIADIC);
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return Tensor.concat(axis, in);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    int a = dy.shape().axis(name(), axis);
    int n = ctx.inputCount();
    Variable[] grads = new Variable[n];
    int at = 0;
    for (int i = 0; i < n; i++) {
      int len = ctx.inputShape(i).dim(a);
      if (ctx.needsInputGrad(i)) {
        grads[i] = dy.slice(a, at, at + len, 1).to(ctx.inputDType(i));
      }
      at += len;
    }
    return grads;
  }

  /**
   * The configuration: the axis joined along.
   *
   * @return the axis joined along
   */
  public int axis() {
    return axis;
  }
}
