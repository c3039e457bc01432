package dev.zerograd.tensor.spi;

/** The reductions that combine the elements of a lane pairwise. */
public enum Reduction {
  /** The sum; 0 for no elements. */
  SUM("sum", 0.0),
  /** The largest element; NaN wins. */
  MAX("max", Double.NEGATIVE_INFINITY),
  /** The smallest element; NaN wins. */
  MIN("min", Double.POSITIVE_INFINITY);

  private final String opName;
  private final double identity;

  Reduction(String opName, double identity) {
    this.opName = opName;
    this.identity = identity;
  }

  /**
   * The name used in error messages.
   *
   * @return the name used in error messages
   */
  public String opName() {
    return opName;
  }

  /**
   * The value of the reduction of no elements, where it has one.
   *
   * @return the value of the reduction of no elements, where it has one
   */
  public double identity() {
    return identity;
  }

  /**
   * {@code acc} combined with one more element.
   *
   * @param acc the value so far
   * @param x the next element
   * @return {@code acc} combined with one more element
   */
  public double combine(double acc, double x) {
    switch (this) {
      case SUM:
        return acc + x;
      case MAX:
        return Math.max(acc, x);
      default:
        return Math.min(acc, x);
    }
  }
}
