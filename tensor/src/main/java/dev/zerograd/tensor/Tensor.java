package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * An n-dimensional array of float32 or float64 numbers: a strided, row-major view over a
 * primitive Java array, so that BLAS receives it without copying.
 *
 * <p>Tensors are immutable values: every operation returns a new tensor (or a view sharing
 * storage, for {@link #transpose()}, {@link #reshape}, {@link #slice} and {@link #select}).
 * The exceptions are the methods whose names end in {@code InPlace}; they write into this
 * tensor's storage, and so into every view that shares it, and exist for optimiser updates and
 * buffer reuse. Each such write advances the storage's {@link Storage#version() version}, by
 * which autograd notices a tensor saved for backward that was changed in the meantime.
 *
 * <p>Binary operations broadcast like NumPy and promote float32 with float64 to float64; a Java
 * {@code double} operand takes the tensor's type. Errors name the operation, the shapes and what
 * to do: {@code IllegalArgumentException} for bad shapes and values, {@code
 * IndexOutOfBoundsException} for bad indices and axes.
 */
public final class Tensor {
  private final DType dtype;
  private final Shape shape;
  final int[] strides;
  final int offset;
  final Storage storage;
  /** The storage's array when float32, else null: what the kernels index. */
  final float[] f;
  /** The storage's array when float64, else null. */
  final double[] d;

  private Tensor(Shape shape, int[] strides, int offset, Storage storage) {
    this.dtype = storage.dtype();
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.storage = storage;
    this.f = storage.f;
    this.d = storage.d;
  }

  /** A contiguous tensor of {@code shape} over the whole of a fresh {@code storage}. */
  private static Tensor dense(Shape shape, Storage storage) {
    return new Tensor(shape, contiguousStrides(shape.dimsUnsafe()), 0, storage);
  }

  // ---------------------------------------------------------------- creation

  /** A fresh contiguous tensor of zeros; the kernels' output buffer. */
  static Tensor empty(Shape shape, DType dtype) {
    return dense(shape, Storage.zeros(dtype, shape.size()));
  }

  static Tensor fromDoubles(double[] values, Shape shape, DType dtype) {
    if (dtype == DType.FLOAT64) {
      return dense(shape, Storage.of(values));
    }
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return dense(shape, Storage.of(out));
  }

  static int[] contiguousStrides(int[] dims) {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= Math.max(1, dims[i]);
    }
    return s;
  }

  /** Zeros of the given shape. */
  public static Tensor zeros(Shape shape, DType dtype) {
    return empty(checkNotNull(shape, "zeros: shape is null"), checkNotNull(dtype));
  }

  /** Zeros of the given dimensions. @throws IllegalArgumentException for a negative size */
  public static Tensor zeros(DType dtype, int... dims) {
    return zeros(Shape.of(dims), dtype);
  }

  /** Ones of the given dimensions. @throws IllegalArgumentException for a negative size */
  public static Tensor ones(DType dtype, int... dims) {
    return full(1.0, dtype, dims);
  }

  /**
   * A tensor of the given dimensions with every element {@code value} (NaN and infinities
   * included).
   *
   * @throws IllegalArgumentException for a negative size
   */
  public static Tensor full(double value, DType dtype, int... dims) {
    Tensor t = empty(Shape.of(dims), dtype);
    if (value != 0.0 || Double.doubleToRawLongBits(value) != 0L) {
      t.fillInPlace(value);
    }
    return t;
  }

  /** A rank-0 tensor holding {@code value}. */
  public static Tensor scalar(double value, DType dtype) {
    Tensor t = empty(Shape.scalar(), dtype);
    t.put(0, value);
    return t;
  }

  /** The 1-D tensor {@code [0, 1, ..., n-1]}. @throws IllegalArgumentException if n < 0 */
  public static Tensor arange(int n, DType dtype) {
    checkArgument(n >= 0, "arange: n is %s; it must be >= 0", n);
    return arange(0, n, 1, dtype);
  }

  /**
   * The 1-D tensor {@code [start, start + step, ...]} of values below {@code stop} (above, for a
   * negative step), as NumPy's {@code arange}.
   *
   * @throws IllegalArgumentException when step is 0 or a bound is not finite
   */
  public static Tensor arange(double start, double stop, double step, DType dtype) {
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
    return fromDoubles(v, Shape.of(v.length), dtype);
  }

  /**
   * A float64 tensor holding a copy of {@code data} with the given dimensions; without
   * dimensions, a 1-D tensor of {@code data.length} elements.
   *
   * @throws IllegalArgumentException when the dimensions do not hold {@code data.length}
   *     elements
   */
  public static Tensor of(double[] data, int... dims) {
    Shape s = shapeFor("of", data.length, dims);
    return dense(s, Storage.of(data.clone()));
  }

  /**
   * A float32 tensor holding a copy of {@code data} with the given dimensions; without
   * dimensions, a 1-D tensor of {@code data.length} elements.
   *
   * @throws IllegalArgumentException when the dimensions do not hold {@code data.length}
   *     elements
   */
  public static Tensor of(float[] data, int... dims) {
    Shape s = shapeFor("of", data.length, dims);
    return dense(s, Storage.of(data.clone()));
  }

  private static Shape shapeFor(String op, int length, int[] dims) {
    Shape s = dims.length == 0 ? Shape.of(length) : Shape.of(dims);
    checkArgument(
        s.size() == length,
        "%s: %s values cannot fill shape %s, which holds %s",
        op,
        length,
        s,
        s.size());
    return s;
  }

  /**
   * A float64 matrix from rows.
   *
   * @throws IllegalArgumentException for ragged rows, naming the first row that differs
   */
  public static Tensor of(double[][] rows) {
    int cols = checkRows(rows.length, i -> rows[i] == null ? -1 : rows[i].length);
    double[] flat = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    Shape s = Shape.of(rows.length, cols);
    return dense(s, Storage.of(flat));
  }

  /**
   * A float32 matrix from rows.
   *
   * @throws IllegalArgumentException for ragged rows, naming the first row that differs
   */
  public static Tensor of(float[][] rows) {
    int cols = checkRows(rows.length, i -> rows[i] == null ? -1 : rows[i].length);
    float[] flat = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    Shape s = Shape.of(rows.length, cols);
    return dense(s, Storage.of(flat));
  }

  private static int checkRows(int n, java.util.function.IntUnaryOperator length) {
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

  /**
   * Unsigned bytes (such as image pixels 0..255) divided by {@code divisor}: {@code out[i] =
   * (data[i] & 0xff) / divisor}, computed in the target type. One pass, no intermediate copy.
   *
   * @throws IllegalArgumentException when the dimensions do not hold {@code data.length}
   *     elements or the divisor is zero or not finite
   */
  public static Tensor ofUint8(byte[] data, double divisor, DType dtype, int... dims) {
    checkArgument(
        divisor != 0 && Double.isFinite(divisor),
        "ofUint8: divisor %s must be finite and non-zero",
        divisor);
    Shape s = shapeFor("ofUint8", data.length, dims);
    Tensor t = empty(s, dtype);
    if (dtype == DType.FLOAT32) {
      float div = (float) divisor;
      for (int i = 0; i < data.length; i++) {
        t.f[i] = (data[i] & 0xff) / div;
      }
    } else {
      for (int i = 0; i < data.length; i++) {
        t.d[i] = (data[i] & 0xff) / divisor;
      }
    }
    return t;
  }

  /**
   * One-hot rows: {@code out[i, labels[i]] = 1}, zeros elsewhere; shape {@code (labels.length,
   * numClasses)}.
   *
   * @throws IndexOutOfBoundsException naming the position of a label outside [0, numClasses)
   */
  public static Tensor oneHot(int[] labels, int numClasses, DType dtype) {
    checkArgument(numClasses >= 1, "oneHot: numClasses is %s; it must be >= 1", numClasses);
    Tensor t = empty(Shape.of(labels.length, numClasses), dtype);
    for (int i = 0; i < labels.length; i++) {
      int c = labels[i];
      if (c < 0 || c >= numClasses) {
        throw new IndexOutOfBoundsException(
            String.format(
                "oneHot: label %d at position %d is outside [0, %d)", c, i, numClasses));
      }
      t.put(i * numClasses + c, 1.0);
    }
    return t;
  }

  /**
   * Elementwise choice: {@code out = cond != 0 ? a : b}, all three broadcast together (a mask
   * from {@link #gt} and friends is 1 where true, 0 where false).
   *
   * @throws IllegalArgumentException when the shapes do not broadcast
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    return Elementwise.where(cond, a, b);
  }

  // ---------------------------------------------------------------- properties

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The dimensions. */
  public Shape shape() {
    return shape;
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.rank();
  }

  /** Number of elements. */
  public int size() {
    return shape.size();
  }

  /** Size of one dimension (negative axes count from the end). */
  public int dim(int axis) {
    return shape.dim(axis);
  }

  /** Whether the elements are stored densely in row-major order. */
  public boolean isContiguous() {
    int[] c = contiguousStrides(shape.dimsUnsafe());
    int[] dims = shape.dimsUnsafe();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > 1 && strides[i] != c[i]) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- element access

  /** Storage element {@code i} as a double. */
  double at(int i) {
    return f != null ? f[i] : d[i];
  }

  /** Writes storage element {@code i}. */
  void put(int i, double v) {
    if (f != null) {
      f[i] = (float) v;
    } else {
      d[i] = v;
    }
  }

  private int flatIndex(String op, int[] index) {
    int[] dims = shape.dimsUnsafe();
    if (index.length != dims.length) {
      throw new IndexOutOfBoundsException(
          String.format(
              "%s: %d indices given for a tensor of rank %d with shape %s",
              op, index.length, dims.length, shape));
    }
    int off = offset;
    for (int i = 0; i < dims.length; i++) {
      int ix = index[i];
      if (ix < -dims[i] || ix >= dims[i]) {
        throw new IndexOutOfBoundsException(
            String.format(
                "%s: index %d is out of bounds for axis %d with size %d (shape %s)",
                op, ix, i, dims[i], shape));
      }
      off += (ix < 0 ? ix + dims[i] : ix) * strides[i];
    }
    return off;
  }

  /**
   * The element at {@code index} (one index per axis; negative counts from the end).
   *
   * @throws IndexOutOfBoundsException naming the index, its axis and the shape
   */
  public double get(int... index) {
    return at(flatIndex("get", index));
  }

  /**
   * The single element of a tensor of size 1.
   *
   * @throws IllegalArgumentException when the tensor holds more or fewer than one element
   */
  public double item() {
    checkArgument(size() == 1, "item: tensor of shape %s has %s elements, not 1", shape, size());
    return at(offset);
  }

  /**
   * Writes one element in place, rounding to this tensor's type.
   *
   * @throws IndexOutOfBoundsException naming the index, its axis and the shape
   */
  public void setInPlace(double value, int... index) {
    beginWrite("setInPlace");
    put(flatIndex("setInPlace", index), value);
  }

  /** All elements in row-major order, as float32 (a fresh array). */
  public float[] toFloatArray() {
    return (dtype == DType.FLOAT32 ? copy() : to(DType.FLOAT32)).f;
  }

  /** All elements in row-major order, as float64 (a fresh array). */
  public double[] toDoubleArray() {
    return (dtype == DType.FLOAT64 ? copy() : to(DType.FLOAT64)).d;
  }

  // ---------------------------------------------------------------- conversion and views

  /** This tensor in another type: itself when already of that type, else a converted copy. */
  public Tensor to(DType target) {
    if (target == dtype) {
      return this;
    }
    Tensor out = empty(shape, target);
    Elementwise.convertInto(out, this);
    return out;
  }

  /** This tensor when contiguous, else a contiguous copy. */
  public Tensor contiguous() {
    return isContiguous() ? this : copy();
  }

  /** A contiguous copy with storage of its own. */
  public Tensor copy() {
    Tensor out = empty(shape, dtype);
    Elementwise.convertInto(out, this);
    return out;
  }

  /** Whether this tensor and {@code other} view the same storage. */
  boolean sharesStorageWith(Tensor other) {
    return storage == other.storage;
  }

  /**
   * The memory this tensor views, shared with every view of it: compare by identity to tell
   * whether two tensors share memory, and read {@link Storage#version()} to tell whether it was
   * written in place.
   */
  public Storage storage() {
    return storage;
  }

  /**
   * Checks that this tensor can be written in place (it is not a broadcast view) and counts the
   * write in the storage's version; every in-place write goes through here first.
   */
  void beginWrite(String op) {
    int[] dims = shape.dimsUnsafe();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > 1 && strides[i] == 0) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the target of shape %s is a broadcast view (axis %d repeats one element);"
                    + " call copy() first",
                op, shape, i));
      }
    }
    storage.markWritten();
  }

  /** Strides that read this tensor as if broadcast to {@code target} (0 on broadcast axes). */
  int[] broadcastStrides(Shape target) {
    int[] td = target.dimsUnsafe();
    int[] sd = shape.dimsUnsafe();
    int[] out = new int[td.length];
    int lead = td.length - sd.length;
    for (int i = 0; i < sd.length; i++) {
      out[lead + i] = sd[i] == 1 && td[lead + i] != 1 ? 0 : strides[i];
    }
    return out;
  }

  /**
   * A read-only view of this tensor broadcast to {@code dims} (NumPy's {@code broadcast_to}).
   *
   * @throws IllegalArgumentException when this shape does not broadcast to {@code dims}
   */
  public Tensor broadcastTo(int... dims) {
    Shape target = Shape.of(dims);
    checkArgument(
        shape.isBroadcastableTo(target),
        "broadcastTo: cannot broadcast shape %s to %s",
        shape,
        target);
    return new Tensor(target, broadcastStrides(target), offset, storage);
  }

  /** The transpose, reversing all axes (NumPy's {@code .T}); a view. */
  public Tensor transpose() {
    int r = rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = r - 1 - i;
    }
    return transpose(perm);
  }

  /**
   * Axes permuted: axis {@code i} of the result is axis {@code axes[i]} of this tensor; a view.
   *
   * @throws IllegalArgumentException when {@code axes} is not a permutation of the axes
   */
  public Tensor transpose(int... axes) {
    int r = rank();
    checkArgument(
        axes.length == r,
        "transpose: %s axes given for a tensor of rank %s (shape %s); give a permutation of all"
            + " axes",
        axes.length,
        r,
        shape);
    int[] norm = new int[r];
    boolean[] seen = new boolean[r];
    int[] dims = new int[r];
    int[] st = new int[r];
    for (int i = 0; i < r; i++) {
      int a = shape.axis("transpose", axes[i]);
      checkArgument(!seen[a], "transpose: axis %s repeats in %s", a, Arrays.toString(axes));
      seen[a] = true;
      norm[i] = a;
      dims[i] = shape.dimsUnsafe()[a];
      st[i] = strides[a];
    }
    return new Tensor(Shape.of(dims), st, offset, storage);
  }

  /**
   * The same elements in another shape; one dimension may be -1 and is then inferred. A view
   * when this tensor is contiguous, else a copy.
   *
   * @throws IllegalArgumentException when the sizes differ or -1 appears twice
   */
  public Tensor reshape(int... dims) {
    int[] out = dims.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        checkArgument(
            infer < 0, "reshape: only one dimension can be -1, got %s", Arrays.toString(dims));
        infer = i;
      } else {
        checkArgument(
            out[i] >= 0,
            "reshape: dimension %s is %s in %s; sizes must be >= 0 (or -1 to infer one)",
            i,
            out[i],
            Arrays.toString(dims));
        known *= out[i];
      }
    }
    if (infer >= 0) {
      checkArgument(
          known > 0 && size() % known == 0,
          "reshape: cannot reshape %s elements of shape %s into %s",
          size(),
          shape,
          Arrays.toString(dims));
      out[infer] = (int) (size() / known);
      known *= out[infer];
    }
    checkArgument(
        known == size(),
        "reshape: cannot reshape shape %s (%s elements) into %s (%s elements)",
        shape,
        size(),
        Arrays.toString(dims),
        known);
    Shape s = Shape.of(out);
    Tensor base = contiguous();
    return new Tensor(s, contiguousStrides(out), base.offset, base.storage);
  }

  /** A 1-D view (or copy, when not contiguous) of all elements. */
  public Tensor flatten() {
    return reshape(size());
  }

  /**
   * Elements {@code [start, end)} along {@code axis}; a view.
   *
   * @throws IndexOutOfBoundsException when the axis or the range is out of bounds
   */
  public Tensor slice(int axis, int start, int end) {
    int a = shape.axis("slice", axis);
    int n = shape.dimsUnsafe()[a];
    if (start < 0 || end > n || start > end) {
      throw new IndexOutOfBoundsException(
          String.format(
              "slice: range [%d, %d) is out of bounds for axis %d with size %d (shape %s)",
              start, end, a, n, shape));
    }
    int[] dims = shape.toArray();
    dims[a] = end - start;
    return new Tensor(Shape.of(dims), strides.clone(), offset + start * strides[a], storage);
  }

  /** Rows {@code [start, end)} of the first axis; a view. */
  public Tensor sliceRows(int start, int end) {
    return slice(0, start, end);
  }

  /** Columns {@code [start, end)} of a matrix (axis 1); a view. */
  public Tensor sliceColumns(int start, int end) {
    return slice(1, start, end);
  }

  /**
   * The sub-tensor at {@code index} along {@code axis}, with that axis removed; a view. {@code
   * select(0, i)} is row i.
   *
   * @throws IndexOutOfBoundsException when the axis or index is out of bounds
   */
  public Tensor select(int axis, int index) {
    int a = shape.axis("select", axis);
    int n = shape.dimsUnsafe()[a];
    if (index < -n || index >= n) {
      throw new IndexOutOfBoundsException(
          String.format(
              "select: index %d is out of bounds for axis %d with size %d (shape %s)",
              index, a, n, shape));
    }
    int i = index < 0 ? index + n : index;
    int[] dims = new int[rank() - 1];
    int[] st = new int[rank() - 1];
    for (int k = 0, j = 0; k < rank(); k++) {
      if (k != a) {
        dims[j] = shape.dimsUnsafe()[k];
        st[j] = strides[k];
        j++;
      }
    }
    return new Tensor(Shape.of(dims), st, offset + i * strides[a], storage);
  }

  /**
   * Rows picked by index along the first axis (NumPy's {@code x[indices]}); indices may repeat.
   * Output shape {@code (indices.length, ...rest)}; a fresh tensor.
   *
   * @throws IndexOutOfBoundsException naming the position of an index out of range
   */
  public Tensor gatherRows(int[] indices) {
    checkArgument(rank() >= 1, "gatherRows: needs a tensor of rank >= 1, got a scalar");
    int[] dims = shape.toArray();
    dims[0] = indices.length;
    return gatherRows(indices, empty(Shape.of(dims), dtype));
  }

  /**
   * Rows picked by index along the first axis, written into {@code out} (modified), converting
   * to out's type as they are copied: a mini-batch gathered into a buffer reused every step.
   *
   * @param out of shape {@code (indices.length, ...rest)}, any type
   * @return out
   * @throws IllegalArgumentException when out's shape does not fit
   * @throws IndexOutOfBoundsException naming the position of an index out of range
   */
  public Tensor gatherRows(int[] indices, Tensor out) {
    checkArgument(rank() >= 1, "gatherRows: needs a tensor of rank >= 1, got a scalar");
    int n = shape.dimsUnsafe()[0];
    int[] dims = shape.toArray();
    dims[0] = indices.length;
    checkArgument(
        out.shape.equals(Shape.of(dims)),
        "gatherRows: %s rows of shape %s need an output of shape %s, got %s",
        indices.length,
        shape,
        Shape.of(dims),
        out.shape);
    for (int i = 0; i < indices.length; i++) {
      int r = indices[i];
      if (r < 0 || r >= n) {
        throw new IndexOutOfBoundsException(
            String.format(
                "gatherRows: index %d at position %d is out of bounds for axis 0 with size %d",
                r, i, n));
      }
    }
    out.beginWrite("gatherRows");
    int rowSize = out.size() / Math.max(1, indices.length);
    boolean dense = rank() > 1 && rowSize > 0 && select(0, 0).isContiguous();
    if (dense && out.isContiguous()) {
      // The hot path of mini-batch sampling: one copy per row, converting if need be.
      for (int i = 0; i < indices.length; i++) {
        copyRow(offset + indices[i] * strides[0], out, out.offset + i * rowSize, rowSize);
      }
    } else {
      for (int i = 0; i < indices.length; i++) {
        out.select(0, i).assignInPlace(select(0, indices[i]));
      }
    }
    return out;
  }

  private void copyRow(int from, Tensor out, int to, int len) {
    if (f != null && out.f != null) {
      System.arraycopy(f, from, out.f, to, len);
    } else if (d != null && out.d != null) {
      System.arraycopy(d, from, out.d, to, len);
    } else if (f != null) {
      for (int k = 0; k < len; k++) {
        out.d[to + k] = f[from + k];
      }
    } else {
      for (int k = 0; k < len; k++) {
        out.f[to + k] = (float) d[from + k];
      }
    }
  }

  // ---------------------------------------------------------------- elementwise

  /** {@code this + other}, broadcast. */
  public Tensor add(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.ADD);
  }

  /** {@code this + value}. */
  public Tensor add(double value) {
    return add(scalar(value, dtype));
  }

  /** {@code this - other}, broadcast. */
  public Tensor sub(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.SUB);
  }

  /** {@code this - value}. */
  public Tensor sub(double value) {
    return sub(scalar(value, dtype));
  }

  /** {@code this * other} elementwise, broadcast. */
  public Tensor mul(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.MUL);
  }

  /** {@code this * value}. */
  public Tensor mul(double value) {
    return mul(scalar(value, dtype));
  }

  /** {@code this / other} elementwise, broadcast (IEEE: x/0 is ±inf or NaN). */
  public Tensor div(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.DIV);
  }

  /** {@code this / value}. */
  public Tensor div(double value) {
    return div(scalar(value, dtype));
  }

  /** {@code this ^ other} elementwise, broadcast. */
  public Tensor pow(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.POW);
  }

  /** {@code this ^ exponent}. */
  public Tensor pow(double exponent) {
    return pow(scalar(exponent, dtype));
  }

  /** Elementwise maximum, broadcast; NaN wins. */
  public Tensor maximum(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.MAXIMUM);
  }

  /** Elementwise {@code max(this, value)}. */
  public Tensor maximum(double value) {
    return maximum(scalar(value, dtype));
  }

  /** Elementwise minimum, broadcast; NaN wins. */
  public Tensor minimum(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.MINIMUM);
  }

  /** Elementwise {@code min(this, value)}. */
  public Tensor minimum(double value) {
    return minimum(scalar(value, dtype));
  }

  /** {@code -this}. */
  public Tensor neg() {
    return Elementwise.unary(this, UnaryOp.NEG);
  }

  /** {@code e^this}. */
  public Tensor exp() {
    return Elementwise.unary(this, UnaryOp.EXP);
  }

  /** Natural logarithm (log 0 is -inf, log of a negative number NaN). */
  public Tensor log() {
    return Elementwise.unary(this, UnaryOp.LOG);
  }

  /** Square root. */
  public Tensor sqrt() {
    return Elementwise.unary(this, UnaryOp.SQRT);
  }

  /** Absolute value. */
  public Tensor abs() {
    return Elementwise.unary(this, UnaryOp.ABS);
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return Elementwise.unary(this, UnaryOp.TANH);
  }

  /** {@code 1 / (1 + e^-this)}, computed without overflow. */
  public Tensor sigmoid() {
    return Elementwise.unary(this, UnaryOp.SIGMOID);
  }

  /** {@code max(this, 0)}; NaN stays NaN. */
  public Tensor relu() {
    return Elementwise.unary(this, UnaryOp.RELU);
  }

  /** Mask {@code this > other}: 1 where true, 0 where false; broadcast. */
  public Tensor gt(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.GT);
  }

  /** Mask {@code this > value}. */
  public Tensor gt(double value) {
    return gt(scalar(value, dtype));
  }

  /** Mask {@code this >= other}; broadcast. */
  public Tensor ge(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.GE);
  }

  /** Mask {@code this >= value}. */
  public Tensor ge(double value) {
    return ge(scalar(value, dtype));
  }

  /** Mask {@code this < other}; broadcast. */
  public Tensor lt(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.LT);
  }

  /** Mask {@code this < value}. */
  public Tensor lt(double value) {
    return lt(scalar(value, dtype));
  }

  /** Mask {@code this <= other}; broadcast. */
  public Tensor le(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.LE);
  }

  /** Mask {@code this <= value}. */
  public Tensor le(double value) {
    return le(scalar(value, dtype));
  }

  /** Mask {@code this == other}; broadcast. */
  public Tensor eq(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.EQ);
  }

  /** Mask {@code this == value}. */
  public Tensor eq(double value) {
    return eq(scalar(value, dtype));
  }

  /** Mask {@code this != other}; broadcast. */
  public Tensor ne(Tensor other) {
    return Elementwise.binary(this, other, BinaryOp.NE);
  }

  /** Mask {@code this != value}. */
  public Tensor ne(double value) {
    return ne(scalar(value, dtype));
  }

  // ---------------------------------------------------------------- in place

  /** {@code this += other} in place; other broadcasts to this shape. Returns this. */
  public Tensor addInPlace(Tensor other) {
    Elementwise.binaryInPlace(this, other, BinaryOp.ADD, "addInPlace");
    return this;
  }

  /** {@code this -= other} in place; other broadcasts to this shape. Returns this. */
  public Tensor subInPlace(Tensor other) {
    Elementwise.binaryInPlace(this, other, BinaryOp.SUB, "subInPlace");
    return this;
  }

  /** {@code this *= other} in place; other broadcasts to this shape. Returns this. */
  public Tensor mulInPlace(Tensor other) {
    Elementwise.binaryInPlace(this, other, BinaryOp.MUL, "mulInPlace");
    return this;
  }

  /** {@code this *= value} in place. Returns this. */
  public Tensor mulInPlace(double value) {
    return mulInPlace(scalar(value, dtype));
  }

  /** {@code this /= other} in place; other broadcasts to this shape. Returns this. */
  public Tensor divInPlace(Tensor other) {
    Elementwise.binaryInPlace(this, other, BinaryOp.DIV, "divInPlace");
    return this;
  }

  /**
   * {@code this += alpha * x} in place (BLAS axpy), the update step of SGD; x broadcasts to this
   * shape. Returns this.
   */
  public Tensor addScaledInPlace(double alpha, Tensor x) {
    Elementwise.addScaledInPlace(this, alpha, x);
    return this;
  }

  /** Copies {@code src} (broadcast, converted) into this tensor's elements. Returns this. */
  public Tensor assignInPlace(Tensor src) {
    Elementwise.binaryInPlace(this, src, BinaryOp.RIGHT, "assignInPlace");
    return this;
  }

  /** Sets every element to {@code value}. Returns this. */
  public Tensor fillInPlace(double value) {
    return assignInPlace(scalar(value, DType.FLOAT64));
  }

  // ---------------------------------------------------------------- reductions

  /** Sum over the given axes (none: all), dropping them. */
  public Tensor sum(int... axes) {
    return sum(axes, false);
  }

  /**
   * Sum over the given axes (empty: all); with {@code keepDims} the reduced axes stay as size 1.
   * Accumulates in double.
   *
   * @throws IndexOutOfBoundsException for an axis out of range
   */
  public Tensor sum(int[] axes, boolean keepDims) {
    return Reductions.reduce(this, Reductions.Kind.SUM, "sum", axes, keepDims);
  }

  /** Mean over the given axes (none: all), dropping them. */
  public Tensor mean(int... axes) {
    return mean(axes, false);
  }

  /** Mean over the given axes (empty: all); see {@link #sum(int[], boolean)}. */
  public Tensor mean(int[] axes, boolean keepDims) {
    Tensor s = sum(axes, keepDims);
    int count = s.size() == 0 ? 0 : size() / s.size();
    return s.mulInPlace(1.0 / count);
  }

  /** Maximum over the given axes (none: all), dropping them; NaN wins. */
  public Tensor max(int... axes) {
    return max(axes, false);
  }

  /**
   * Maximum over the given axes (empty: all).
   *
   * @throws IllegalArgumentException for a zero-size reduction
   */
  public Tensor max(int[] axes, boolean keepDims) {
    return Reductions.reduce(this, Reductions.Kind.MAX, "max", axes, keepDims);
  }

  /** Minimum over the given axes (none: all), dropping them; NaN wins. */
  public Tensor min(int... axes) {
    return min(axes, false);
  }

  /**
   * Minimum over the given axes (empty: all).
   *
   * @throws IllegalArgumentException for a zero-size reduction
   */
  public Tensor min(int[] axes, boolean keepDims) {
    return Reductions.reduce(this, Reductions.Kind.MIN, "min", axes, keepDims);
  }

  /**
   * Position of the largest element of the flattened tensor (the first, on ties).
   *
   * @throws IllegalArgumentException for an empty tensor
   */
  public int argmax() {
    return Reductions.argmax(contiguous().reshape(size()), 0)[0];
  }

  /**
   * Position of the largest element along {@code axis}, for every lane, in row-major order of
   * the other axes: for a matrix, {@code argmax(1)} is the predicted class of each row.
   *
   * @throws IndexOutOfBoundsException for an axis out of range
   * @throws IllegalArgumentException when that axis has size 0
   */
  public int[] argmax(int axis) {
    return Reductions.argmax(this, shape.axis("argmax", axis));
  }

  /** Softmax along {@code axis}: {@code exp(x - max) / sum(exp(x - max))}, stable. */
  public Tensor softmax(int axis) {
    return Reductions.softmax(this, shape.axis("softmax", axis), false);
  }

  /** Log-softmax along {@code axis}: {@code x - max - log(sum(exp(x - max)))}, stable. */
  public Tensor logSoftmax(int axis) {
    return Reductions.softmax(this, shape.axis("logSoftmax", axis), true);
  }

  /**
   * Sums this tensor down to {@code target}, a shape it was broadcast from: the reverse of
   * broadcasting, and so the gradient of a broadcast.
   *
   * @throws IllegalArgumentException when {@code target} does not broadcast to this shape
   */
  public Tensor sumTo(Shape target) {
    if (target.equals(shape)) {
      return this;
    }
    checkArgument(
        target.isBroadcastableTo(shape),
        "sumTo: shape %s is not a broadcast of %s; cannot reduce it there",
        shape,
        target);
    int lead = rank() - target.rank();
    int[] axes = new int[rank()];
    int n = 0;
    for (int i = 0; i < rank(); i++) {
      if (i < lead || (target.dimsUnsafe()[i - lead] == 1 && shape.dimsUnsafe()[i] != 1)) {
        axes[n++] = i;
      }
    }
    Tensor s = sum(Arrays.copyOf(axes, n), true);
    return s.reshape(target.dimsUnsafe());
  }

  // ---------------------------------------------------------------- products

  /**
   * NumPy {@code dot} for 1-D and 2-D operands: vector·vector (a scalar), matrix·vector,
   * vector·matrix and matrix·matrix, through BLAS gemm/gemv. Transposed views go to BLAS as
   * flags, not copies.
   *
   * @throws IllegalArgumentException when the inner dimensions differ, naming both shapes
   */
  public Tensor dot(Tensor other) {
    return MatMul.dot(this, other);
  }

  /**
   * NumPy {@code matmul}: as {@link #dot} for 1-D and 2-D operands, and batched over the first
   * axis of 3-D operands (a 2-D operand, or a batch of 1, is shared by the batch).
   *
   * @throws IllegalArgumentException when the shapes do not multiply
   */
  public Tensor matmul(Tensor other) {
    return MatMul.matmul(this, other);
  }

  // ---------------------------------------------------------------- comparison and printing

  /**
   * Whether both have the same shape and every pair of elements satisfies {@code |a - b| <= atol
   * + rtol * |b|} (NaN equal to nothing).
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    if (!shape.equals(other.shape)) {
      return false;
    }
    double[] a = toDoubleArray();
    double[] b = other.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
        return false;
      }
    }
    return true;
  }

  /** Whether no element is NaN or infinite. */
  public boolean allFinite() {
    boolean[] finite = {true};
    StridedLoop.forEach(
        shape.dimsUnsafe(),
        new int[][] {strides},
        new int[] {offset},
        (n, off, st) -> {
          for (int i = 0, j = off[0]; i < n && finite[0]; i++, j += st[0]) {
            finite[0] = Double.isFinite(at(j));
          }
        });
    return finite[0];
  }

  /** Equal type, shape and elements (as {@link Double#equals}, so NaN equals NaN). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Tensor)) {
      return false;
    }
    Tensor t = (Tensor) o;
    return dtype == t.dtype
        && shape.equals(t.shape)
        && Arrays.equals(toDoubleArray(), t.toDoubleArray());
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + shape.hashCode()) + Arrays.hashCode(toDoubleArray());
  }

  /**
   * NumPy-style text: values (abbreviated with {@code ...} beyond 1000 elements), dtype and
   * shape, e.g. {@code tensor([[1.0000, 2.0000]], dtype=float32, shape=(1, 2))}.
   */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }
}
