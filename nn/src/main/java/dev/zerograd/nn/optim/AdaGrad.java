package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;

/** AdaGrad: {@code h += g^2; p -= lr * g / (sqrt(h) + 1e-7)}. */
public final class AdaGrad extends Optimizer {
  private final double lr;

  /** The textbook's default: lr 0.01. */
  public AdaGrad(Iterable<Variable> params) {
    this(params, 0.01, 0);
  }

  /** @throws IllegalArgumentException when lr is not positive */
  public AdaGrad(Iterable<Variable> params, double lr, double weightDecay) {
    super(params, weightDecay);
    this.lr = check("AdaGrad", "lr", lr, Double.MIN_VALUE, Double.MAX_VALUE);
  }

  /** AdaGrad over a module's parameters. */
  public AdaGrad(Module module, double lr) {
    this(of(module), lr, 0);
  }

  @Override
  protected void update(int index, Tensor param, Tensor grad) {
    Tensor h = state(index, param, 1)[0];
    h.addInPlace(grad.mul(grad));
    param.addScaledInPlace(-lr, grad.div(h.sqrt().add(1e-7)));
  }
}
