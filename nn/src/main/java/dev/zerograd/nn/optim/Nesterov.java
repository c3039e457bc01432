package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/**
 * Nesterov momentum, in the textbook's form: {@code v = momentum * v - lr * g; p +=
 * momentum^2 v - (1 + momentum) lr g}. Defaults: lr 0.01, momentum 0.9, no weight decay.
 *
 * <pre>{@code
 * new Nesterov(net, 0.01, 0.9);
 * Nesterov.builder(net).lr(0.01).momentum(0.9).weightDecay(1e-4).build();
 * }</pre>
 */
public final class Nesterov extends VelocityOptimizer {
  /**
   * With the defaults.
   *
   * @param params the parameters to update
   */
  public Nesterov(Iterable<Variable> params) {
    this(builder(params));
  }

  /**
   * Nesterov over a module's parameters.
   *
   * @param module the module whose parameters are updated
   * @param lr the learning rate
   * @param momentum the momentum
   * @throws IllegalArgumentException when lr is not positive or momentum outside [0, 1)
   */
  public Nesterov(Module module, double lr, double momentum) {
    this(builder(module).lr(lr).momentum(momentum));
  }

  private Nesterov(Builder b) {
    super("Nesterov", b);
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

  /** Settings of {@link Nesterov}. */
  public static final class Builder extends VelocityOptimizer.Builder<Builder, Nesterov> {
    Builder(Iterable<Variable> params) {
      super(params);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    public Nesterov build() {
      return new Nesterov(this);
    }
  }

  @Override
  void move(Tensor param, Tensor grad, Tensor v, double lr) {
    param.addScaledInPlace(momentum * momentum, v).addScaledInPlace(-(1 + momentum) * lr, grad);
  }
}
