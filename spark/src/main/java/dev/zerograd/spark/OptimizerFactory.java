package dev.zerograd.spark;

import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.Optimizer;
import java.io.Serializable;

/**
 * Makes the optimiser for a model: on the driver in synchronous mode, and on each executor for
 * its local steps in parameter-averaging mode (e.g. {@code m -> new SGD(m, 0.1)} or {@code m ->
 * Adam.builder(m).lr(0.001).build()}).
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
  /**
   * Makes an optimiser over the model's parameters.
   *
   * @param model the model
   * @return a new optimiser
   */
  Optimizer create(Module model);
}
