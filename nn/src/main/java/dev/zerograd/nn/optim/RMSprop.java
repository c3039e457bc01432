package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/**
 * RMSprop: {@code h = decay * h + (1 - decay) * g^2; p -= lr * g / (sqrt(h) + 1e-7)}.
 */
public final class RMSprop extends Optimizer {
  private final double lr;
  private final double decay;

  /** The textbook's defaults: lr 0.01, decay 0.99. */
  public RMSprop(Iterable<Variable> params) {
    this(params, 0.01, 0.99, 0);
  }

  /**
   * @throws IllegalArgumentException when lr is not positive or decay outside [0, 1)
   */
  public RMSprop(Iterable<Variable> params, double lr, double decay, double weightDecay) {
    super(params, weightDecay);
    this.lr = check("RMSprop", "lr", lr, Double.MIN_VALUE, Double.MAX_VALUE);
    this.decay = check("RMSprop", "decay", decay, 0, Math.nextDown(1.0));
  }

  /** RMSprop over a module's parameters. */
  public RMSprop(Module module, double lr) {
    this(of(module), lr, 0.99, 0);
  }

  @Override
  protected void update(int index, Tensor param, Tensor grad) {
    Tensor h = state(index, param, 1)[0];
    h.mulInPlace(decay).addScaledInPlace(1 - decay, grad.mul(grad));
    param.addScaledInPlace(-lr, grad.div(h.sqrt().add(1e-7)));
  }
}
