package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/**
 * Momentum SGD: {@code v = momentum * v - lr * g; p += v}. Defaults: lr 0.01, momentum 0.9, no
 * weight decay.
 *
 * <pre>{@code
 * new Momentum(net, 0.01, 0.9);
 * Momentum.builder(net).lr(0.01).momentum(0.9).weightDecay(1e-4).build();
 * }</pre>
 */
public final class Momentum extends VelocityOptimizer {
  /**
   * With the defaults.
   *
   * @param params the parameters to update
   */
  public Momentum(Iterable<Variable> params) {
    this(builder(params));
  }

  /**
   * Momentum over a module's parameters.
   *
   * @param module the module whose parameters are updated
   * @param lr the learning rate
   * @param momentum the momentum
   * @throws IllegalArgumentException when lr is not positive or momentum outside [0, 1)
   */
  public Momentum(Module module, double lr, double momentum) {
    this(builder(module).lr(lr).momentum(momentum));
  }

  private Momentum(Builder b) {
    super("Momentum", b);
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

  /** Settings of {@link Momentum}. */
  public static final class Builder extends VelocityOptimizer.Builder<Builder, Momentum> {
    Builder(Iterable<Variable> params) {
      super(params);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public Momentum build() {
      return new Momentum(this);
    }
  }

  @Override
  void move(Tensor param, Tensor grad, Tensor v, double lr) {
    param.addInPlace(v);
  }
}
