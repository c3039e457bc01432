package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;

/** {@code y = x} in another type. Backward: {@code dx = dy} in x's type. */
public final class Cast extends Op {
  private final DType target;

  /** @param target the output's type */
  public Cast(DType target) {
    super("cast", 1);
    this.target = target;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].to(target).copy();
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy.to(ctx.inputDType(0))};
  }

  /**
   * The configuration: the type converted to.
   *
   * @return the type converted to
   */
  public DType target() {
    return target;
  }
}
