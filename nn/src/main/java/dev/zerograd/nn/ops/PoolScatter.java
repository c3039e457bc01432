package dev.zerograd.nn.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * Zeros of the pooled images' shape with each pooled value added at its maximum's position: the
 * gradient of {@link MaxPool2dOp}. Linear; its backward reads the same positions back, {@link
 * PoolGather}. The index array is the pooling's own and is shared, not copied.
 */
public final class PoolScatter extends Op {
  private final int[] indices;
  private final int[] dims;

  /**
   * @param indices row-major positions into {@code dims}, one per input element
   * @param dims the output's dimensions
   */
  public PoolScatter(int[] indices, int[] dims) {
    super("poolScatter", 1);
    this.indices = indices;
    this.dims = dims.clone();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor out = Tensor.zeros(Shape.of(dims), in[0].dtype());
    out.reshape(-1).scatterAddInPlace(0, indices, in[0].reshape(-1));
    return out;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable g) {
    return new Variable[] {new PoolGather(indices, ctx.inputShape(0).toArray()).apply(g)};
  }
}
