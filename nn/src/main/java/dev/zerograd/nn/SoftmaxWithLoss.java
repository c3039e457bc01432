package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.ops.SoftmaxCrossEntropy;
import dev.zerograd.tensor.Tensor;

/**
 * The textbook's SoftmaxWithLoss layer: softmax of the scores, then cross-entropy with the
 * targets, averaged over the batch; fused and numerically stable (see {@link
 * SoftmaxCrossEntropy}). Its backward is {@code (y - t) / batch_size}.
 *
 * <p>Scores {@code (N, C)}; targets as N integer class labels, or as {@code (N, C)} one-hot rows.
 * Returns the scalar loss.
 */
public final class SoftmaxWithLoss {
  /** The layer; it holds no state. */
  public SoftmaxWithLoss() {}

  /**
   * The loss for integer class labels.
   *
   * @param scores the scores, one row per sample
   * @param labels the class index of each row
   * @return the loss for integer class labels
   * @throws IllegalArgumentException when the scores are not (N, C) or there are not N labels
   * @throws IndexOutOfBoundsException naming the position of a label outside [0, C)
   */
  public Variable forward(Variable scores, int[] labels) {
    return new SoftmaxCrossEntropy(labels).apply(scores);
  }

  /**
   * The loss for one-hot (or probability) target rows.
   *
   * @param scores the scores, one row per sample
   * @param targets the targets
   * @return the loss for one-hot (or probability) target rows
   * @throws IllegalArgumentException when the targets' shape differs from the scores'
   */
  public Variable forward(Variable scores, Tensor targets) {
    return SoftmaxCrossEntropy.withTargets().apply(scores, Variable.of(targets));
  }
}
