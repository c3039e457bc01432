package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/** Momentum SGD: {@code v = momentum * v - lr * g; p += v}. */
public final class Momentum extends Optimizer {
  private final double lr;
  private final double momentum;

  /** The textbook's defaults: lr 0.01, momentum 0.9. */
  public Momentum(Iterable<Variable> params) {
    this(params, 0.01, 0.9, 0);
  }

  /**
   * @throws IllegalArgumentException when lr is not positive or momentum outside [0, 1)
   */
  public Momentum(Iterable<Variable> params, double lr, double momentum, double weightDecay) {
    super(params, weightDecay);
    this.lr = check("Momentum", "lr", lr, Double.MIN_VALUE, Double.MAX_VALUE);
    this.momentum = check("Momentum", "momentum", momentum, 0, Math.nextDown(1.0));
  }

  /** Momentum over a module's parameters. */
  public Momentum(Module module, double lr, double momentum) {
    this(of(module), lr, momentum, 0);
  }

  @Override
  protected void update(int index, Tensor param, Tensor grad) {
    Tensor v = state(index, param, 1)[0];
    v.mulInPlace(momentum).addScaledInPlace(-lr, grad);
    param.addInPlace(v);
  }
}
