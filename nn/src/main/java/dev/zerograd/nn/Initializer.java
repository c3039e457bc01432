package dev.zerograd.nn;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * Draws the initial value of a weight. For a weight of shape {@code (in, out)}, {@code in} is the
 * fan-in (nodes of the previous layer) and {@code out} the fan-out. See {@link Init}.
 */
@FunctionalInterface
public interface Initializer {
  /**
   * A fresh tensor of the given shape and type.
   *
   * @param g the seeded generator to draw from
   * @param shape the shape
   * @param dtype the element type
   * @return a fresh tensor of the given shape and type
   */
  Tensor initialize(Shape shape, DType dtype, Generator g);
}
