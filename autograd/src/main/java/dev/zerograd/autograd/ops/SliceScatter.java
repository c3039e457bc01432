package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * Zeros of a shape with x written into a slice of it: the adjoint of {@link Slice} and so its
 * gradient; backward: {@code dx = dy} sliced.
 */
public final class SliceScatter extends Op {
  private final int[] dims;
  private final int axis;
  private final int start;
  private final int end;
  private final int step;

  /**
   * @param dims the output's dimensions
   * @param axis the axis of the slice
   * @param start its first index
   * @param end its end, exclusive
   * @param step its step
   */
  public SliceScatter(int[] dims, int axis, int start, int end, int step) {
    super("sliceScatter", 1);
    this.dims = dims.clone();
    this.axis = axis;
    this.start = start;
    this.end = end;
    this.step = step;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    Tensor out = Tensor.zeros(Shape.of(dims), in[0].dtype());
    out.slice(axis, start, end, step).assignInPlace(in[0]);
    return out;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {new Slice(axis, start, end, step).apply(dy)};
  }
}
