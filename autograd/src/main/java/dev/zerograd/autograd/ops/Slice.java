package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * Every {@code step}-th element of {@code [start, end)} along an axis ({@link Tensor#slice}).
 * Backward puts {@code dy} back in place among zeros, {@link SliceScatter}.
 */
public final class Slice extends Op {
  private final int axis;
  private final int start;
  private final int end;
  private final int step;

  /**
   * @param axis the axis sliced
   * @param start first index, inclusive
   * @param end last index, exclusive
   * @param step distance between kept indices, >= 1
   */
  public Slice(int axis, int start, int end, int step) {
    super("slice", 1);
    this.axis = axis;
    this.start = start;
    this.end = end;
    this.step = step;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].slice(axis, start, end, step);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {
      new SliceScatter(ctx.inputShape(0).toArray(), axis, start, end, step).apply(dy)
    };
  }

  /**
   * The configuration: the axis sliced.
   *
   * @return the axis sliced
   */
  public int axis() {
    return axis;
  }

  /**
   * The configuration: the first index taken.
   *
   * @return the first index taken
   */
  public int start() {
    return start;
  }

  /**
   * The configuration: the index after the last one taken.
   *
   * @return the index after the last one taken
   */
  public int end() {
    return end;
  }

  /**
   * The configuration: the distance between indices taken.
   *
   * @return the distance between indices taken
   */
  public int step() {
    return step;
  }
}
