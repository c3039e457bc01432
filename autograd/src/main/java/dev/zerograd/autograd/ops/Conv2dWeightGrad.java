package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.Tensor;

/**
 * The filters' gradient of a convolution, from images {@code x (N, C, H, W)} and the output's
 * gradient {@code dy (N, out, OH, OW)} ({@link Tensor#conv2dWeightGrad}): {@code (out, C /
 * groups, kh, kw)}. Bilinear; for an incoming {@code g} of the filters' shape, backward gives
 * {@code dx} as the transposed convolution of dy with g ({@link Conv2dInputGrad}) and {@code
 * d(dy)} as the convolution of x with g ({@link Conv2d}).
 */
public final class Conv2dWeightGrad extends Op {
  private final int kh;
  private final int kw;
  private final Conv2dSpec spec;

  /**
   * @param kh filter height
   * @param kw filter width
   * @param spec the convolution's strides, padding, dilation and groups
   */
  public Conv2dWeightGrad(int kh, int kw, Conv2dSpec spec) {
    super("conv2dWeightGrad", 2);
    this.kh = kh;
    this.kw = kw;
    this.spec = spec;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].conv2dWeightGrad(in[1], kh, kw, spec);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable g) {
    Variable x = ctx.input(0);
    Variable dy = ctx.input(1);
    return new Variable[] {
      ctx.needsInputGrad(0) ? new Conv2dInputGrad(x.shape().toArray(), spec).apply(g, dy) : null,
      ctx.needsInputGrad(1) ? new Conv2d(spec).apply(x, g) : null
    };
  }
}
