package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;

/**
 * Dropout (the textbook's, in PyTorch's inverted form): in training mode each element is zeroed
 * with probability p and the rest scaled by {@code 1 / (1 - p)}, so that evaluation, which
 * passes x through unchanged, sees the same expected values. The masks come from a seeded
 * generator: the same seed drops the same elements on every run.
 */
public final class Dropout extends Module {
  private final double p;
  private final Generator rng;

  /**
   * @param p the probability of dropping an element, in [0, 1)
   * @param seed the seed of the masks
   * @throws IllegalArgumentException when p is outside [0, 1)
   */
  public Dropout(double p, long seed) {
    checkArgument(p >= 0 && p < 1, "Dropout: p %s must be in [0, 1)", p);
    this.p = p;
    this.rng = new Generator(seed);
  }

  @Override
  public Variable forward(Variable x) {
    if (!isTraining() || p == 0) {
      return x;
    }
    Tensor keep = rng.uniform(x.dtype(), 0, 1, x.shape().toArray()).ge(p).mul(1 / (1 - p));
    return x.mul(Variable.of(keep));
  }

  /**
   * The probability of dropping an element in training.
   *
   * @return the probability of dropping an element in training
   */
  public double p() {
    return p;
  }
}
