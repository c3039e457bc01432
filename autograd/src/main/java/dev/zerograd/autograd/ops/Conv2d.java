package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * 2-D convolution of images {@code x (N, C, H, W)} with filters {@code w (out, C, kh, kw)}, no
 * bias ({@link Tensor#conv2d}). Bilinear; backward: {@code dx} by {@link Conv2dInputGrad} (a
 * transposed convolution of dy with w), {@code dw} by {@link Conv2dWeightGrad} (x correlated with
 * dy). The three ops differentiate one another, so convolutions have derivatives of every order.
 */
public final class Conv2d extends Op {
  private final int stride;
  private final int pad;

  /**
   * @param stride step between windows
   * @param pad zeros added on each side
   */
  public Conv2d(int stride, int pad) {
    super("conv2d", 2);
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].conv2d(in[1], stride, pad);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable x = ctx.input(0);
    Variable w = ctx.input(1);
    return new Variable[] {
      ctx.needsInputGrad(0)
          ? new Conv2dInputGrad(x.shape().toArray(), stride, pad).apply(w, dy)
          : null,
      ctx.needsInputGrad(1)
          ? new Conv2dWeightGrad(w.dim(2), w.dim(3), stride, pad).apply(x, dy)
          : null
    };
  }

  /**
   * The configuration: the step between windows.
   *
   * @return the step between windows
   */
  public int stride() {
    return stride;
  }

  /**
   * The configuration: the zeros added on each side.
   *
   * @return the zeros added on each side
   */
  public int pad() {
    return pad;
  }
}
