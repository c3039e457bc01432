package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** {@code y = x} in another shape (one dimension may be -1). Backward reshapes back. */
public final class Reshape extends Op {
  private final int[] dims;

  /** @param dims the new dimensions; one may be -1 and is inferred */
  public Reshape(int... dims) {
    super("reshape", 1);
    this.dims = dims.clone();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].reshape(dims);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy.reshape(ctx.inputShape(0).toArray())};
  }

  /**
   * The configuration: the target dimensions as given (one may be -1).
   *
   * @return the target dimensions as given (one may be -1) (a copy)
   */
  public int[] dims() {
    return dims.clone();
  }
}
