package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.spi.View;

/**
 * The index-driven operations of {@link Tensor}: gathers along an axis ({@code indexSelect},
 * {@code takeAlongAxis}, the mini-batch {@code gatherRows}) and their adjoints, the scatter-adds.
 * Validates indices and shapes, then hands the work to the backend.
 */
final class Gathers {
  private Gathers() {}

  static Tensor gatherRows(Tensor t, int[] indices, Tensor out) {
    checkNotNull(indices, "gatherRows: the indices array is null");
    checkNotNull(out, "gatherRows: the output tensor is null");
    checkArgument(t.rank() >= 1, "gatherRows: needs a tensor of rank >= 1, got a scalar");
    Shape expected = selectedShape(t, 0, indices.length);
    checkArgument(
        out.shape().equals(expected),
        "gatherRows: %s rows of shape %s need an output of shape %s, got %s",
        indices.length,
        t.shape(),
        expected,
        out.shape());
    checkIndices("gatherRows", "index", indices, t.shape().dimsUnsafe()[0], 0);
    out.beginWrite("gatherRows");
    t.kernels().indexSelect(out.view(), Tensor.sameBackendView("gatherRows", out, t), 0, indices);
    return out;
  }

  static Tensor indexSelect(Tensor t, String op, int axis, int[] indices) {
    checkNotNull(indices, "%s: the indices array is null", op);
    int a = t.shape().axis(op, axis);
    checkIndices(op, "index", indices, t.shape().dimsUnsafe()[a], a);
    Tensor out = t.fresh(selectedShape(t, a, indices.length), t.dtype());
    t.kernels().indexSelect(out.view(), t.view(), a, indices);
    return out;
  }

  static Tensor indexAddInPlace(Tensor t, int axis, int[] indices, Tensor source) {
    checkNotNull(indices, "indexAddInPlace: the indices array is null");
    checkNotNull(source, "indexAddInPlace: the source tensor is null");
    int a = t.shape().axis("indexAddInPlace", axis);
    Shape expected = selectedShape(t, a, indices.length);
    checkArgument(
        source.shape().equals(expected),
        "indexAddInPlace: %s indices along axis %s of shape %s need a source of shape %s, got"
            + " %s",
        indices.length,
        a,
        t.shape(),
        expected,
        source.shape());
    checkIndices("indexAddInPlace", "index", indices, t.shape().dimsUnsafe()[a], a);
    t.beginWrite("indexAddInPlace");
    Tensor src = source.to(t.dtype());
    t.kernels().indexAdd(t.view(), Tensor.sameBackendView("indexAddInPlace", t, src), a, indices);
    return t;
  }

  static Tensor takeAlongAxis(Tensor t, int axis, int[] indices) {
    checkNotNull(indices, "takeAlongAxis: the indices array is null");
    int a = t.shape().axis("takeAlongAxis", axis);
    Shape shape = alongShape(t, "takeAlongAxis", a, indices.length);
    checkIndices("takeAlongAxis", "index", indices, t.shape().dimsUnsafe()[a], a);
    Tensor out = t.fresh(shape, t.dtype());
    t.kernels().takeAlongAxis(out.view(), t.view(), a, indices);
    return out;
  }

  static Tensor scatterAddInPlace(Tensor t, int axis, int[] indices, Tensor source) {
    checkNotNull(indices, "scatterAddInPlace: the indices array is null");
    checkNotNull(source, "scatterAddInPlace: the source tensor is null");
    int a = t.shape().axis("scatterAddInPlace", axis);
    Shape expected = alongShape(t, "scatterAddInPlace", a, indices.length);
    checkArgument(
        source.shape().equals(expected),
        "scatterAddInPlace: %s indices along axis %s of shape %s need a source of shape %s,"
            + " got %s",
        indices.length,
        a,
        t.shape(),
        expected,
        source.shape());
    checkIndices("scatterAddInPlace", "index", indices, t.shape().dimsUnsafe()[a], a);
    t.beginWrite("scatterAddInPlace");
    Tensor src = source.to(t.dtype());
    View s = Tensor.sameBackendView("scatterAddInPlace", t, src);
    t.kernels().scatterAdd(t.view(), s, a, indices);
    return t;
  }

  static Shape selectedShape(Tensor t, int axis, int n) {
    int[] dims = t.shape().toArray();
    dims[axis] = n;
    return Shape.of(dims);
  }

  static Shape alongShape(Tensor t, String op, int axis, int count) {
    int len = t.shape().dimsUnsafe()[axis];
    int lanes = len == 0 ? 0 : t.size() / len;
    checkArgument(
        lanes == 0 ? count == 0 : count % lanes == 0,
        "%s: %s indices for %s lanes along axis %s of shape %s; give the same number for every"
            + " lane",
        op,
        count,
        lanes,
        axis,
        t.shape());
    return selectedShape(t, axis, lanes == 0 ? 0 : count / lanes);
  }

  static void checkIndices(String op, String what, int[] indices, int n, int axis) {
    checkNotNull(indices, "%s: the %s array is null", op, what.equals("index") ? "indices" : what + "s");
    for (int i = 0; i < indices.length; i++) {
      int r = indices[i];
      if (r < 0 || r >= n) {
        throw new IndexOutOfBoundsException(
            axis < 0
                ? String.format(
                    "%s: %s %d at position %d is outside [0, %d)", op, what, r, i, n)
                : String.format(
                    "%s: %s %d at position %d is out of bounds for axis %d with size %d",
                    op, what, r, i, axis, n));
      }
    }
  }
}
