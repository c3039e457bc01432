package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;

/**
 * Max pooling over {@code kernel x kernel} windows with step {@code stride} (the textbook's
 * Pooling layer): input {@code (N, C, H, W)}, output {@code (N, C, OH, OW)}, {@code OH = (H -
 * kernel) / stride + 1}. The gradient goes to each window's maximum (the first, on ties).
 */
public final class MaxPool2d extends Module {
  private final int kernel;
  private final int stride;

  /**
   * @throws IllegalArgumentException when kernel or stride is not positive
   */
  public MaxPool2d(int kernel, int stride) {
    checkArgument(
        kernel > 0 && stride > 0, "MaxPool2d: kernel %s and stride %s must be positive", kernel, stride);
    this.kernel = kernel;
    this.stride = stride;
  }

  @Override
  public Variable forward(Variable x) {
    return Pooling.pool(x, kernel, stride, "MaxPool2d", true);
  }
}
