package dev.zerograd.tensor.spi;

import dev.zerograd.tensor.DType;

/**
 * A tensor as a kernel sees it: a storage, and where in it each element lies. Element {@code
 * (i0, i1, ...)} is storage element {@code offset + i0 * strides[0] + i1 * strides[1] + ...}; a
 * stride of 0 repeats one element along its axis (a broadcast).
 *
 * <p>The arrays are shared with the tensor, not copied: a kernel reads them and never writes
 * them. Validation happens before a view reaches a kernel; a kernel may assume that every index
 * it computes lies within the storage.
 *
 * @param storage the memory, of the backend whose kernels receive the view
 * @param dims the size of each axis, outermost first
 * @param strides the storage step of each axis, in elements
 * @param offset the storage index of element (0, 0, ...)
 */
public record View(Storage storage, int[] dims, int[] strides, int offset) {
  /**
   * The element type.
   *
   * @return the element type
   */
  public DType dtype() {
    return storage.dtype();
  }

  /**
   * Number of axes.
   *
   * @return number of axes
   */
  public int rank() {
    return dims.length;
  }

  /**
   * Row-major strides of dense dims: the last axis has stride 1, each other the product of the
   * sizes after it (an axis of size 0 counts as 1, so that strides stay meaningful).
   *
   * @param dims the dimensions, outermost first
   * @return row-major strides of dense dims: the last axis has stride 1, each other the product of
   *     the sizes after it (an axis of size 0 counts as 1, so that strides stay meaningful)
   */
  public static int[] denseStrides(int[] dims) {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= Math.max(1, dims[i]);
    }
    return s;
  }

  /**
   * Whether the elements lie densely in row-major order (no broadcast, no gaps).
   *
   * @return whether the elements lie densely in row-major order (no broadcast, no gaps)
   */
  public boolean isContiguous() {
    int expected = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      if (dims[i] > 1 && strides[i] != expected) {
        return false;
      }
      expected *= Math.max(1, dims[i]);
    }
    return true;
  }

  /**
   * Number of elements: the product of the dimensions.
   *
   * @return number of elements: the product of the dimensions
   */
  public int size() {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }
}
