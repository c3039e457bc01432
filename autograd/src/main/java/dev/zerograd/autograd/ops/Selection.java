package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/** The backward shared by {@link Maximum} and {@link Minimum}. */
final class Selection {
  private Selection() {}

  /**
   * Routes {@code dy} to input 0 where {@code firstWins} is 1, to input 1 where the inputs
   * differ otherwise, and half to each where they tie.
   */
  static Variable[] split(Context ctx, Variable dy, Tensor firstWins) {
    Tensor a = ctx.input(0).value();
    Tensor b = ctx.input(1).value();
    // The shares are constants: maximum and minimum are piecewise linear.
    Tensor share = firstWins.add(a.eq(b).mul(0.5));
    Variable da = ctx.needsInputGrad(0) ? dy.mul(Variable.of(share)) : null;
    Variable db = ctx.needsInputGrad(1) ? dy.mul(Variable.of(share.neg().add(1))) : null;
    return new Variable[] {da, db};
  }
}
