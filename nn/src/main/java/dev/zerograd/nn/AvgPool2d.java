package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;

/**
 * Average pooling over {@code kernel x kernel} windows with step {@code stride}: input {@code (N,
 * C, H, W)}, output {@code (N, C, OH, OW)}, {@code OH = (H - kernel) / stride + 1}.
 */
public final class AvgPool2d extends Module {
  private final int kernel;
  private final int stride;

  /**
   * @param kernel the side of the square window
   * @param stride the step between neighbouring windows
   * @throws IllegalArgumentException when kernel or stride is not positive
   */
  public AvgPool2d(int kernel, int stride) {
    checkArgument(
        kernel > 0 && stride > 0, "AvgPool2d: kernel %s and stride %s must be positive", kernel, stride);
    this.kernel = kernel;
    this.stride = stride;
  }

  @Override
  public Variable forward(Variable x) {
    return Pooling.average(x, kernel, stride, "AvgPool2d");
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
