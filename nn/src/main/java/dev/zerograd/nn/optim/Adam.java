package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;
import java.util.List;

/**
 * Adam, in the textbook's form: at step t, {@code lr_t = lr * sqrt(1 - beta2^t) / (1 -
 * beta1^t); m += (1 - beta1) (g - m); v += (1 - beta2) (g^2 - v); p -= lr_t * m / (sqrt(v) +
 * eps)}.
 *
 * <pre>{@code
 * new Adam(net, 0.001);
 * Adam.builder(net).lr(3e-4).betas(0.9, 0.999).eps(1e-8).weightDecay(1e-4).build(); // PyTorch's
 * }</pre>
 *
 * <p>Defaults: lr 0.001, betas (0.9, 0.999), eps 1e-7, no weight decay.
 */
public final class Adam extends Optimizer {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;

  /**
   * With the defaults.
   *
   * @param params the parameters to update
   */
  public Adam(Iterable<Variable> params) {
    this(builder(params));
  }

  /**
   * Adam over a module's parameters, with the other defaults.
   *
   * @param module the module whose parameters are updated
   * @param lr the learning rate
   * @throws IllegalArgumentException when lr is not positive
   */
  public Adam(Module module, double lr) {
    this(builder(module).lr(lr));
  }

  private Adam(Builder b) {
    super(b.params, b.weightDecay);
    this.lr = check("Adam", "lr", b.lr, Double.MIN_VALUE, Double.MAX_VALUE);
    this.beta1 = check("Adam", "beta1", b.beta1, 0, Math.nextDown(1.0));
    this.beta2 = check("Adam", "beta2", b.beta2, 0, Math.nextDown(1.0));
    this.eps = check("Adam", "eps", b.eps, Double.MIN_VALUE, Double.MAX_VALUE);
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

  /** Settings of {@link Adam}. */
  public static final class Builder extends Optimizer.Builder<Builder, Adam> {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-7;

    Builder(Iterable<Variable> params) {
      super(params, 0.001);
    }

    /**
     * The decay rates of the first and second moment averages, each in [0, 1).
     *
     * @param first the decay of the first-moment average (PyTorch's beta1), in [0, 1)
     * @param second the decay of the second-moment average (beta2), in [0, 1)
     * @return the decay rates of the first and second moment averages, each in [0, 1)
     */
    public Builder betas(double first, double second) {
      this.beta1 = first;
      this.beta2 = second;
      return this;
    }

    /**
     * The term added to the denominator for numerical stability, > 0: 1e-7 as in the textbook
     * (PyTorch's default is 1e-8).
     *
     * @param value the small constant added to the denominator, positive
     * @return the term added to the denominator for numerical stability, > 0: 1e-7 as in the
     *     textbook (PyTorch's default is 1e-8)
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
    public Adam build() {
      return new Adam(this);
    }
  }

  @Override
  protected List<String> stateNames() {
    return List.of("exp_avg", "exp_avg_sq");
  }

  @Override
  protected void update(int index, Tensor param, Tensor grad) {
    Tensor[] s = state(index, param, 2);
    Tensor m = s[0];
    Tensor v = s[1];
    long t = steps();
    double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    param.adamInPlace(grad, m, v, lrT, beta1, beta2, eps);
  }
}
