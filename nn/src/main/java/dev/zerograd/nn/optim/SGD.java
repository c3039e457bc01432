package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/** Stochastic gradient descent: {@code p -= lr * g}. */
public final class SGD extends Optimizer {
  private final double lr;

  /** @throws IllegalArgumentException when lr is not positive */
  public SGD(Iterable<Variable> params, double lr) {
    this(params, lr, 0);
  }

  /** SGD with L2 weight decay. */
  public SGD(Iterable<Variable> params, double lr, double weightDecay) {
    super(params, weightDecay);
    this.lr = check("SGD", "lr", lr, Double.MIN_VALUE, Double.MAX_VALUE);
  }

  /** SGD over a module's parameters. */
  public SGD(Module module, double lr) {
    this(of(module), lr);
  }

  @Override
  protected void update(int index, Tensor param, Tensor grad) {
    param.addScaledInPlace(-lr, grad);
  }
}
