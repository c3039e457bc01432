package dev.zerograd.tensor.cpu;

/**
 * Walks several strided operands over one shape, innermost dimension as a row.
 *
 * <p>Dimensions of size 1 are dropped and adjacent dimensions that are contiguous for every
 * operand are merged first (NumPy's coalescing), so that an operation on contiguous tensors runs
 * as a single row however many dimensions it has.
 */
final class StridedLoop {
  private StridedLoop() {}

  /** The body of a loop: one row of {@code n} elements. */
  @FunctionalInterface
  interface Row {
    /**
     * Processes one row.
     *
     * @param n number of elements in the row
     * @param offsets first element of the row in each operand; not to be modified
     * @param steps stride of each operand along the row
     */
    void run(int n, int[] offsets, int[] steps);
  }

  /**
   * Calls {@code row} once per innermost row of {@code dims}, in row-major order.
   *
   * @param dims the shape iterated over
   * @param strides one stride array per operand, each of length {@code dims.length} (0 for a
   *     broadcast dimension)
   * @param offsets the start offset of each operand
   */
  static void forEach(int[] dims, int[][] strides, int[] offsets, Row row) {
    int rank = dims.length;
    int k = strides.length;
    for (int d : dims) {
      if (d == 0) {
        return;
      }
    }
    int[] cd = new int[rank];
    int[][] cs = new int[k][rank];
    int m = 0;
    for (int i = 0; i < rank; i++) {
      if (dims[i] == 1) {
        continue;
      }
      if (m > 0 && mergeable(cs, m - 1, strides, i, dims[i])) {
        cd[m - 1] *= dims[i];
        for (int j = 0; j < k; j++) {
          cs[j][m - 1] = strides[j][i];
        }
      } else {
        cd[m] = dims[i];
        for (int j = 0; j < k; j++) {
          cs[j][m] = strides[j][i];
        }
        m++;
      }
    }
    int[] off = offsets.clone();
    int[] step = new int[k];
    if (m == 0) {
      row.run(1, off, step);
      return;
    }
    int n = cd[m - 1];
    for (int j = 0; j < k; j++) {
      step[j] = cs[j][m - 1];
    }
    int outer = m - 1;
    int[] idx = new int[outer];
    while (true) {
      row.run(n, off, step);
      int d = outer - 1;
      while (d >= 0) {
        idx[d]++;
        for (int j = 0; j < k; j++) {
          off[j] += cs[j][d];
        }
        if (idx[d] < cd[d]) {
          break;
        }
        for (int j = 0; j < k; j++) {
          off[j] -= cs[j][d] * cd[d];
        }
        idx[d] = 0;
        d--;
      }
      if (d < 0) {
        return;
      }
    }
  }

  private static boolean mergeable(int[][] merged, int prev, int[][] strides, int i, int dim) {
    for (int j = 0; j < strides.length; j++) {
      if (merged[j][prev] != strides[j][i] * dim) {
        return false;
      }
    }
    return true;
  }
}
