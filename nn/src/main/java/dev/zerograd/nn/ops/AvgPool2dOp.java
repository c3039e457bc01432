package dev.zerograd.nn.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.ops.Fold2d;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * Average pooling of images {@code (N, C, H, W)} over {@code kernel x kernel} windows with step
 * {@code stride}, with PyTorch's {@code AvgPool2d} options: {@code y[n, c, i, j]} is the sum of
 * the window at {@code (stride i - padding, stride j - padding)} divided by its size; shape
 * {@code (N, C, OH, OW)}, {@code OH} as {@link PoolWindows} says. The size counts the zeros of
 * the padding when {@code countIncludePad} (PyTorch's default) but never the part of a ceil-mode
 * window beyond the padding; otherwise only the window's image elements. The AvgPool2d layer's
 * op, one node (so that a traced graph says "average pooling", which ONNX's AveragePool is).
 * Linear; backward spreads each {@code dy} divided by its window's size over that window with
 * {@link Fold2d}, itself linear, so the op has derivatives of every order.
 */
public final class AvgPool2dOp extends Op {
  private final PoolWindows windows;
  private final boolean countIncludePad;

  /**
   * The textbook's pooling: no padding, floor mode.
   *
   * @param kernel the window's side
   * @param stride the step between windows
   * @throws IllegalArgumentException when kernel or stride is below 1
   */
  public AvgPool2dOp(int kernel, int stride) {
    this(kernel, stride, 0, false, true);
  }

  /**
   * Pooling with PyTorch's {@code AvgPool2d} options.
   *
   * @param kernel the window's side
   * @param stride the step between windows
   * @param padding the zero rows and columns added on every side, at most kernel / 2
   * @param ceilMode whether the output size rounds up (a last, partial window)
   * @param countIncludePad whether a window's size counts the padding's zeros
   * @throws IllegalArgumentException when kernel or stride is below 1 or padding is out of range
   */
  public AvgPool2dOp(
      int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
    super("avgPool2d", 1);
    this.windows = new PoolWindows("avgPool2d", kernel, stride, padding, ceilMode);
    this.countIncludePad = countIncludePad;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = in[0];
    windows.checkImages(x.rank(), x.shape());
    int n = x.dim(0);
    int c = x.dim(1);
    int k = windows.kernel();
    int oh = windows.out(x.dim(2));
    int ow = windows.out(x.dim(3));
    Tensor padded = windows.plain() ? x : windows.pad(x, 0);
    // (N, C kh kw, OH OW) -> (N, C, kh kw, OH OW): the window axis reduced.
    Tensor cols = padded.unfold2d(k, k, windows.stride(), 0).reshape(n, c, k * k, oh * ow);
    if (windows.plain()) {
      return cols.mean(2).reshape(n, c, oh, ow);
    }
    Tensor sizes = sizes(x.dim(2), x.dim(3), x);
    ctx.save(sizes); // backward divides by the same sizes
    return cols.sum(2).reshape(n, c, oh, ow).div(sizes);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Shape s = ctx.inputShape(0);
    int n = s.dim(0);
    int c = s.dim(1);
    int k = windows.kernel();
    int area = k * k;
    int oh = dy.dim(2);
    int ow = dy.dim(3);
    Variable share =
        windows.plain()
            ? dy.mul(1.0 / area)
            : dy.div(Variable.of(ctx.saved(0)));
    Variable spread =
        share
            .reshape(n, c, 1, oh * ow)
            .broadcastTo(n, c, area, oh * ow)
            .reshape(n, c * area, oh * ow);
    int[] dims = s.toArray();
    Variable dx =
        new Fold2d(windows.paddedDims(dims), k, k, windows.stride(), 0).apply(spread);
    return new Variable[] {windows.plain() ? dx : windows.crop(dx, dims)};
  }

  /**
   * Each window's divisor {@code (OH, OW)} for images of {@code h x w}, as PyTorch counts it:
   * the window clipped to the padded image, and to the image itself without {@code
   * countIncludePad}.
   */
  private Tensor sizes(int h, int w, Tensor like) {
    int oh = windows.out(h);
    int ow = windows.out(w);
    double[] d = new double[oh * ow];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        d[i * ow + j] = extent(i, h) * extent(j, w);
      }
    }
    return Tensor.of(d, like.dtype(), oh, ow);
  }

  /** How many of window {@code i}'s positions count along an axis of {@code size}. */
  private int extent(int i, int size) {
    int start = i * windows.stride() - windows.padding();
    int end = Math.min(start + windows.kernel(), size + windows.padding());
    return countIncludePad
        ? end - start
        : Math.min(end, size) - Math.max(start, 0);
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

  /**
   * The configuration: whether a window's size counts the padding.
   *
   * @return whether the padding's zeros count
   */
  public boolean countIncludePad() {
    return countIncludePad;
  }
}
