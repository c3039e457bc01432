package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.ops.SoftmaxCrossEntropy;

/**
 * Loss functions as functions (PyTorch's {@code torch.nn.functional}), beside the textbook-named
 * layer {@link SoftmaxWithLoss}. Each is averaged over the batch.
 */
public final class Losses {
  private Losses() {}

  /**
   * Softmax cross-entropy of scores {@code (N, C)} against class labels: {@code -mean(log
   * softmax(logits)[i, labels[i]])}, computed stably (PyTorch's {@code cross_entropy}).
   *
   * @param logits the unnormalised scores, shape (batch, classes)
   * @param labels the class index of each row
   * @return softmax cross-entropy of scores {@code (N, C)} against class labels: {@code -mean(log
   *     softmax(logits)[i, labels[i]])}, computed stably (PyTorch's {@code cross_entropy})
   * @throws IllegalArgumentException when logits is not {@code (N, C)} or there is not one label
   *     per row
   * @throws IndexOutOfBoundsException naming a label outside [0, C)
   */
  public static Variable crossEntropy(Variable logits, int[] labels) {
    return new SoftmaxCrossEntropy(labels).apply(logits);
  }

  /**
   * Softmax cross-entropy against target rows {@code (N, C)} (one-hot or probabilities): {@code
   * -sum(targets * log softmax(logits)) / N}.
   *
   * @param logits the unnormalised scores, shape (batch, classes)
   * @param targets the targets
   * @return softmax cross-entropy against target rows {@code (N, C)} (one-hot or probabilities):
   *     {@code -sum(targets * log softmax(logits)) / N}
   * @throws IllegalArgumentException when the shapes differ
   */
  public static Variable crossEntropy(Variable logits, Variable targets) {
    return SoftmaxCrossEntropy.withTargets().apply(logits, targets);
  }

  /**
   * Mean squared error, {@code mean((prediction - target)^2)} over every element.
   *
   * @param prediction the predictions
   * @param target the target, the shape of the prediction
   * @return mean squared error, {@code mean((prediction - target)^2)} over every element
   * @throws IllegalArgumentException when the shapes differ
   */
  public static Variable mse(Variable prediction, Variable target) {
    checkArgument(
        prediction.shape().equals(target.shape()),
        "mse: prediction %s and target %s differ in shape; give equal shapes",
        prediction.shape(),
        target.shape());
    Variable d = prediction.sub(target);
    return d.mul(d).mean();
  }
}
