package dev.zerograd.autograd;

/**
 * Thrown in {@link AnomalyMode} when an op produces NaN or infinity in its output or in a
 * gradient. The message names the op and where it was created.
 */
public final class AnomalyException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** The name of the op that produced the non-finite value. */
  private final String opName;

  AnomalyException(String opName, String message) {
    super(message);
    this.opName = opName;
  }

  /**
   * The name of the op whose output or gradient was not finite.
   *
   * @return the name of the op whose output or gradient was not finite
   */
  public String opName() {
    return opName;
  }
}
