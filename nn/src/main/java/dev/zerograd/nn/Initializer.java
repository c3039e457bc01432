package dev.zerograd.nn;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * Draws the initial value of a weight. Layers call {@link #initialize(Shape, Fans, DType,
 * Generator)} with the weight's {@link Fans}; an initialiser that needs no fans (a lambda {@code
 * (shape, dtype, g) -> ...}) ignores them. See {@link Init}.
 */
@FunctionalInterface
public interface Initializer {
  /**
   * A fresh tensor of the given shape and type; initialisers that depend on the fans guess them
   * from the shape here ({@code (in, out)} for a matrix, {@code (out, in, kh, kw)} for filters).
   *
   * @param shape the shape
   * @param dtype the element type
   * @param g the seeded generator to draw from
   * @return a fresh tensor of the given shape and type
   */
  Tensor initialize(Shape shape, DType dtype, Generator g);

  /**
   * A fresh tensor of the given shape and type for a weight with the given fans, as a layer
   * calls it.
   *
   * @param shape the shape
   * @param fans the weight's fan-in and fan-out, as its layer counts them
   * @param dtype the element type
   * @param g the seeded generator to draw from
   * @return a fresh tensor of the given shape and type
   */
  default Tensor initialize(Shape shape, Fans fans, DType dtype, Generator g) {
    return initialize(shape, dtype, g);
  }
}
