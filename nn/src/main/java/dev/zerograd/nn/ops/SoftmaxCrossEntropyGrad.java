package dev.zerograd.nn.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * The gradient of {@link SoftmaxCrossEntropy} with integer labels, as an op of its own: {@code dx
 * = (softmax(x) - t) dL / N}, t the one-hot labels. Inputs are (x, dL, softmax(x)); the third
 * is the loss's saved softmax, a constant, so the first derivative costs one pass over it.
 *
 * <p>Backward is the second derivative of the loss: with {@code y = softmax(x)} and the incoming
 * {@code g}, {@code d/dx = (y g - y sum(y g)) dL / N} (the softmax Jacobian applied to g) and
 * {@code d/d(dL) = sum(g (y - t)) / N}; y is recomputed from x there, with Variable operations,
 * so that third derivatives follow.
 */
public final class SoftmaxCrossEntropyGrad extends Op {
  private final int[] labels;

  /** @param labels one class per row, each in [0, C) (checked by the loss's forward) */
  public SoftmaxCrossEntropyGrad(int[] labels) {
    this(labels.clone(), true);
  }

  /** Over the loss's own copy of the labels, which it never modifies: no copy per step. */
  SoftmaxCrossEntropyGrad(int[] labels, boolean owned) {
    super("softmaxCrossEntropyGrad", 3);
    this.labels = labels;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor y = in[2];
    int n = y.dim(0);
    Tensor dx = y.copy();
    dx.scatterAddInPlace(1, labels, Tensor.full(-1, dx.dtype(), n, 1)); // minus the one-hot t
    return dx.mulInPlace(in[1].item() / n);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable g) {
    Variable x = ctx.input(0);
    Variable dL = ctx.input(1);
    int n = x.dim(0);
    Variable y = x.softmax(1);
    Variable dx = null;
    if (ctx.needsInputGrad(0)) {
      Variable yg = y.mul(g);
      dx = yg.sub(y.mul(yg.sum(new int[] {1}, true))).mul(dL.div(n));
    }
    Variable dDL = null;
    if (ctx.needsInputGrad(1)) {
      Tensor t = Tensor.oneHot(labels, x.dim(1), x.dtype());
      dDL = g.mul(y.sub(Variable.of(t))).sum().div(n).reshape(dL.shape().toArray());
    }
    return new Variable[] {dx, dDL, null};
  }
}
