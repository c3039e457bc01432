package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * The windows of images {@code (N, C, H, W)} as columns {@code (N, C kh kw, OH OW)} ({@link
 * Tensor#unfold2d}): the input side of a convolution or a pooling. Linear; backward adds each
 * column back into its window, {@link Fold2d}.
 */
public final class Unfold2d extends Op {
  private final int kh;
  private final int kw;
  private final int stride;
  private final int pad;

  /**
   * @param kh window height
   * @param kw window width
   * @param stride step between windows
   * @param pad zeros added on each side
   */
  public Unfold2d(int kh, int kw, int stride, int pad) {
    super("unfold2d", 1);
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].unfold2d(kh, kw, stride, pad);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {
      new Fold2d(ctx.inputShape(0).toArray(), kh, kw, stride, pad).apply(dy)
    };
  }
}
