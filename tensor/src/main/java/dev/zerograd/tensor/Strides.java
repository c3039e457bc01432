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

  /**
   * Whether two elements of a view of {@code dims} and {@code strides} (all strides >= 0) share a
   * storage index. Decided at once for the views slicing, selecting and transposing make (each
   * axis's stride beyond the reach of the axes with smaller strides); otherwise (windows, {@code
   * asStrided}) by marking every index the view reaches, which is exact and linear in the span.
   */
  static boolean overlaps(int[] dims, int[] strides) {
    int n = dims.length;
    Integer[] order = new Integer[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (dims[i] == 0) {
        return false;
      }
      if (dims[i] > 1) {
        if (strides[i] == 0) {
          return true;
        }
        order[count++] = i;
      }
    }
    java.util.Arrays.sort(order, 0, count, (a, b) -> Integer.compare(strides[a], strides[b]));
    long reach = 0; // the largest index the axes so far reach from the first element
    boolean separable = true;
    for (int k = 0; k < count && separable; k++) {
      int i = order[k];
      separable = strides[i] > reach;
      reach += (long) (dims[i] - 1) * strides[i];
    }
    if (separable) {
      return false;
    }
    java.util.BitSet seen = new java.util.BitSet((int) Math.min(Integer.MAX_VALUE, reach + 1));
    int[] index = new int[n];
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    for (long e = 0; e < size; e++) {
      long at = 0;
      for (int i = 0; i < n; i++) {
        at += (long) index[i] * strides[i];
      }
      if (seen.get((int) at)) {
        return true;
      }
      seen.set((int) at);
      for (int i = n - 1; i >= 0 && ++index[i] == dims[i]; i--) {
        index[i] = 0;
      }
    }
    return false;
  }
}
