package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * What {@link AdaGrad} and {@link RMSprop} share: a learning rate scaled per element by the root
 * of an accumulated square of the gradient, {@code p -= lr * g / (sqrt(h) + eps)}; they differ
 * only in how h accumulates ({@link #accumulate}).
 */
abstract class SquaredGradientOptimizer extends Optimizer {
  final double eps;

  /**
   * @param name the optimiser, for messages
   * @param b its settings
   * @param pytorchEps PyTorch's default eps for it, the default of {@link Builder#pytorch()}
   */
  SquaredGradientOptimizer(String name, Builder<?, ?> b, double pytorchEps) {
    super(b);
    double e = b.eps != null ? b.eps : b.pytorch ? pytorchEps : TEXTBOOK_EPS;
    this.eps = check(name, "eps", e, Double.MIN_VALUE, Double.MAX_VALUE);
  }

  /** The textbook's eps, the default of both. */
  static final double TEXTBOOK_EPS = 1e-7;

  /**
   * The settings of a squared-gradient optimiser: the learning rate (default 0.01), eps (default
   * 1e-7) and the weight decay.
   *
   * @param <B> the concrete builder, returned by the setters
   * @param <O> the optimiser it builds
   */
  abstract static class Builder<B extends Builder<B, O>, O extends SquaredGradientOptimizer>
      extends Optimizer.Builder<B, O> {
    Double eps;
    boolean pytorch;

    Builder(Iterable<Variable> params) {
      super(params, 0.01);
    }

    /**
     * PyTorch's defaults ({@code torch.optim.RMSprop}'s eps 1e-8, {@code torch.optim.Adagrad}'s
     * 1e-10) instead of the textbook's 1e-7; the update rule is the same, {@code torch.optim}'s
     * with its other options at their defaults (no centring, momentum or learning-rate decay).
     *
     * @return this builder
     */
    public B pytorch() {
      this.pytorch = true;
      return self();
    }

    /**
     * The term added to the denominator for numerical stability, > 0: by default 1e-7 as in the
     * textbook, or PyTorch's after {@link #pytorch()} (AdaGrad 1e-10, RMSprop 1e-8).
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
    Tensor[] s = state(index, param, stateNames().size());
    Tensor scale = accumulate(s, grad);
    move(index, param, grad.div(scale.sqrt().add(eps)), s);
  }

  /**
   * Adds this step's gradient into the state {@code s} ({@code s[0]} the squared-gradient sum
   * or average), in place, and returns what the step's denominator is the root of.
   */
  abstract Tensor accumulate(Tensor[] s, Tensor grad);

  /** Moves {@code param} by the scaled gradient {@code step}: {@code p -= lr * step}. */
  void move(int index, Tensor param, Tensor step, Tensor[] s) {
    param.addScaledInPlace(-lr(index), step);
  }
}
