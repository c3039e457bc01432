package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = x} broadcast to a shape, as a fresh tensor (NumPy's {@code broadcast_to}, then a
 * copy). Backward: {@code dx = dy} summed over the broadcast axes, back to x's shape. The
 * gradient of {@link Sum}.
 */
public final class BroadcastTo extends Op {
  private final int[] dims;

  /** @param dims the shape to broadcast to */
  public BroadcastTo(int... dims) {
    super("broadcastTo", 1);
    this.dims = dims.clone();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].broadcastTo(dims).copy();
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy.sumTo(ctx.inputShape(0))};
  }

  /**
   * The configuration: the dimensions broadcast to.
   *
   * @return the dimensions broadcast to (a copy)
   */
  public int[] dims() {
    return dims.clone();
  }
}
