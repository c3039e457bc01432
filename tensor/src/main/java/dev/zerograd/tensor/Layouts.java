package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.spi.View;
import java.util.Arrays;

/**
 * The views of {@link Tensor}: new shapes, strides and offsets over the same storage (transpose,
 * reshape, slice, select, as-strided, unfold), and padding, which copies into a view. Validation
 * and layout arithmetic only; no element is read.
 */
final class Layouts {
  private Layouts() {}

  static Tensor transpose(Tensor t, int... axes) {
    int r = t.rank();
    checkArgument(
        axes.length == r,
        "transpose: %s axes given for a tensor of rank %s (shape %s); give a permutation of all"
            + " axes",
        axes.length,
        r,
        t.shape());
    boolean[] seen = new boolean[r];
    int[] dims = new int[r];
    int[] st = new int[r];
    for (int i = 0; i < r; i++) {
      int a = t.shape().axis("transpose", axes[i]);
      if (seen[a]) {
        throw new IllegalArgumentException(
            String.format(
                "transpose: axis %s repeats in %s",
                a,
                Arrays.toString(axes)));
      }
      seen[a] = true;
      dims[i] = t.shape().dimsUnsafe()[a];
      st[i] = t.view().strides()[a];
    }
    return Tensor.viewOf(Shape.of(dims), st, t.view().offset(), t);
  }

  static Tensor reshape(Tensor t, int... dims) {
    int[] out = dims.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              String.format(
                  "reshape: only one dimension can be -1, got %s",
                  Arrays.toString(dims)));
        }
        infer = i;
      } else {
        if (out[i] < 0) {
          throw new IllegalArgumentException(
              String.format(
                  "reshape: dimension %s is %s in %s; sizes must be >= 0 (or -1 to infer one)",
                  i,
                  out[i],
                  Arrays.toString(dims)));
        }
        known *= out[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || t.size() % known != 0) {
        throw new IllegalArgumentException(
            String.format(
                "reshape: cannot reshape %s elements of shape %s into %s",
                t.size(),
                t.shape(),
                Arrays.toString(dims)));
      }
      out[infer] = (int) (t.size() / known);
      known *= out[infer];
    }
    if (known != t.size()) {
      throw new IllegalArgumentException(
          String.format(
              "reshape: cannot reshape shape %s (%s elements) into %s (%s elements)",
              t.shape(),
              t.size(),
              Arrays.toString(dims),
              known));
    }
    Shape s = Shape.of(out);
    Tensor base = t.contiguous();
    return Tensor.viewOf(s, View.denseStrides(out), base.offset(), base);
  }

  static Tensor slice(Tensor t, int axis, int start, int end, int step) {
    int a = t.shape().axis("slice", axis);
    int n = t.shape().dimsUnsafe()[a];
    if (start < 0 || end > n || start > end) {
      throw new IndexOutOfBoundsException(
          String.format(
              "slice: range [%d, %d) is out of bounds for axis %d with size %d (shape %s)",
              start, end, a, n, t.shape()));
    }
    checkArgument(step >= 1, "slice: step %s must be >= 1", step);
    int[] dims = t.shape().toArray();
    dims[a] = (end - start + step - 1) / step;
    int[] st = t.view().strides().clone();
    st[a] *= step;
    int offset = t.view().offset() + start * t.view().strides()[a];
    return Tensor.viewOf(Shape.of(dims), st, offset, t);
  }

  static Tensor select(Tensor t, int axis, int index) {
    int a = t.shape().axis("select", axis);
    int n = t.shape().dimsUnsafe()[a];
    if (index < -n || index >= n) {
      throw new IndexOutOfBoundsException(
          String.format(
              "select: index %d is out of bounds for axis %d with size %d (shape %s)",
              index, a, n, t.shape()));
    }
    int i = index < 0 ? index + n : index;
    int[] dims = new int[t.rank() - 1];
    int[] st = new int[t.rank() - 1];
    for (int k = 0, j = 0; k < t.rank(); k++) {
      if (k != a) {
        dims[j] = t.shape().dimsUnsafe()[k];
        st[j] = t.view().strides()[k];
        j++;
      }
    }
    int offset = t.view().offset() + i * t.view().strides()[a];
    return Tensor.viewOf(Shape.of(dims), st, offset, t);
  }

  static Tensor asStrided(Tensor t, int[] dims, int[] strides, int offset) {
    Shape s = Shape.of(dims);
    checkArgument(
        strides.length == dims.length,
        "asStrided: %s strides for %s dimensions; give one stride per dimension",
        strides.length,
        dims.length);
    for (int i = 0; i < strides.length; i++) {
      checkArgument(
          strides[i] >= 0, "asStrided: stride %s of axis %s must be >= 0", strides[i], i);
    }
    long[] extent = Strides.extent(dims, strides, offset);
    if (offset < 0 || (extent != null && extent[1] >= t.storage().size())) {
      throw new IllegalArgumentException(
          String.format(
              "asStrided: dims %s, strides %s and offset %s reach element %s of a storage of %s;"
                  + " keep every element within [0, %s)",
              Arrays.toString(dims),
              Arrays.toString(strides),
              offset,
              extent == null ? offset : extent[1],
              t.storage().size(),
              t.storage().size()));
    }
    return Tensor.viewOf(s, strides.clone(), offset, t);
  }

  static Tensor unfold(Tensor t, int axis, int size, int step) {
    int a = t.shape().axis("unfold", axis);
    int n = t.shape().dimsUnsafe()[a];
    checkArgument(
        size >= 1 && step >= 1 && size <= n,
        "unfold: window %s with step %s does not fit axis %s of size %s (shape %s); need 1 <="
            + " size <= %s and step >= 1",
        size,
        step,
        a,
        n,
        t.shape(),
        n);
    int r = t.rank();
    int[] dims = Arrays.copyOf(t.shape().dimsUnsafe(), r + 1);
    int[] st = Arrays.copyOf(t.view().strides(), r + 1);
    dims[a] = (n - size) / step + 1;
    st[a] = t.view().strides()[a] * step;
    dims[r] = size;
    st[r] = t.view().strides()[a];
    return Tensor.viewOf(Shape.of(dims), st, t.view().offset(), t);
  }

  static Tensor pad(Tensor t, int[] before, int[] after, double value) {
    checkArgument(
        before.length == t.rank() && after.length == t.rank(),
        "pad: %s and %s widths for a tensor of rank %s (shape %s); give one per axis",
        before.length,
        after.length,
        t.rank(),
        t.shape());
    int[] dims = t.shape().toArray();
    for (int i = 0; i < dims.length; i++) {
      checkArgument(
          before[i] >= 0 && after[i] >= 0,
          "pad: widths %s and %s of axis %s must be >= 0",
          before[i],
          after[i],
          i);
      dims[i] += before[i] + after[i];
    }
    Tensor out = t.fresh(Shape.of(dims), t.dtype());
    if (value != 0.0 || Double.doubleToRawLongBits(value) != 0L) {
      out.fill(value);
    }
    Tensor inner = out;
    for (int i = 0; i < dims.length; i++) {
      inner = inner.slice(i, before[i], before[i] + t.shape().dimsUnsafe()[i]);
    }
    t.kernels().assign(inner.view(), t.view());
    return out;
  }
}
