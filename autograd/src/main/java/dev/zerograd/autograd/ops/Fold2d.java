package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * Columns {@code (N, C kh kw, OH OW)} added back into their windows of images {@code (N, C, H,
 * W)} ({@link Tensor#fold2d}), overlaps adding up. The adjoint of {@link Unfold2d} and so its
 * gradient; backward: {@code dx = unfold2d(dy)}.
 */
public final class Fold2d extends Op {
  private final int[] imageDims;
  private final int kh;
  private final int kw;
  private final int stride;
  private final int pad;

  /**
   * @param imageDims the output's {@code (N, C, H, W)}
   * @param kh window height
   * @param kw window width
   * @param stride step between windows
   * @param pad zeros added on each side (and dropped)
   */
  public Fold2d(int[] imageDims, int kh, int kw, int stride, int pad) {
    super("fold2d", 1);
    this.imageDims = imageDims.clone();
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].fold2d(imageDims, kh, kw, stride, pad);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {new Unfold2d(kh, kw, stride, pad).apply(dy)};
  }
}
