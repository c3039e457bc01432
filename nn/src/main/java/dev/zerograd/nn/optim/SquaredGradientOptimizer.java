package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * What {@link AdaGrad} and {@link RMSprop} share: a learning rate scaled per element by the root
 * of an accumulated square of the gradient, {@code p -= lr * g / (sqrt(h) + eps)}; they differ
 * only in how h accumulates ({@link #accumulate}).
 */
abstract class SquaredGradientOptimizer extends Optimizer {
  final double lr;
  final double eps;

  SquaredGradientOptimizer(String name, Builder<?, ?> b) {
    super(b.params, b.weightDecay);
    this.lr = check(name, "lr", b.lr, Double.MIN_VALUE, Double.MAX_VALUE);
    this.eps = check(name, "eps", b.eps, Double.MIN_VALUE, Double.MAX_VALUE);
  }

  /**
   * The settings of a squared-gradient optimiser: the learning rate (default 0.01), eps (default
   * 1e-7) and the weight decay.
   *
   * @param <B> the concrete builder, returned by the setters
   * @param <O> the optimiser it builds
   */
  abstract static class Builder<B extends Builder<B, O>, O extends SquaredGradientOptimizer>
      extends Optimizer.Builder<B, O> {
    double eps = 1e-7;

    Builder(Iterable<Variable> params) {
      super(params, 0.01);
    }

    /**
     * The term added to the denominator for numerical stability, > 0: 1e-7 as in the textbook
     * (PyTorch's defaults: AdaGrad 1e-10, RMSprop 1e-8).
     *
     * @param value the small constant added to the denominator, positive
     * @return this builder
     */
    public B eps(double value) {
      this.eps = value;
      return self();
    }
  }

  @Override
  protected final void update(int index, Tensor param, Tensor grad) {
    Tensor h = state(index, param, 1)[0];
    accumulate(h, grad);
    param.addScaledInPlace(-lr, grad.div(h.sqrt().add(eps)));
  }

  /** Adds this step's squared gradient into {@code h}, in place. */
  abstract void accumulate(Tensor h, Tensor grad);
}
