package dev.zerograd.spark;

import dev.zerograd.nn.Module;
import java.io.Serializable;

/**
 * Makes a fresh model, on the driver and on every executor (a lambda such as {@code () -> new
 * TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT64, 0)}). Every model it makes must have the same
 * parameters, by name and shape; their initial values do not matter on executors, which receive
 * the driver's.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
  /**
   * Makes a model.
   *
   * @return a new model
   */
  Module create();
}
