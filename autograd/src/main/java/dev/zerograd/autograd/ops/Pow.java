package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
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
    ctx.save(in[0], in[1], y);
    return y;
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    Tensor y = ctx.saved(2);
    Tensor da = ctx.needsInputGrad(0) ? dy.mul(b).mul(a.pow(b.sub(1))) : null;
    Tensor db = ctx.needsInputGrad(1) ? dy.mul(y).mul(a.log()) : null;
    return new Tensor[] {da, db};
  }
}
