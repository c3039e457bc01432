package dev.zerograd.examples;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * A user-defined op, written against the public {@link Op} API exactly as a built-in one is:
 * Swish (SiLU), {@code y = x * sigmoid(x)}, whose derivative is {@code s + x s (1 - s)} with
 * {@code s = sigmoid(x)}. Its backward is written with Variable operations, so Swish has second
 * derivatives too.
 */
public final class Swish extends Op {
  /** The op. */
  public Swish() {
    super("swish", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor s = in[0].sigmoid();
    ctx.save(s); // kept for backward
    return in[0].mul(s);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable x = ctx.input(0);
    Variable s = ctx.saved(0, () -> x.sigmoid()); // recomputed when differentiated again
    return new Variable[] {dy.mul(s.add(x.mul(s).mul(s.neg().add(1))))};
  }
}
