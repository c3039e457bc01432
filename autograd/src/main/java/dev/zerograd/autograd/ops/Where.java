package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = mask != 0 ? a : b}, all three broadcast. The mask (input 0) is not differentiable;
 * backward sends {@code dy} to whichever input was chosen: {@code da = where(mask, dy, 0), db =
 * where(mask, 0, dy)}.
 */
public final class Where extends Op {
  /** The op; inputs are (mask, a, b). */
  public Where() {
    super("where", 3);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    ctx.save(in[0]);
    return Tensor.where(in[0], in[1], in[2]);
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor mask = ctx.saved(0);
    Tensor zero = Tensor.scalar(0, dy.dtype());
    return new Tensor[] {
      null,
      ctx.needsInputGrad(1) ? Tensor.where(mask, dy, zero) : null,
      ctx.needsInputGrad(2) ? Tensor.where(mask, zero, dy) : null
    };
  }
}
