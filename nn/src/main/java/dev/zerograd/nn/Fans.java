package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A weight's fan-in and fan-out, as the layer that owns it counts them: the inputs that feed one
 * output and the outputs that one input feeds. {@code Affine(in, out)}: {@code (in, out)}; a
 * convolution's filters {@code (out, in / groups, kh, kw)}: {@code (in / groups kh kw, out kh
 * kw)}, as PyTorch counts them. The layer states them, so an initialiser never guesses them from
 * the weight's layout.
 *
 * @param in the fan-in, at least 1
 * @param out the fan-out, at least 1
 */
public record Fans(int in, int out) {
  /**
   * Checks both fans.
   *
   * @param in the fan-in
   * @param out the fan-out
   * @throws IllegalArgumentException when a fan is below 1
   */
  public Fans {
    checkArgument(in >= 1 && out >= 1, "Fans: fan-in %s and fan-out %s must be at least 1", in, out);
  }
}
