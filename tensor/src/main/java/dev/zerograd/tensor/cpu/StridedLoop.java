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

  /**
   * Below this many elements an elementwise pass stays on its thread: about a quarter of a
   * millisecond of work, against some microseconds to hand a part to a helper.
   */
  static final int PARALLEL_MIN = 1 << 18;

  /**
   * {@link #forEach}, split across the cores for a large shape (automatic thread mode, outside
   * {@code Blas.serial()}): the first axis long enough is cut into one range per part. Only for
   * bodies that write each output element from inputs alone (elementwise operations), whose
   * result cannot depend on the order of rows.
   */
  static void forEachParallel(int[] dims, int[][] strides, int[] offsets, Row row) {
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    int parts = size >= 2L * PARALLEL_MIN && CpuBlas.splits() ? Parallel.parts() : 1;
    int axis = -1;
    for (int i = 0; i < dims.length && parts > 1; i++) {
      if (dims[i] >= parts) {
        axis = i;
        break;
      }
    }
    if (axis < 0) {
      forEach(dims, strides, offsets, row);
      return;
    }
    int a = axis;
    Parallel.runRanges(
        dims[a],
        parts,
        (from, to) -> {
          int[] sub = dims.clone();
          sub[a] = to - from;
          int[] off = offsets.clone();
          for (int j = 0; j < off.length; j++) {
            off[j] += from * strides[j][a];
          }
          forEach(sub, strides, off, row);
        });
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
