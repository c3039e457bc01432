package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = a * b} elementwise, broadcast: the textbook's multiplication layer. Backward swaps
 * the inputs: {@code da = dy * b, db = dy * a}.
 */
public final class Mul extends Op {
  /** The op. */
  public Mul() {
    super("mul", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return in[0].mul(in[1]);
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    return new Tensor[] {
      ctx.needsInputGrad(0) ? dy.mul(b) : null, ctx.needsInputGrad(1) ? dy.mul(a) : null
    };
  }
}
