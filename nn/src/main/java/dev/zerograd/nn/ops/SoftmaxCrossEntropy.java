package dev.zerograd.nn.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * Softmax followed by cross-entropy, fused and averaged over the batch: the SoftmaxWithLoss
 * layer's op.
 *
 * <p>With scores x {@code (N, C)}, {@code y = softmax(x)} along the classes and targets t (one-hot
 * rows, or probability rows), the loss is {@code L = -sum(t * log y) / N}. It is computed as
 * {@code log y = x - max - log(sum(exp(x - max)))}, so logits of 1e4 neither overflow nor reach
 * log(0) (with labels: the log of the labelled softmax entries, picked with {@link
 * Tensor#takeAlongAxis}, unless one underflowed, then the log-softmax).
 *
 * <p>Backward: {@code dx = (y sum(t) - t) / N * dL} per row, which is {@code (y - t) / N * dL}
 * for one-hot or probability rows; for targets that require a gradient, {@code dt = -log y / N *
 * dL}. With labels, backward is the op {@link SoftmaxCrossEntropyGrad}, one fused pass that
 * itself has a derivative, so that the loss has second derivatives.
 *
 * <p>Two forms: {@link #SoftmaxCrossEntropy(int[])} takes integer class labels (one input, the
 * scores); {@link #withTargets()} takes the targets as a second input.
 */
public final class SoftmaxCrossEntropy extends Op {
  private final int[] labels;

  /**
   * With integer class labels, one per row of the scores.
   *
   * @param labels each in [0, C)
   */
  public SoftmaxCrossEntropy(int[] labels) {
    super("softmaxCrossEntropy", 1);
    this.labels =
        checkNotNull(labels, "crossEntropy: the labels array is null; give one class per row")
            .clone();
  }

  private SoftmaxCrossEntropy() {
    super("softmaxCrossEntropy", 2);
    this.labels = null;
  }

  /**
   * The form whose inputs are (scores, targets), targets one-hot or probability rows.
   *
   * @return the form whose inputs are (scores, targets), targets one-hot or probability rows
   */
  public static SoftmaxCrossEntropy withTargets() {
    return new SoftmaxCrossEntropy();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = in[0];
    checkArgument(
        x.rank() == 2, "softmaxCrossEntropy: scores must be (N, C), got %s", x.shape());
    int n = x.dim(0);
    checkArgument(n > 0, "softmaxCrossEntropy: the batch is empty (scores %s)", x.shape());
    if (labels == null) {
      Tensor t = in[1];
      checkArgument(
          t.shape().equals(x.shape()),
          "softmaxCrossEntropy: targets %s must have the scores' shape %s",
          t.shape(),
          x.shape());
      Tensor logY = x.logSoftmax(1);
      ctx.save(t, logY);
      return Tensor.scalar(-t.mul(logY).sum().item() / n, x.dtype());
    }
    checkArgument(
        labels.length == n,
        "softmaxCrossEntropy: %s labels for %s rows of scores %s; give one label per row",
        labels.length,
        n,
        x.shape());
    int classes = x.dim(1);
    for (int i = 0; i < n; i++) {
      int c = labels[i];
      if (c < 0 || c >= classes) {
        throw new IndexOutOfBoundsException(
            String.format(
                "softmaxCrossEntropy: label %d at position %d is outside [0, %d)", c, i, classes));
      }
    }
    Tensor y = x.softmax(1);
    ctx.save(y);
    Tensor picked = y.takeAlongAxis(1, labels);
    // log of the softmax, unless a probability underflowed: then from the logits themselves.
    Tensor logPicked =
        picked.min().item() > 1e-30
            ? picked.log()
            : x.logSoftmax(1).takeAlongAxis(1, labels);
    return Tensor.scalar(-logPicked.sum().item() / n, x.dtype());
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dL) {
    int n = ctx.inputShape(0).dim(0);
    if (labels == null) {
      Variable logY = ctx.saved(1, () -> ctx.input(0).logSoftmax(1));
      Variable t = ctx.input(1);
      Variable scale = dL.div(n);
      // d/dx -sum(t log softmax(x)) = softmax(x) sum(t) - t per row: y - t only when each row of
      // t sums to 1, and the derivative with respect to t needs the general form.
      Variable dx = logY.exp().mul(t.sum(new int[] {1}, true)).sub(t).mul(scale);
      Variable dt = ctx.needsInputGrad(1) ? logY.mul(scale).neg() : null;
      return new Variable[] {dx, dt};
    }
    // The fused gradient (softmax - one-hot) dL / N from the saved softmax, as an op of its own
    // whose backward gives the second derivative.
    return new Variable[] {
      new SoftmaxCrossEntropyGrad(labels, true).apply(ctx.input(0), dL, Variable.of(ctx.saved(0)))
    };
  }
}
