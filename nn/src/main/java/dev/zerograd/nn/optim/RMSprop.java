package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;
import java.util.List;

/**
 * RMSprop: {@code h = decay * h + (1 - decay) * g^2; p -= lr * g / (sqrt(h) + eps)}, {@code
 * torch.optim.RMSprop}'s rule. Defaults: lr 0.01, decay 0.99 (PyTorch's {@code alpha}), eps 1e-7
 * (the textbook's; 1e-8, PyTorch's, after {@code pytorch()} on the builder), no weight decay, not
 * centred, no momentum. Centred ({@code centered(true)}): also {@code a = decay * a + (1 - decay)
 * g}, and the denominator {@code sqrt(h - a^2) + eps}. With momentum {@code m}: {@code b = m b +
 * g / denominator; p -= lr * b}.
 */
public final class RMSprop extends SquaredGradientOptimizer {
  private final double decay;
  private final double momentum;
  private final boolean centered;
  private final List<String> stateNames;

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
    this.momentum = check("RMSprop", "momentum", b.momentum, 0, Double.MAX_VALUE);
    this.centered = b.centered;
    List<String> names = new java.util.ArrayList<>(List.of("square_avg"));
    if (momentum > 0) {
      names.add("momentum_buffer");
    }
    if (centered) {
      names.add("grad_avg");
    }
    this.stateNames = List.copyOf(names);
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
    double momentum;
    boolean centered;

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

    /**
     * Momentum on the scaled gradient, {@code torch.optim.RMSprop}'s {@code momentum} (default
     * 0: none).
     *
     * @param value the momentum, at least 0
     * @return this builder
     */
    public Builder momentum(double value) {
      this.momentum = value;
      return this;
    }

    /**
     * Whether the squared gradients are centred by their running mean, {@code
     * torch.optim.RMSprop}'s {@code centered} (default false).
     *
     * @param on whether to centre
     * @return this builder
     */
    public Builder centered(boolean on) {
      this.centered = on;
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

  /** PyTorch's names: square_avg, then momentum_buffer and grad_avg where they are kept. */
  @Override
  protected List<String> stateNames() {
    return stateNames;
  }

  @Override
  Tensor accumulate(Tensor[] s, Tensor grad) {
    Tensor h = s[0].mulInPlace(decay).addScaledInPlace(1 - decay, grad.mul(grad));
    if (!centered) {
      return h;
    }
    Tensor mean = s[s.length - 1].mulInPlace(decay).addScaledInPlace(1 - decay, grad);
    return h.sub(mean.mul(mean));
  }

  @Override
  void move(int index, Tensor param, Tensor step, Tensor[] s) {
    if (momentum == 0) {
      super.move(index, param, step, s);
      return;
    }
    Tensor buffer = s[1].mulInPlace(momentum).addInPlace(step);
    param.addScaledInPlace(-lr(index), buffer);
  }
}
