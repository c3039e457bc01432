package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.ops.MaxPool2dOp;

/**
 * Max pooling over {@code kernel x kernel} windows with step {@code stride} (the textbook's
 * Pooling layer, PyTorch's {@code MaxPool2d}): input {@code (N, C, H, W)}, output {@code (N, C,
 * OH, OW)}, {@code OH = (H + 2 padding - kernel) / stride + 1} (rounded up in ceil mode, as
 * PyTorch rounds), in one pass ({@link MaxPool2dOp}). The gradient goes to each window's maximum
 * (the first, on ties); padding never wins.
 */
public final class MaxPool2d extends Module {
  private final MaxPool2dOp op;

  /**
   * The textbook's pooling: no padding, floor mode.
   *
   * @param kernel the side of the square window
   * @param stride the step between neighbouring windows
   * @throws IllegalArgumentException when kernel or stride is not positive
   */
  public MaxPool2d(int kernel, int stride) {
    this(kernel, stride, 0, false);
  }

  /**
   * PyTorch's {@code MaxPool2d(kernel, stride, padding, ceil_mode=ceilMode)}.
   *
   * @param kernel the side of the square window
   * @param stride the step between neighbouring windows
   * @param padding the rows and columns of minus infinity added on every side, at most kernel / 2
   * @param ceilMode whether the output size rounds up, keeping a last, partial window
   * @throws IllegalArgumentException when kernel or stride is not positive or padding is out of
   *     range
   */
  public MaxPool2d(int kernel, int stride, int padding, boolean ceilMode) {
    this.op = new MaxPool2dOp(kernel, stride, padding, ceilMode);
  }

  @Override
  public Variable forward(Variable x) {
    return op.apply(x);
  }

  /**
   * The side of the square window.
   *
   * @return the side of the square window
   */
  public int kernel() {
    return op.kernel();
  }

  /**
   * The step between windows.
   *
   * @return the step between windows
   */
  public int stride() {
    return op.stride();
  }

  /**
   * The rows and columns added on every side.
   *
   * @return the padding
   */
  public int padding() {
    return op.padding();
  }

  /**
   * Whether the output size rounds up.
   *
   * @return whether ceil mode is on
   */
  public boolean ceilMode() {
    return op.ceilMode();
  }
}
