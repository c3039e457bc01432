package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The dimensions of a {@link Tensor}, outermost first; immutable.
 *
 * <p>A shape of rank 0 is a scalar. Dimensions may be zero (an empty tensor) but never negative.
 * Printed like NumPy: {@code (2, 3)}, {@code (3,)}, {@code ()}.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0], 1);

  private final int[] dims;
  /**
   * The most elements a tensor holds: the JVM's largest array, a few elements below {@code
   * Integer.MAX_VALUE} (as {@code java.util.ArrayList} allows).
   */
  public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  private final int size;

  private Shape(int[] dims, int size) {
    this.dims = dims;
    this.size = size;
  }

  /**
   * A shape with the given dimensions.
   *
   * @param dims the dimensions, outermost first
   * @return a shape with the given dimensions
   * @throws IllegalArgumentException naming the dimension when one is negative, or when the
   *     number of elements exceeds {@link #MAX_SIZE}
   */
  public static Shape of(int... dims) {
    if (dims.length == 0) {
      return SCALAR;
    }
    boolean empty = false;
    for (int i = 0; i < dims.length; i++) {
      int d = dims[i];
      if (d < 0) {
        throw new IllegalArgumentException(
            String.format(
                "shape %s: dimension %s is %s; sizes must be >= 0",
                Arrays.toString(dims),
                i,
                d));
      }
      empty |= d == 0;
    }
    if (empty) {
      return new Shape(dims.clone(), 0); // any other sizes hold no elements: nothing to overflow
    }
    long size = 1;
    for (int d : dims) {
      size *= d;
      if (size > MAX_SIZE) {
        throw new IllegalArgumentException(
            String.format(
                "shape %s has more than %s elements, the most one tensor can hold (the JVM's"
                    + " largest array); split the data into smaller tensors",
                Arrays.toString(dims),
                MAX_SIZE));
      }
    }
    return new Shape(dims.clone(), (int) size);
  }

  /**
   * The shape of a scalar: rank 0, one element.
   *
   * @return the shape of a scalar: rank 0, one element
   */
  public static Shape scalar() {
    return SCALAR;
  }

  /**
   * Number of dimensions.
   *
   * @return number of dimensions
   */
  public int rank() {
    return dims.length;
  }

  /**
   * Number of elements: the product of the dimensions (1 for a scalar).
   *
   * @return number of elements: the product of the dimensions (1 for a scalar)
   */
  public int size() {
    return size;
  }

  /**
   * The size of one dimension; negative axes count from the end as in NumPy.
   *
   * @param axis the axis; negative values count from the end
   * @return the size of one dimension; negative axes count from the end as in NumPy
   * @throws IndexOutOfBoundsException naming the axis and the rank when out of range
   */
  public int dim(int axis) {
    return dims[axis("dim", axis)];
  }

  /**
   * A copy of the dimensions.
   *
   * @return a copy of the dimensions
   */
  public int[] toArray() {
    return dims.clone();
  }

  int[] dimsUnsafe() {
    return dims;
  }

  /**
   * Normalises an axis of this shape (negative values count from the end).
   *
   * @param op the operation asking, for the error message
   * @param axis the axis; negative values count from the end
   * @return the axis in {@code [0, rank)}
   * @throws IndexOutOfBoundsException naming the op, the axis and the rank when out of range
   */
  public int axis(String op, int axis) {
    int r = dims.length;
    if (axis < -r || axis >= r) {
      throw new IndexOutOfBoundsException(
          String.format(
              "%s: axis %d is out of bounds for a tensor of rank %d with shape %s;"
                  + " use an axis in [%d, %d]",
              op, axis, r, this, -r, r - 1));
    }
    return axis < 0 ? axis + r : axis;
  }

  /**
   * Normalises a set of axes: sorted, without duplicates. An empty array means every axis.
   *
   * @param op the op's name, for error messages
   * @param axes the axes; negative values count from the end
   * @return the axes in {@code [0, rank)}, ascending
   * @throws IndexOutOfBoundsException when an axis is out of range
   * @throws IllegalArgumentException when an axis repeats
   */
  public int[] axes(String op, int... axes) {
    if (axes.length == 0) {
      int[] all = new int[dims.length];
      Arrays.setAll(all, i -> i);
      return all;
    }
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      out[i] = axis(op, axes[i]);
    }
    Arrays.sort(out);
    for (int i = 1; i < out.length; i++) {
      if (out[i] == out[i - 1]) {
        throw new IllegalArgumentException(
            String.format(
                "%s: axis %s repeats in %s",
                op,
                out[i],
                Arrays.toString(axes)));
      }
    }
    return out;
  }

  /**
   * The shape after reducing the given (normalised, sorted) axes: those axes become 1 when
   * {@code keepDims}, else they are removed.
   *
   * @param sortedAxes the axes, sorted
   * @param keepDims whether the reduced axes stay, with size 1
   * @return the shape after reducing the given (normalised, sorted) axes: those axes become 1 when
   *     {@code keepDims}, else they are removed
   */
  public Shape reduce(int[] sortedAxes, boolean keepDims) {
    int[] out = new int[keepDims ? dims.length : dims.length - sortedAxes.length];
    int j = 0;
    int k = 0;
    for (int i = 0; i < dims.length; i++) {
      boolean reduced = k < sortedAxes.length && sortedAxes[k] == i;
      if (reduced) {
        k++;
        if (keepDims) {
          out[j++] = 1;
        }
      } else {
        out[j++] = dims[i];
      }
    }
    return of(out);
  }

  /**
   * The broadcast shape of two operands, NumPy rules: align trailing dimensions; each pair must
   * be equal or contain a 1.
   *
   * @param op the operation, for the error message
   * @param a one shape
   * @param b the other shape
   * @return the broadcast shape of two operands, NumPy rules: align trailing dimensions; each pair
   *     must be equal or contain a 1
   * @throws IllegalArgumentException naming the op, both shapes and the first clashing dimension
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    if (a.equals(b)) {
      return a;
    }
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
      int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s: operands could not be broadcast together with shapes %s and %s:"
                    + " %d (dim %d) != %d (dim %d); make them equal or 1",
                op, a, b, da, i - (rank - a.rank()), db, i - (rank - b.rank())));
      }
      out[i] = da == 1 ? db : da;
    }
    return of(out);
  }

  /**
   * Whether a tensor of this shape can be broadcast to {@code target} (every aligned dimension
   * equal or 1, and rank not above the target's).
   *
   * @param target the shape broadcast to
   * @return whether a tensor of this shape can be broadcast to {@code target} (every aligned
   *     dimension equal or 1, and rank not above the target's)
   */
  public boolean isBroadcastableTo(Shape target) {
    if (rank() > target.rank()) {
      return false;
    }
    int offset = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      if (dims[i] != 1 && dims[i] != target.dims[i + offset]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The axes of this shape along which a tensor of shape {@code source} was broadcast to it: the
   * leading axes it gained and the axes where it had size 1. Summing over them (keeping the
   * dimensions) and reshaping to {@code source} undoes the broadcast, which is its gradient.
   *
   * @param source the shape broadcast from
   * @return the axes of this shape along which a tensor of shape {@code source} was broadcast to
   *     it: the leading axes it gained and the axes where it had size 1
   * @throws IllegalArgumentException when {@code source} does not broadcast to this shape
   */
  public int[] broadcastAxes(Shape source) {
    checkArgument(
        source.isBroadcastableTo(this),
        "sumTo: shape %s is not a broadcast of %s; cannot reduce it there",
        this,
        source);
    int lead = rank() - source.rank();
    int[] axes = new int[rank()];
    int n = 0;
    for (int i = 0; i < rank(); i++) {
      if (i < lead || (source.dims[i - lead] == 1 && dims[i] != 1)) {
        axes[n++] = i;
      }
    }
    return Arrays.copyOf(axes, n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** NumPy's notation: {@code (2, 3)}, {@code (3,)}, {@code ()}. */
  @Override
  public String toString() {
    if (dims.length == 1) {
      return "(" + dims[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(dims[i]);
    }
    return sb.append(')').toString();
  }
}
