package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;


/**
 * The factories of {@link Tensor} that build a tensor from Java arrays, ranges, labels or other
 * tensors; {@code Tensor}'s static methods delegate here.
 */
final class Factories {
  private Factories() {}

  static Tensor arange(double start, double stop, double step, DType dtype) {
    checkArgument(
        Double.isFinite(start) && Double.isFinite(stop) && Double.isFinite(step),
        "arange: start %s, stop %s and step %s must be finite",
        start,
        stop,
        step);
    checkArgument(step != 0, "arange: step is 0; use a non-zero step");
    long n = Math.max(0, (long) Math.ceil((stop - start) / step));
    checkArgument(n <= Integer.MAX_VALUE, "arange: %s elements is too many", n);
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = start + i * step;
    }
    return Tensor.fromDoubles(v, Shape.of(v.length), dtype);
  }

  static Tensor of(double[][] rows) {
    int cols = checkRows(rows.length, i -> rows[i] == null ? -1 : rows[i].length);
    double[] flat = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    return Tensor.fromArray(Shape.of(rows.length, cols), flat);
  }

  static Tensor of(float[][] rows) {
    int cols = checkRows(rows.length, i -> rows[i] == null ? -1 : rows[i].length);
    float[] flat = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    return Tensor.fromArray(Shape.of(rows.length, cols), flat);
  }

  static Tensor ofUint8(byte[] data, double divisor, DType dtype, int... dims) {
    checkArgument(
        divisor != 0 && Double.isFinite(divisor),
        "ofUint8: divisor %s must be finite and non-zero",
        divisor);
    Shape s = Tensor.shapeFor("ofUint8", data.length, dims);
    return Tensor.dense(
        s, Tensor.defaultKernels().fromUint8(data, divisor, dtype), Tensor.defaultKernels());
  }

  static Tensor oneHot(int[] labels, int numClasses, DType dtype) {
    checkNotNull(labels, "oneHot: the labels array is null");
    checkNotNull(dtype, "oneHot: dtype is null");
    checkArgument(numClasses >= 1, "oneHot: numClasses is %s; it must be >= 1", numClasses);
    Gathers.checkIndices("oneHot", "label", labels, numClasses, -1);
    Tensor t = Tensor.empty(Shape.of(labels.length, numClasses), dtype);
    Tensor ones = Tensor.full(1.0, dtype, labels.length, 1);
    t.kernels().scatterAdd(t.view(), ones.view(), 1, labels);
    return t;
  }

  static Tensor concat(int axis, Tensor... tensors) {
    checkNotNull(tensors, "concat: the tensors array is null");
    checkArgument(tensors.length > 0, "concat: give at least one tensor");
    for (int i = 0; i < tensors.length; i++) {
      checkNotNull(tensors[i], "concat: tensor %s is null", i);
    }
    Tensor first = tensors[0];
    int a = first.shape().axis("concat", axis);
    DType dt = first.dtype();
    int total = 0;
    for (Tensor t : tensors) {
      checkArgument(
          t.rank() == first.rank(),
          "concat: shapes %s and %s differ in rank; give tensors of one rank",
          first.shape(),
          t.shape());
      for (int i = 0; i < t.rank(); i++) {
        checkArgument(
            i == a || t.shape().dimsUnsafe()[i] == first.shape().dimsUnsafe()[i],
            "concat: shapes %s and %s differ on axis %s; only axis %s may differ",
            first.shape(),
            t.shape(),
            i,
            a);
      }
      dt = DType.promote(dt, t.dtype());
      total += t.shape().dimsUnsafe()[a];
    }
    int[] dims = first.shape().toArray();
    dims[a] = total;
    Tensor out = Tensor.empty(Shape.of(dims), dt, first.kernels());
    int at = 0;
    for (Tensor t : tensors) {
      int n = t.shape().dimsUnsafe()[a];
      Tensor part = out.slice(a, at, at + n);
      out.kernels().assign(part.view(), Tensor.sameBackendView("concat", out, t));
      at += n;
    }
    return out;
  }

  static int checkRows(int n, java.util.function.IntUnaryOperator length) {
    int cols = n == 0 ? 0 : length.applyAsInt(0);
    for (int i = 0; i < n; i++) {
      int len = length.applyAsInt(i);
      checkArgument(len >= 0, "of: row %s is null", i);
      checkArgument(
          len == cols,
          "of: ragged rows: row 0 has %s elements but row %s has %s; every row must have the"
              + " same length",
          cols,
          i,
          len);
    }
    return cols;
  }
}
