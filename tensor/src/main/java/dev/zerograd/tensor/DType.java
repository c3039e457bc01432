package dev.zerograd.tensor;

import java.util.Locale;

/** The element type of a {@link Tensor}: 32-bit or 64-bit IEEE floating point. */
public enum DType {
  /** 32-bit floats, stored in {@code float[]}: the fast type for training. */
  FLOAT32("float32", 4),
  /** 64-bit floats, stored in {@code double[]}: the exact type for gradient checks. */
  FLOAT64("float64", 8);

  private final String numpyName;
  private final int byteSize;

  DType(String numpyName, int byteSize) {
    this.numpyName = numpyName;
    this.byteSize = byteSize;
  }

  /**
   * Number of bytes per element (4 or 8).
   *
   * @return number of bytes per element (4 or 8)
   */
  public int byteSize() {
    return byteSize;
  }

  /**
   * The type that two operands of types {@code a} and {@code b} compute in, as in NumPy:
   * float32 with float64 gives float64.
   *
   * @param a one type
   * @param b the other type
   * @return the type that two operands of types {@code a} and {@code b} compute in, as in NumPy:
   *     float32 with float64 gives float64
   */
  public static DType promote(DType a, DType b) {
    return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
  }

  /**
   * Parses {@code "float32"} or {@code "float64"} (case-insensitive; {@code "f32"} and
   * {@code "f64"} too).
   *
   * @param name {@code float32} or {@code float64}
   * @return the type named
   * @throws IllegalArgumentException naming the text when it is neither (or null)
   */
  public static DType parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("dtype is null: use float32 or float64");
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "float32":
      case "f32":
        return FLOAT32;
      case "float64":
      case "f64":
        return FLOAT64;
      default:
        throw new IllegalArgumentException(
            "unknown dtype '" + name + "': use float32 or float64");
    }
  }

  /** The NumPy name: {@code float32} or {@code float64}. */
  @Override
  public String toString() {
    return numpyName;
  }
}
