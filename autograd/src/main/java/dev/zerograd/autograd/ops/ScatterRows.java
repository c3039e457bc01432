package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = zeros(shape)} with row {@code i} of x added into row {@code indices[i]}; repeated
 * indices add up. The adjoint of {@link GatherRows} and so its gradient; backward: {@code dx =
 * dy[indices]}.
 */
public final class ScatterRows extends Op {
  private final int[] indices;
  private final Shape shape;

  /**
   * @param indices the row of the output each input row is added to, each in [0, rows)
   * @param shape the output's shape: x's shape with the first axis of the output's length
   */
  public ScatterRows(int[] indices, Shape shape) {
    super("scatterRows", 1);
    this.indices = indices.clone();
    this.shape = shape;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return Tensor.zeros(shape, in[0].dtype()).indexAddInPlace(0, indices, in[0]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {dy.gatherRows(indices)};
  }
}
