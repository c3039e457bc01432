package dev.zerograd.tensor;

import dev.zerograd.tensor.spi.View;

/**
 * Layout arithmetic of strided views beyond {@link View}'s own: broadcast strides and extents.
 */
final class Strides {
  private Strides() {}

  /**
   * Strides that read a tensor of {@code dims} and {@code strides} as if broadcast to {@code
   * target}: 0 on the axes it is broadcast along, including the new leading ones.
   */
  static int[] broadcast(int[] dims, int[] strides, int[] target) {
    int[] out = new int[target.length];
    int lead = target.length - dims.length;
    for (int i = 0; i < dims.length; i++) {
      out[lead + i] = dims[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
    }
    return out;
  }

  /** The smallest and largest storage index a view reaches, or null when it is empty. */
  static long[] extent(int[] dims, int[] strides, long offset) {
    long lo = offset;
    long hi = offset;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == 0) {
        return null;
      }
      long span = (long) (dims[i] - 1) * strides[i];
      if (span < 0) {
        lo += span;
      } else {
        hi += span;
      }
    }
    return new long[] {lo, hi};
  }
}
