package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;

/** Evaluation of classifiers. */
public final class Metrics {
  /**
   * Rows evaluated at once by default: small enough that a batch's activations (200 KB for 50
   * float32 hidden units) stay ordinary JVM allocations rather than G1 humongous objects, large
   * enough for BLAS to run at full speed.
   */
  public static final int DEFAULT_BATCH = 1000;

  private Metrics() {}

  /**
   * {@link #accuracy(Module, Tensor, int[], int)} in batches of {@link #DEFAULT_BATCH} rows.
   *
   * @param model the model
   * @param x the inputs, one row per sample
   * @param labels the class index of each row
   * @return {@link #accuracy(Module, Tensor, int[], int)} in batches of {@link #DEFAULT_BATCH} rows
   */
  public static double accuracy(Module model, Tensor x, int[] labels) {
    return accuracy(model, x, labels, DEFAULT_BATCH);
  }

  /**
   * The fraction of rows of {@code x} whose highest score under {@code model} is the label,
   * computed in evaluation mode on this thread ({@link EvalMode}) without recording, {@code
   * batch} rows at a time (so that evaluating 60000 images
   * holds only one batch of activations), each batch converted to the model's parameter type.
   *
   * @param model the model
   * @param x the inputs, one row per sample
   * @param labels the class index of each row
   * @param batch the number of rows evaluated at a time
   * @return the fraction of rows of {@code x} whose highest score under {@code model} is the label,
   *     computed without recording, {@code batch} rows at a time (so that evaluating 60000 images
   *     holds only one batch of activations), each batch converted to the model's parameter type
   * @throws IllegalArgumentException when there is not one label per row or {@code batch < 1}
   */
  public static double accuracy(Module model, Tensor x, int[] labels, int batch) {
    checkNotNull(model, "accuracy: model is null");
    checkNotNull(x, "accuracy: x is null");
    checkNotNull(labels, "accuracy: labels is null");
    checkArgument(
        x.rank() >= 1 && labels.length == x.dim(0),
        "accuracy: %s labels for input %s; give one per row",
        labels.length,
        x.shape());
    checkArgument(batch >= 1, "accuracy: batch %s must be >= 1", batch);
    if (labels.length == 0) {
      return 0;
    }
    int correct = 0;
    DType type = model.inputType(x.dtype());
    try (EvalMode eval = EvalMode.enter();
        NoGrad scope = NoGrad.enter()) {
      for (int start = 0; start < labels.length; start += batch) {
        int end = Math.min(labels.length, start + batch);
        Tensor rows = x.sliceRows(start, end);
        int[] predicted = model.forward(Variable.of(rows.to(type))).value().argmax(1);
        for (int i = 0; i < predicted.length; i++) {
          correct += predicted[i] == labels[start + i] ? 1 : 0;
        }
      }
    }
    return (double) correct / labels.length;
  }
}
