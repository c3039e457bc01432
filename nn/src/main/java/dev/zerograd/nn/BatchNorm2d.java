package dev.zerograd.nn;

import dev.zerograd.tensor.DType;

/**
 * Batch normalisation of the channels of images {@code (N, C, H, W)} (PyTorch's {@code
 * BatchNorm2d}): statistics per channel over the batch and every position; otherwise as {@link
 * BatchNorm1d}.
 */
public final class BatchNorm2d extends BatchNorm {
  /**
   * With PyTorch's defaults: momentum 0.1, eps 1e-5.
   *
   * @param channels the number of channels
   * @param dtype the element type
   */
  public BatchNorm2d(int channels, DType dtype) {
    this(channels, 0.1, 1e-5, dtype);
  }

  /**
   * @param channels the number of channels
   * @param momentum the momentum
   * @param eps the small constant added to the denominator for numerical stability
   * @param dtype the element type
   * @throws IllegalArgumentException when channels is not positive, momentum is outside [0, 1]
   *     or eps is not positive
   */
  public BatchNorm2d(int channels, double momentum, double eps, DType dtype) {
    super("BatchNorm2d", channels, momentum, eps, dtype);
  }

  @Override
  int rank() {
    return 4;
  }
}
