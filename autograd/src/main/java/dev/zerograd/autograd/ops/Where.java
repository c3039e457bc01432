package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
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
    return Tensor.where(in[0], in[1], in[2]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Tensor mask = ctx.input(0).value();
    Variable zero = Variable.of(Tensor.scalar(0, dy.dtype()));
    return new Variable[] {
      null,
      ctx.needsInputGrad(1) ? Variable.where(mask, dy, zero) : null,
      ctx.needsInputGrad(2) ? Variable.where(mask, zero, dy) : null
    };
  }
}
