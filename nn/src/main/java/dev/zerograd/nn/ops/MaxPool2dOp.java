package dev.zerograd.nn.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Pooled;
import dev.zerograd.tensor.Tensor;

/**
 * Max pooling of images {@code (N, C, H, W)} in one pass ({@link Tensor#maxPool2d}): the
 * MaxPool2d layer's op, with PyTorch's padding (by minus infinity, so a maximum always comes from
 * the image) and ceil mode. It keeps where each maximum came from; backward adds {@code dy} there
 * and nothing elsewhere, with {@link PoolScatter}, which is linear, so the op has second
 * derivatives (zero away from ties).
 */
public final class MaxPool2dOp extends Op {
  private final PoolWindows windows;

  /**
   * The textbook's pooling: no padding, floor mode.
   *
   * @param kernel the window's side
   * @param stride the step between windows
   * @throws IllegalArgumentException when kernel or stride is below 1
   */
  public MaxPool2dOp(int kernel, int stride) {
    this(kernel, stride, 0, false);
  }

  /**
   * Pooling with PyTorch's {@code MaxPool2d} options.
   *
   * @param kernel the window's side
   * @param stride the step between windows
   * @param padding the minus-infinity rows and columns added on every side, at most kernel / 2
   * @param ceilMode whether the output size rounds up (a last, partial window), as PyTorch's
   *     {@code ceil_mode}
   * @throws IllegalArgumentException when kernel or stride is below 1 or padding is out of range
   */
  public MaxPool2dOp(int kernel, int stride, int padding, boolean ceilMode) {
    super("maxPool2d", 1);
    this.windows = new PoolWindows("maxPool2d", kernel, stride, padding, ceilMode);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = windows.plain() ? in[0] : windows.pad(in[0], Double.NEGATIVE_INFINITY);
    Pooled p = x.maxPool2d(windows.kernel(), windows.stride());
    ctx.saveIndices(p.indices());
    return p.values();
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    int[] dims = ctx.inputShape(0).toArray();
    Variable dx = new PoolScatter(ctx.savedIndices(0), windows.paddedDims(dims)).apply(dy);
    return new Variable[] {windows.plain() ? dx : windows.crop(dx, dims)};
  }

  /**
   * The configuration: the side of the square window.
   *
   * @return the side of the square window
   */
  public int kernel() {
    return windows.kernel();
  }

  /**
   * The configuration: the step between windows.
   *
   * @return the step between windows
   */
  public int stride() {
    return windows.stride();
  }

  /**
   * The configuration: the rows and columns added on every side.
   *
   * @return the padding
   */
  public int padding() {
    return windows.padding();
  }

  /**
   * The configuration: whether the output size rounds up.
   *
   * @return whether ceil mode is on
   */
  public boolean ceilMode() {
    return windows.ceilMode();
  }
}
