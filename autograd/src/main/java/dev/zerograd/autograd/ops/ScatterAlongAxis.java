package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * Zeros of a shape with each element of x added at its index along an axis ({@link
 * Tensor#scatterAddInPlace}; PyTorch's {@code scatter_add}). The adjoint of {@link
 * TakeAlongAxis} and so its gradient; backward: {@code dx = takeAlongAxis(dy)}.
 */
public final class ScatterAlongAxis extends Op {
  private final int axis;
  private final int[] indices;
  private final int[] dims;

  /**
   * @param axis the axis scattered along
   * @param indices one per input position, row-major, each within the output's axis
   * @param dims the output's dimensions
   */
  public ScatterAlongAxis(int axis, int[] indices, int[] dims) {
    super("scatterAlongAxis", 1);
    this.axis = axis;
    this.indices = indices.clone();
    this.dims = dims.clone();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return Tensor.zeros(Shape.of(dims), in[0].dtype()).scatterAddInPlace(axis, indices, in[0]);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {new TakeAlongAxis(axis, indices).apply(dy)};
  }
}
