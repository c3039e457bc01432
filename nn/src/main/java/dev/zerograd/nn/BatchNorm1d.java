package dev.zerograd.nn;

import dev.zerograd.tensor.DType;

/**
 * Batch normalisation of features (the textbook's BatchNormalization layer, PyTorch's {@code
 * BatchNorm1d}): input {@code (N, F)}; in training each feature is normalised by the batch's mean
 * and (biased) variance, then scaled by {@code gamma} and shifted by {@code beta}; the running
 * mean and unbiased variance move by {@code momentum} ({@code running = (1 - momentum) running +
 * momentum batch}, PyTorch's convention, default 0.1) and normalise in evaluation mode. Parameters
 * {@code gamma}, {@code beta}; buffers {@code runningMean}, {@code runningVar} (saved in
 * checkpoints).
 */
public final class BatchNorm1d extends BatchNorm {
  /**
   * With PyTorch's defaults: momentum 0.1, eps 1e-5.
   *
   * @param features the features
   * @param dtype the element type
   */
  public BatchNorm1d(int features, DType dtype) {
    this(features, 0.1, 1e-5, dtype);
  }

  /**
   * @param features the features
   * @param momentum the momentum
   * @param eps the small constant added to the denominator for numerical stability
   * @param dtype the element type
   * @throws IllegalArgumentException when features is not positive, momentum is outside [0, 1]
   *     or eps is not positive
   */
  public BatchNorm1d(int features, double momentum, double eps, DType dtype) {
    super("BatchNorm1d", features, momentum, eps, dtype);
  }

  @Override
  int rank() {
    return 2;
  }
}
