package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;
import java.util.List;

/**
 * AdaGrad: {@code h += g^2; p -= lr * g / (sqrt(h) + eps)}, {@code torch.optim.Adagrad}'s rule.
 * Defaults: lr 0.01, eps 1e-7 (the textbook's; 1e-10, PyTorch's, after {@code pytorch()} on the
 * builder), no weight decay.
 */
public final class AdaGrad extends SquaredGradientOptimizer {
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

  private final double lrDecay;

  private AdaGrad(Builder b) {
    super("AdaGrad", b, 1e-10);
    this.lrDecay = check("AdaGrad", "lr decay", b.lrDecay, 0, Double.MAX_VALUE);
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
  public static final class Builder extends SquaredGradientOptimizer.Builder<Builder, AdaGrad> {
    double lrDecay;

    Builder(Iterable<Variable> params) {
      super(params);
    }

    /**
     * Learning-rate decay, {@code torch.optim.Adagrad}'s {@code lr_decay} (default 0): step
     * {@code t} (from 1) uses {@code lr / (1 + (t - 1) lrDecay)}.
     *
     * @param value the decay, at least 0
     * @return this builder
     */
    public Builder lrDecay(double value) {
      this.lrDecay = value;
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
  protected List<String> stateNames() {
    return List.of("sum");
  }

  @Override
  Tensor accumulate(Tensor[] s, Tensor grad) {
    return s[0].addInPlace(grad.mul(grad));
  }

  @Override
  void move(int index, Tensor param, Tensor step, Tensor[] s) {
    double lr = lr(index);
    param.addScaledInPlace(lrDecay == 0 ? -lr : -lr / (1 + (steps() - 1) * lrDecay), step);
  }
}
