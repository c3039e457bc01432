package dev.zerograd.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent, {@code torch.optim.SGD}'s rule: {@code p -= lr * g} (with weight
 * decay, {@code g + weightDecay * p}); with a momentum, PyTorch's buffer {@code b = momentum * b
 * + (1 - dampening) * g} (the gradient itself on the first step) and {@code p -= lr * b}, or with
 * Nesterov {@code p -= lr * (g + momentum * b)}. Defaults as PyTorch's: lr 0.01, momentum 0,
 * dampening 0, no Nesterov, no weight decay. (The textbook's momentum, {@code v = momentum * v -
 * lr * g}, is {@link Momentum}, and its Nesterov form {@link Nesterov}; with a constant lr and no
 * dampening they follow this rule's path, up to rounding.)
 *
 * <pre>{@code
 * new SGD(net, 0.1);                                                   // the textbook's
 * SGD.builder(net).lr(0.1).weightDecay(1e-4).build();                  // with L2 decay
 * SGD.builder(net).lr(0.1).momentum(0.9).nesterov(true).build();       // torch.optim.SGD
 * }</pre>
 */
public final class SGD extends Optimizer {
  private final double momentum;
  private final double dampening;
  private final boolean nesterov;

  /**
   * @param params the parameters to update
   * @param lr the learning rate
   * @throws IllegalArgumentException when lr is not positive
   */
  public SGD(Iterable<Variable> params, double lr) {
    this(builder(params).lr(lr));
  }

  /**
   * SGD over a module's parameters.
   *
   * @param module the module whose parameters are updated
   * @param lr the learning rate
   */
  public SGD(Module module, double lr) {
    this(of(module), lr);
  }

  private SGD(Builder b) {
    super(b);
    this.momentum = check("SGD", "momentum", b.momentum, 0, Double.MAX_VALUE);
    this.dampening = check("SGD", "dampening", b.dampening, 0, 1);
    this.nesterov = b.nesterov;
    checkArgument(
        !nesterov || (momentum > 0 && dampening == 0),
        "SGD: Nesterov momentum needs a momentum above 0 and no dampening (momentum %s,"
            + " dampening %s), as in PyTorch",
        momentum,
        dampening);
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

  /** Settings of {@link SGD}. */
  public static final class Builder extends Optimizer.Builder<Builder, SGD> {
    double momentum;
    double dampening;
    boolean nesterov;

    Builder(Iterable<Variable> params) {
      super(params, 0.01);
    }

    /**
     * The momentum, >= 0 (PyTorch's {@code momentum}; 0, the default, keeps no buffer).
     *
     * @param value the momentum
     * @return this builder
     */
    public Builder momentum(double value) {
      this.momentum = value;
      return this;
    }

    /**
     * The dampening of the gradient's share of the buffer, in [0, 1] (PyTorch's {@code
     * dampening}, default 0).
     *
     * @param value the dampening
     * @return this builder
     */
    public Builder dampening(double value) {
      this.dampening = value;
      return this;
    }

    /**
     * Whether the step looks ahead along the buffer (PyTorch's {@code nesterov}, default false;
     * it needs a momentum and no dampening).
     *
     * @param value whether to use Nesterov momentum
     * @return this builder
     */
    public Builder nesterov(boolean value) {
      this.nesterov = value;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public SGD build() {
      return new SGD(this);
    }
  }

  @Override
  protected List<String> stateNames() {
    return momentum == 0 ? List.of() : List.of("momentum_buffer");
  }

  @Override
  protected void update(int index, Tensor param, Tensor grad) {
    double lr = lr(index);
    if (momentum == 0) {
      param.addScaledInPlace(-lr, grad);
      return;
    }
    boolean first = !hasState(index);
    Tensor buffer = state(index, param, 1)[0];
    if (first) {
      buffer.assignInPlace(grad);
    } else {
      buffer.mulInPlace(momentum).addScaledInPlace(1 - dampening, grad);
    }
    param.addScaledInPlace(-lr, nesterov ? grad.add(buffer.mul(momentum)) : buffer);
  }
}
