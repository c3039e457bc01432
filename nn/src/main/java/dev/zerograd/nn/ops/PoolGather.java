package dev.zerograd.nn.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * The elements of x at the given row-major positions, shaped as given: the adjoint of {@link
 * PoolScatter} and so its gradient (and max pooling itself, once the positions are known).
 */
public final class PoolGather extends Op {
  private final int[] indices;
  private final int[] dims;

  /**
   * @param indices row-major positions into the input, one per output element
   * @param dims the output's dimensions
   */
  public PoolGather(int[] indices, int[] dims) {
    super("poolGather", 1);
    this.indices = indices;
    this.dims = dims.clone();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].reshape(-1).takeAlongAxis(0, indices).reshape(dims);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable g) {
    return new Variable[] {new PoolScatter(indices, ctx.inputShape(0).toArray()).apply(g)};
  }
}
