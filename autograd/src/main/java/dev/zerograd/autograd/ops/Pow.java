package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = a ^ b} elementwise, broadcast. Backward: {@code da = dy * b * a^(b-1)} and {@code db
 * = dy * y * ln a} (the latter only computed when the exponent requires a gradient, and defined
 * for {@code a > 0}).
 */
public final class Pow extends Op {
  /** The op. */
  public Pow() {
    super("pow", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[0].pow(in[1]);
    return y;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable a = ctx.input(0);
    Variable b = ctx.input(1);
    Variable da = ctx.needsInputGrad(0) ? dy.mul(b).mul(a.pow(b.sub(1))) : null;
    Variable db = ctx.needsInputGrad(1) ? dy.mul(ctx.output()).mul(a.log()) : null;
    return new Variable[] {da, db};
  }
}
