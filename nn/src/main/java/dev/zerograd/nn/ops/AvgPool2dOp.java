package dev.zerograd.nn.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.ops.Fold2d;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * Average pooling of images {@code (N, C, H, W)} over {@code kernel x kernel} windows with step
 * {@code stride}, no padding: {@code y[n, c, i, j]} is the mean of the window at {@code (stride i,
 * stride j)}; shape {@code (N, C, OH, OW)}, {@code OH = (H - kernel) / stride + 1}. The AvgPool2d
 * layer's op, one node where the layer used to record four (so that a traced graph says "average
 * pooling", which ONNX's AveragePool is). Linear; backward spreads each {@code dy / kernel^2} over
 * its window with {@link Fold2d}, itself linear, so the op has derivatives of every order.
 */
public final class AvgPool2dOp extends Op {
  private final int kernel;
  private final int stride;

  /**
   * @param kernel the window's side
   * @param stride the step between windows
   */
  public AvgPool2dOp(int kernel, int stride) {
    super("avgPool2d", 1);
    this.kernel = kernel;
    this.stride = stride;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor x = in[0];
    int n = x.dim(0);
    int c = x.dim(1);
    int oh = (x.dim(2) - kernel) / stride + 1;
    int ow = (x.dim(3) - kernel) / stride + 1;
    // (N, C kh kw, OH OW) -> (N, C, kh kw, OH OW): the mean over the window axis.
    return x.unfold2d(kernel, kernel, stride, 0)
        .reshape(n, c, kernel * kernel, oh * ow)
        .mean(2)
        .reshape(n, c, oh, ow);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    Shape s = ctx.inputShape(0);
    int n = s.dim(0);
    int c = s.dim(1);
    int area = kernel * kernel;
    int positions = dy.dim(2) * dy.dim(3);
    Variable spread =
        dy.reshape(n, c, 1, positions)
            .broadcastTo(n, c, area, positions)
            .reshape(n, c * area, positions)
            .mul(1.0 / area);
    return new Variable[] {new Fold2d(s.toArray(), kernel, kernel, stride, 0).apply(spread)};
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
