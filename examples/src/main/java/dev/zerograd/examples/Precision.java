package dev.zerograd.examples;

import dev.zerograd.tensor.Tensor;

/**
 * Rounding to the 16-bit floating-point formats that models are stored in: IEEE float16 (11
 * significant bits, largest 65504) and bfloat16 (8 significant bits, float32's range). A value is
 * rounded to the nearest one the format holds, ties to even, and kept as a float32: storage
 * rounding, computation in float32.
 */
enum Precision {
  /** IEEE 754 half precision. */
  FLOAT16(11, -14, 65504.0),
  /** Google's brain floating point: float32 with 16 bits of mantissa dropped. */
  BFLOAT16(8, -126, Float.MAX_VALUE);

  private final int significant;
  private final int minExponent;
  private final double largest;

  Precision(int significant, int minExponent, double largest) {
    this.significant = significant;
    this.minExponent = minExponent;
    this.largest = largest;
  }

  /** {@code v} rounded to the nearest value of this format (ties to even), as a float. */
  float round(float v) {
    if (Float.isNaN(v) || Float.isInfinite(v) || v == 0) {
      return v;
    }
    double a = Math.abs((double) v);
    int e = Math.max(Math.getExponent(a), minExponent); // subnormals share the smallest step
    double step = Math.scalb(1.0, e - (significant - 1));
    double r = Math.rint(a / step) * step; // a / step is exact: step is a power of two
    float out = r > largest ? Float.POSITIVE_INFINITY : (float) r;
    return v < 0 ? -out : out;
  }

  /** A float32 copy of {@code t} with every value rounded to this format. */
  Tensor round(Tensor t) {
    float[] v = t.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = round(v[i]);
    }
    return Tensor.of(v).reshape(t.shape().toArray()).to(t.dtype());
  }
}
