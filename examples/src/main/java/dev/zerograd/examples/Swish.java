package dev.zerograd.examples;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/**
 * A user-defined op, written against the public {@link Op} API exactly as a built-in one is:
 * Swish (SiLU), {@code y = x * sigmoid(x)}, whose derivative is {@code s + x s (1 - s)} with
 * {@code s = sigmoid(x)}.
 */
public final class Swish extends Op {
  /** The op. */
  public Swish() {
    super("swish", 1);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = in[0];
    Tensor s = x.sigmoid();
    ctx.save(x, s);
    return x.mul(s);
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dy) {
    Tensor x = ctx.saved(0);
    Tensor s = ctx.saved(1);
    Tensor local = s.add(x.mul(s).mul(s.neg().add(1)));
    return new Tensor[] {dy.mul(local)};
  }
}
