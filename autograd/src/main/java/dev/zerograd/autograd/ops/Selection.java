package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.tensor.Tensor;

/** The backward shared by {@link Maximum} and {@link Minimum}. */
final class Selection {
  private Selection() {}

  /**
   * Routes {@code dy} to input 0 where {@code firstWins} is 1, to input 1 where the inputs
   * differ otherwise, and half to each where they tie.
   */
  static Tensor[] split(Context ctx, Tensor dy, Tensor firstWins) {
    Tensor a = ctx.saved(0);
    Tensor b = ctx.saved(1);
    Tensor share = firstWins.add(a.eq(b).mul(0.5));
    Tensor da = ctx.needsInputGrad(0) ? dy.mul(share) : null;
    Tensor db = ctx.needsInputGrad(1) ? dy.mul(share.neg().add(1)) : null;
    return new Tensor[] {da, db};
  }
}
