package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.Tensor;

/**
 * 2-D convolution of images {@code x (N, C, H, W)} with filters {@code w (out, C / groups, kh,
 * kw)}, no bias ({@link Tensor#conv2d(Tensor, Conv2dSpec)}). Bilinear; backward: {@code dx} by
 * {@link Conv2dInputGrad} (a transposed convolution of dy with w), {@code dw} by {@link
 * Conv2dWeightGrad} (x correlated with dy), both with the same spec. The three ops differentiate
 * one another, so convolutions have derivatives of every order.
 */
public final class Conv2d extends Op {
  private final Conv2dSpec spec;

  /**
   * @param spec the strides, padding, dilation and groups
   */
  public Conv2d(Conv2dSpec spec) {
    super("conv2d", 2);
    this.spec = spec;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].conv2d(in[1], spec);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Variable x = ctx.input(0);
    Variable w = ctx.input(1);
    return new Variable[] {
      ctx.needsInputGrad(0) ? new Conv2dInputGrad(x.shape().toArray(), spec).apply(w, dy) : null,
      ctx.needsInputGrad(1) ? new Conv2dWeightGrad(w.dim(2), w.dim(3), spec).apply(x, dy) : null
    };
  }

  /**
   * The configuration: strides, padding, dilation and groups.
   *
   * @return the spec this op convolves with
   */
  public Conv2dSpec spec() {
    return spec;
  }
}
