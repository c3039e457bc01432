package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;
import java.util.List;

/**
 * What {@link Momentum} and {@link Nesterov} share: a learning rate, a momentum, and a velocity
 * per parameter, {@code v = momentum * v - lr * g}; they differ only in how v moves the parameter
 * ({@link #move}).
 */
abstract class VelocityOptimizer extends Optimizer {
  final double momentum;

  VelocityOptimizer(String name, Builder<?, ?> b) {
    super(b);
    this.momentum = check(name, "momentum", b.momentum, 0, Math.nextDown(1.0));
  }

  /**
   * The settings of a velocity optimiser: the learning rate (default 0.01), the momentum (default
   * 0.9) and the weight decay.
   *
   * @param <B> the concrete builder, returned by the setters
   * @param <O> the optimiser it builds
   */
  abstract static class Builder<B extends Builder<B, O>, O extends VelocityOptimizer>
      extends Optimizer.Builder<B, O> {
    double momentum = 0.9;

    Builder(Iterable<Variable> params) {
      super(params, 0.01);
    }

    /**
     * The momentum, in [0, 1).
     *
     * @param value the momentum, in [0, 1)
     * @return this builder
     */
    public B momentum(double value) {
      this.momentum = value;
      return self();
    }
  }

  @Override
  protected List<String> stateNames() {
    return List.of("velocity");
  }

  @Override
  protected final void update(int index, Tensor param, Tensor grad) {
    Tensor v = state(index, param, 1)[0];
    double lr = lr(index);
    v.mulInPlace(momentum).addScaledInPlace(-lr, grad);
    move(param, grad, v, lr);
  }

  /**
   * Moves {@code param} by the updated velocity {@code v} (and, for Nesterov, the gradient, at
   * the parameter's learning rate {@code lr}).
   */
  abstract void move(Tensor param, Tensor grad, Tensor v, double lr);
}
