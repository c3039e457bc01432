package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.ops.AvgPool2dOp;

/**
 * Average pooling over {@code kernel x kernel} windows with step {@code stride} (PyTorch's
 * {@code AvgPool2d}): input {@code (N, C, H, W)}, output {@code (N, C, OH, OW)}, {@code OH = (H +
 * 2 padding - kernel) / stride + 1} (rounded up in ceil mode, as PyTorch rounds); each output is
 * its window's sum divided by the window's size, which counts the padding's zeros unless built
 * with {@code countIncludePad} false ({@link AvgPool2dOp}).
 */
public final class AvgPool2d extends Module {
  private final AvgPool2dOp op;

  /**
   * No padding, floor mode.
   *
   * @param kernel the side of the square window
   * @param stride the step between neighbouring windows
   * @throws IllegalArgumentException when kernel or stride is not positive
   */
  public AvgPool2d(int kernel, int stride) {
    this(kernel, stride, 0, false, true);
  }

  /**
   * PyTorch's {@code AvgPool2d(kernel, stride, padding, ceil_mode, count_include_pad)}.
   *
   * @param kernel the side of the square window
   * @param stride the step between neighbouring windows
   * @param padding the rows and columns of zeros added on every side, at most kernel / 2
   * @param ceilMode whether the output size rounds up, keeping a last, partial window
   * @param countIncludePad whether a window's size counts the padding's zeros (PyTorch: true)
   * @throws IllegalArgumentException when kernel or stride is not positive or padding is out of
   *     range
   */
  public AvgPool2d(
      int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
    this.op = new AvgPool2dOp(kernel, stride, padding, ceilMode, countIncludePad);
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

  /**
   * Whether a window's size counts the padding.
   *
   * @return whether the padding's zeros count
   */
  public boolean countIncludePad() {
    return op.countIncludePad();
  }
}
