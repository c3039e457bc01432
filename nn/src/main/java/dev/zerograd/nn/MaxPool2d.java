package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.ops.MaxPool2dOp;

/**
 * Max pooling over {@code kernel x kernel} windows with step {@code stride} (the textbook's
 * Pooling layer): input {@code (N, C, H, W)}, output {@code (N, C, OH, OW)}, {@code OH = (H -
 * kernel) / stride + 1}, in one pass ({@link MaxPool2dOp}). The gradient goes to each window's
 * maximum (the first, on ties).
 */
public final class MaxPool2d extends Module {
  private final int kernel;
  private final int stride;

  /**
   * @param kernel the side of the square window
   * @param stride the step between neighbouring windows
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
    checkArgument(
        x.rank() == 4 && x.dim(2) >= kernel && x.dim(3) >= kernel,
        "MaxPool2d: expects images (N, C, H, W) of at least %sx%s, got %s",
        kernel,
        kernel,
        x.shape());
    return new MaxPool2dOp(kernel, stride).apply(x);
  }

  /**
   * The side of the square window.
   *
   * @return the side of the square window
   */
  public int kernel() {
    return kernel;
  }

  /**
   * The step between windows.
   *
   * @return the step between windows
   */
  public int stride() {
    return stride;
  }
}
