package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * {@code y = x} with axes permuted (axis i of y is axis {@code axes[i]} of x); a view. Backward
 * applies the inverse permutation.
 */
public final class Transpose extends Op {
  private final int[] axes;

  /** @param axes a permutation of the input's axes */
  public Transpose(int... axes) {
    super("transpose", 1);
    this.axes = axes.clone();
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].transpose(axes);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    int r = axes.length;
    int[] inverse = new int[r];
    for (int i = 0; i < r; i++) {
      inverse[Math.floorMod(axes[i], r)] = i;
    }
    return new Variable[] {dy.transpose(inverse)};
  }

  /**
   * The configuration: the permutation of the axes.
   *
   * @return the permutation of the axes (a copy)
   */
  public int[] axes() {
    return axes.clone();
  }
}
