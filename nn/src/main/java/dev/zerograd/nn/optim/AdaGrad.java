package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/**
 * AdaGrad: {@code h += g^2; p -= lr * g / (sqrt(h) + eps)}. Defaults: lr 0.01, eps 1e-7, no weight
 * decay.
 */
public final class AdaGrad extends Optimizer {
  private final double lr;
  private final double eps;

  /**
   * With the defaults.
   *
   * @param params the parameters to update
   */
  public AdaGrad(Iterable<Variable> params) {
    this(builder(params));
  }

  /**
   * AdaGrad over a module's parameters, with the other defaults.
   *
   * @param module the module whose parameters are updated
   * @param lr the learning rate
   * @throws IllegalArgumentException when lr is not positive
   */
  public AdaGrad(Module module, double lr) {
    this(builder(module).lr(lr));
  }

  private AdaGrad(Builder b) {
    super(b.params, b.weightDecay);
    this.lr = check("AdaGrad", "lr", b.lr, Double.MIN_VALUE, Double.MAX_VALUE);
    this.eps = check("AdaGrad", "eps", b.eps, Double.MIN_VALUE, Double.MAX_VALUE);
  }

  /**
   * A builder over {@code params}, with the defaults above.
   *
   * @param params the parameters to update
   * @return a builder over {@code params}, with the defaults above
   */
  public static Builder builder(Iterable<Variable> params) {
    return new Builder(params);
  }

  /**
   * A builder over a module's parameters.
   *
   * @param module the module whose parameters are updated
   * @return a builder over a module's parameters
   */
  public static Builder builder(Module module) {
    return builder(of(module));
  }

  /** Settings of {@link AdaGrad}. */
  public static final class Builder extends Optimizer.Builder<Builder, AdaGrad> {
    double eps = 1e-7;

    Builder(Iterable<Variable> params) {
      super(params, 0.01);
    }

    /**
     * The term added to the denominator for numerical stability, > 0: 1e-7 as in the textbook
     * (PyTorch's default is 1e-10).
     *
     * @param value the small constant added to the denominator, positive
     * @return the term added to the denominator for numerical stability, > 0: 1e-7 as in the
     *     textbook (PyTorch's default is 1e-10)
     */
    public Builder eps(double value) {
      this.eps = value;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public AdaGrad build() {
      return new AdaGrad(this);
    }
  }

  @Override
  protected void update(int index, Tensor param, Tensor grad) {
    Tensor h = state(index, param, 1)[0];
    h.addInPlace(grad.mul(grad));
    param.addScaledInPlace(-lr, grad.div(h.sqrt().add(eps)));
  }
}
