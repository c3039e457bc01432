package dev.zerograd.nn.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.Tensor;

/**
 * Softmax followed by cross-entropy, fused and averaged over the batch: the SoftmaxWithLoss
 * layer's op.
 *
 * <p>With scores x {@code (N, C)}, {@code y = softmax(x)} along the classes and targets t (one-hot
 * rows, or probability rows), the loss is {@code L = -sum(t * log y) / N}. It is computed as
 * {@code log y = x - max - log(sum(exp(x - max)))}, so logits of 1e4 neither overflow nor reach
 * log(0); the labelled entries are picked with {@link Tensor#takeAlongAxis} and the one-hot
 * subtracted with {@link Tensor#scatterAddInPlace}, one kernel each. Backward: {@code dx = (y - t) / N * dL}; for soft targets that require a gradient,
 * {@code dt = -log y / N * dL}.
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
    this.labels = labels.clone();
  }

  private SoftmaxCrossEntropy() {
    super("softmaxCrossEntropy", 2);
    this.labels = null;
  }

  /** The form whose inputs are (scores, targets), targets one-hot or probability rows. */
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
    Tensor logY = x.logSoftmax(1);
    ctx.save(logY);
    return Tensor.scalar(-logY.takeAlongAxis(1, labels).sum().item() / n, x.dtype());
  }

  @Override
  protected Tensor[] backward(Context ctx, Tensor dL) {
    if (labels == null) {
      Tensor t = ctx.saved(0);
      Tensor logY = ctx.saved(1);
      double scale = dL.item() / logY.dim(0);
      Tensor dt = ctx.needsInputGrad(1) ? logY.mul(-scale) : null;
      return new Tensor[] {logY.exp().subInPlace(t).mulInPlace(scale), dt};
    }
    Tensor dx = ctx.saved(0).exp(); // softmax
    int n = dx.dim(0);
    dx.scatterAddInPlace(1, labels, Tensor.full(-1, dx.dtype(), n, 1)); // minus the one-hot t
    return new Tensor[] {dx.mulInPlace(dL.item() / n)};
  }
}
