package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;
import java.util.List;

/**
 * RMSprop: {@code h = decay * h + (1 - decay) * g^2; p -= lr * g / (sqrt(h) + eps)}, {@code
 * torch.optim.RMSprop}'s rule (not centred, no momentum). Defaults: lr 0.01, decay 0.99 (PyTorch's
 * {@code alpha}), eps 1e-7 (the textbook's; 1e-8, PyTorch's, after {@code pytorch()} on the
 * builder), no weight decay.
 */
public final class RMSprop extends SquaredGradientOptimizer {
  private final double decay;

  /**
   * With the defaults.
   *
   * @param params the parameters to update
   */
  public RMSprop(Iterable<Variable> params) {
    this(builder(params));
  }

  /**
   * RMSprop over a module's parameters, with the other defaults.
   *
   * @param module the module whose parameters are updated
   * @param lr the learning rate
   * @throws IllegalArgumentException when lr is not positive
   */
  public RMSprop(Module module, double lr) {
    this(builder(module).lr(lr));
  }

  private RMSprop(Builder b) {
    super("RMSprop", b, 1e-8);
    this.decay = check("RMSprop", "decay", b.decay, 0, Math.nextDown(1.0));
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

  /** Settings of {@link RMSprop}. */
  public static final class Builder extends SquaredGradientOptimizer.Builder<Builder, RMSprop> {
    double decay = 0.99;

    Builder(Iterable<Variable> params) {
      super(params);
    }

    /**
     * The decay of the squared-gradient average, in [0, 1) (PyTorch's {@code alpha}).
     *
     * @param value the decay rate of the squared-gradient average, in [0, 1)
     * @return the decay of the squared-gradient average, in [0, 1) (PyTorch's {@code alpha})
     */
    public Builder decay(double value) {
      this.decay = value;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public RMSprop build() {
      return new RMSprop(this);
    }
  }

  @Override
  protected List<String> stateNames() {
    return List.of("square_avg");
  }

  @Override
  void accumulate(Tensor h, Tensor grad) {
    h.mulInPlace(decay).addScaledInPlace(1 - decay, grad.mul(grad));
  }
}
