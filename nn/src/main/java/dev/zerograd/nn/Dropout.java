package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Generator;

/**
 * Dropout, in PyTorch's inverted form: in training mode each element is zeroed with probability
 * p and the rest scaled by {@code 1 / (1 - p)}, so that evaluation, which passes x through
 * unchanged, sees the same expected values. {@link #textbook} is the book's form instead
 * ({@code common/layers.py}): training zeroes without scaling and evaluation multiplies by {@code
 * 1 - p}; the same expected values, other training dynamics (the layers after it see values
 * {@code 1 - p} times as large in training). The masks come from a seeded generator: the same
 * seed drops the same elements on every run.
 */
public final class Dropout extends Module {
  private final double p;
  private final Generator rng;
  private final boolean textbook;

  /**
   * PyTorch's inverted dropout.
   *
   * @param p the probability of dropping an element, in [0, 1)
   * @param seed the seed of the masks
   * @throws IllegalArgumentException when p is outside [0, 1)
   */
  public Dropout(double p, long seed) {
    this(p, seed, false);
  }

  private Dropout(double p, long seed, boolean textbook) {
    checkArgument(p >= 0 && p < 1, "Dropout: p %s must be in [0, 1)", p);
    this.p = p;
    this.rng = new Generator(seed);
    this.textbook = textbook;
  }

  /**
   * The book's dropout: in training x times a 0/1 mask (each element kept with probability
   * {@code 1 - p}), in evaluation {@code x (1 - p)}.
   *
   * @param p the probability of dropping an element, in [0, 1)
   * @param seed the seed of the masks
   * @return the layer
   * @throws IllegalArgumentException when p is outside [0, 1)
   */
  public static Dropout textbook(double p, long seed) {
    return new Dropout(p, seed, true);
  }

  @Override
  public Variable forward(Variable x) {
    return Functional.dropout("Dropout", x, p, isTraining(), textbook, rng);
  }


  /**
   * Whether this is the book's form ({@link #textbook}) rather than PyTorch's inverted one.
   *
   * @return true for the book's form
   */
  public boolean isTextbook() {
    return textbook;
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
