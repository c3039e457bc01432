package dev.zerograd.nn.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Pooled;
import dev.zerograd.tensor.Tensor;

/**
 * Max pooling of images {@code (N, C, H, W)} in one pass ({@link Tensor#maxPool2d}): the
 * MaxPool2d layer's op. It keeps where each maximum came from; backward adds {@code dy} there and
 * nothing elsewhere, with {@link PoolScatter}, which is linear, so the op has second derivatives
 * (zero away from ties).
 */
public final class MaxPool2dOp extends Op {
  private final int kernel;
  private final int stride;

  /**
   * @param kernel the window's side
   * @param stride the step between windows
   */
  public MaxPool2dOp(int kernel, int stride) {
    super("maxPool2d", 1);
    this.kernel = kernel;
    this.stride = stride;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Pooled p = in[0].maxPool2d(kernel, stride);
    ctx.saveIndices(p.indices());
    return p.values();
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {
      new PoolScatter(ctx.savedIndices(0), ctx.inputShape(0).toArray()).apply(dy)
    };
  }

  /**
   * The configuration: the side of the square window.
   *
   * @return the side of the square window
   */
  public int kernel() {
    return kernel;
  }

  /**
   * The configuration: the step between windows.
   *
   * @return the step between windows
   */
  public int stride() {
    return stride;
  }
}
