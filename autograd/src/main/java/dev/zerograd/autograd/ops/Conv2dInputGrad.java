package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.Tensor;

/**
 * The images' gradient of a convolution, from filters {@code w (out, C / groups, kh, kw)} and the
 * output's gradient {@code dy (N, out, OH, OW)} ({@link Tensor#conv2dInputGrad}, a transposed
 * convolution): {@code (N, C, H, W)}. Bilinear; for an incoming {@code g} of the images' shape,
 * backward gives {@code dw} as g correlated with dy ({@link Conv2dWeightGrad}) and {@code d(dy)}
 * as the convolution of g with w ({@link Conv2d}).
 */
public final class Conv2dInputGrad extends Op {
  private final int[] imageDims;
  private final Conv2dSpec spec;

  /**
   * @param imageDims the images' dims (N, C, H, W)
   * @param spec the convolution's strides, padding, dilation and groups
   */
  public Conv2dInputGrad(int[] imageDims, Conv2dSpec spec) {
    super("conv2dInputGrad", 2);
    this.imageDims = imageDims.clone();
    this.spec = spec;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[1].conv2dInputGrad(in[0], imageDims, spec);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable g) {
    Variable w = ctx.input(0);
    Variable dy = ctx.input(1);
    return new Variable[] {
      ctx.needsInputGrad(0) ? new Conv2dWeightGrad(w.dim(2), w.dim(3), spec).apply(g, dy) : null,
      ctx.needsInputGrad(1) ? new Conv2d(spec).apply(g, w) : null
    };
  }
}
