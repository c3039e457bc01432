package dev.zerograd.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;
import java.util.List;

/**
 * Adam, in the textbook's form: at step t, {@code lr_t = lr * sqrt(1 - beta2^t) / (1 -
 * beta1^t); m += (1 - beta1) (g - m); v += (1 - beta2) (g^2 - v); p -= lr_t * m / (sqrt(v) +
 * eps)}; or in PyTorch's ({@link Builder#pytorch()}, {@code torch.optim.Adam} and {@code AdamW}),
 * which adds eps after the bias correction: {@code p -= lr / (1 - beta1^t) * m / (sqrt(v) /
 * sqrt(1 - beta2^t) + eps)}, eps 1e-8 by default. The two differ only in where eps acts, which
 * matters while {@code sqrt(v)} is small (the first steps, rarely-updated weights).
 *
 * <pre>{@code
 * new Adam(net, 0.001);                                             // the textbook's
 * Adam.builder(net).pytorch().lr(3e-4).weightDecay(1e-4).build();  // torch.optim.Adam
 * Adam.builder(net).pytorch().lr(3e-4).decoupledWeightDecay(0.01).build(); // torch.optim.AdamW
 * }</pre>
 *
 * <p>Defaults: lr 0.001, betas (0.9, 0.999), eps 1e-7 (PyTorch's form: 1e-8), no weight decay.
 */
public final class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final boolean pytorch;
  private final double decoupledWeightDecay;

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
    super(b);
    this.beta1 = check("Adam", "beta1", b.beta1, 0, Math.nextDown(1.0));
    this.beta2 = check("Adam", "beta2", b.beta2, 0, Math.nextDown(1.0));
    this.pytorch = b.pytorch;
    double defaultEps = b.pytorch ? 1e-8 : 1e-7;
    this.eps =
        check("Adam", "eps", b.eps != null ? b.eps : defaultEps, Double.MIN_VALUE, Double.MAX_VALUE);
    this.decoupledWeightDecay =
        check("Adam", "decoupled weight decay", b.decoupledWeightDecay, 0, Double.MAX_VALUE);
    checkArgument(
        decoupledWeightDecay == 0 || pytorch,
        "Adam: decoupled weight decay is AdamW's, in PyTorch's form; call pytorch() on the builder");
    checkArgument(
        decoupledWeightDecay == 0 || b.weightDecay == 0,
        "Adam: give weightDecay (L2, torch.optim.Adam) or decoupledWeightDecay (torch.optim.AdamW),"
            + " not both");
  }

  /**
   * Whether the update is PyTorch's ({@link Builder#pytorch()}) rather than the textbook's.
   *
   * @return true for PyTorch's form
   */
  public boolean isPytorchForm() {
    return pytorch;
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
    Double eps;
    boolean pytorch;
    double decoupledWeightDecay;

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
     * The term added to the denominator for numerical stability, > 0: by default 1e-7 as in the
     * textbook, 1e-8 in PyTorch's form.
     *
     * @param value the small constant added to the denominator, positive
     * @return this builder
     */
    public Builder eps(double value) {
      this.eps = value;
      return this;
    }

    /**
     * PyTorch's update ({@code torch.optim.Adam}): eps added after the bias correction, eps 1e-8
     * unless set; with {@link #decoupledWeightDecay} it is {@code torch.optim.AdamW}.
     *
     * @return this builder
     */
    public Builder pytorch() {
      this.pytorch = true;
      return this;
    }

    /**
     * AdamW's weight decay ({@code torch.optim.AdamW}'s {@code weight_decay}, PyTorch's form
     * only): each step first shrinks the parameter, {@code p *= 1 - lr * value}, instead of adding
     * {@code value * p} to the gradient as {@link #weightDecay} does.
     *
     * @param value the decay factor, at least 0 (AdamW's default is 0.01)
     * @return this builder
     */
    public Builder decoupledWeightDecay(double value) {
      this.decoupledWeightDecay = value;
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
    double lr = lr(index);
    double correction2 = Math.sqrt(1 - Math.pow(beta2, t));
    double lrT = lr * correction2 / (1 - Math.pow(beta1, t));
    if (decoupledWeightDecay != 0) {
      param.mulInPlace(1 - lr * decoupledWeightDecay);
    }
    // PyTorch's eps after the correction, lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps), is the
    // textbook's kernel with eps scaled by sqrt(bc2).
    param.adamInPlace(grad, m, v, lrT, beta1, beta2, pytorch ? eps * correction2 : eps);
  }
}
