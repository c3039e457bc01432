package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Shape;

/** {@code (N, ...)} to {@code (N, product of the rest)}: from convolutions to Affine layers. */
public final class Flatten extends Module {
  @Override
  public Variable forward(Variable x) {
    checkArgument(x.rank() >= 1, "Flatten: expects a batch (N, ...), got a scalar");
    return rows(x);
  }

  /**
   * {@code x} as a matrix of one row per sample. The row length is the product of the other
   * dimensions, not an inferred {@code -1}, so that an empty batch (N = 0) flattens too.
   */
  static Variable rows(Variable x) {
    int[] dims = x.shape().toArray();
    long rest = 1;
    for (int i = 1; i < dims.length; i++) {
      rest *= dims[i];
      checkArgument(
          rest <= Shape.MAX_SIZE,
          "Flatten: a row of %s would hold more than %s elements",
          x.shape(),
          Shape.MAX_SIZE);
    }
    return dims.length == 2 ? x : x.reshape(dims[0], (int) rest);
  }
}
