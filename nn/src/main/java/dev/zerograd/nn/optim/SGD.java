package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/**
 * Stochastic gradient descent: {@code p -= lr * g}. Defaults: lr 0.01, no weight decay.
 *
 * <pre>{@code
 * new SGD(net, 0.1);                                          // the textbook's
 * SGD.builder(net).lr(0.1).weightDecay(1e-4).build();         // with L2 decay
 * }</pre>
 */
public final class SGD extends Optimizer {
  private final double lr;

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
    super(b.params, b.weightDecay);
    this.lr = check("SGD", "lr", b.lr, Double.MIN_VALUE, Double.MAX_VALUE);
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

    Builder(Iterable<Variable> params) {
      super(params, 0.01);
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
  protected void update(int index, Tensor param, Tensor grad) {
    param.addScaledInPlace(-lr, grad);
  }
}
