package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/**
 * Adam, in the textbook's form: at step t, {@code lr_t = lr * sqrt(1 - beta2^t) / (1 -
 * beta1^t); m += (1 - beta1) (g - m); v += (1 - beta2) (g^2 - v); p -= lr_t * m / (sqrt(v) +
 * 1e-7)}.
 */
public final class Adam extends Optimizer {
  private final double lr;
  private final double beta1;
  private final double beta2;

  /** The textbook's defaults: lr 0.001, beta1 0.9, beta2 0.999. */
  public Adam(Iterable<Variable> params) {
    this(params, 0.001, 0.9, 0.999, 0);
  }

  /**
   * @throws IllegalArgumentException when lr is not positive or a beta is outside [0, 1)
   */
  public Adam(
      Iterable<Variable> params, double lr, double beta1, double beta2, double weightDecay) {
    super(params, weightDecay);
    this.lr = check("Adam", "lr", lr, Double.MIN_VALUE, Double.MAX_VALUE);
    this.beta1 = check("Adam", "beta1", beta1, 0, Math.nextDown(1.0));
    this.beta2 = check("Adam", "beta2", beta2, 0, Math.nextDown(1.0));
  }

  /** Adam over a module's parameters. */
  public Adam(Module module, double lr) {
    this(of(module), lr, 0.9, 0.999, 0);
  }

  @Override
  protected void update(int index, Tensor param, Tensor grad) {
    Tensor[] s = state(index, param, 2);
    Tensor m = s[0];
    Tensor v = s[1];
    long t = steps();
    double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    m.addScaledInPlace(1 - beta1, grad.sub(m));
    v.addScaledInPlace(1 - beta2, grad.mul(grad).sub(v));
    param.addScaledInPlace(-lrT, m.div(v.sqrt().add(1e-7)));
  }
}
