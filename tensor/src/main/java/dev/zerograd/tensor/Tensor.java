package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.spi.BinaryOp;
import dev.zerograd.tensor.spi.Kernels;
import dev.zerograd.tensor.spi.Reduction;
import dev.zerograd.tensor.spi.Storage;
import dev.zerograd.tensor.spi.UnaryOp;
import dev.zerograd.tensor.spi.View;
import java.util.Arrays;

/**
 * An n-dimensional array of float32 or float64 numbers: a strided, row-major view over a {@link
 * Storage}. On the CPU the storage is a primitive Java array, which BLAS receives without copying.
 *
 * <p>Tensors are immutable values: every operation returns a new tensor (or a view sharing
 * storage, for {@link #transpose()}, {@link #reshape}, {@link #slice}, {@link #select}, {@link
 * #broadcastTo}, {@link #asStrided} and {@link #unfold}). The exceptions are the methods whose
 * names end in {@code InPlace}; they write into this tensor's storage, and so into every view that
 * shares it, and exist for optimiser updates and buffer reuse. Each such write advances the
 * storage's {@link Storage#version() version}, by which autograd notices a tensor saved for
 * backward that was changed in the meantime.
 *
 * <p>Binary operations broadcast like NumPy and promote float32 with float64 to float64; a Java
 * {@code double} operand takes the tensor's type. Errors name the operation, the shapes and what
 * to do: {@code IllegalArgumentException} for bad shapes and values, {@code
 * IndexOutOfBoundsException} for bad indices and axes.
 *
 * <p>This class is the front: it validates, computes shapes and layouts, and hands {@link View}s to
 * the {@link Kernels} of the storage's backend ({@code docs/architecture.md}).
 */
public final class Tensor {
  private final Shape shape;
  private final View view;
  private final Kernels kernels;

  private Tensor(Shape shape, int[] strides, int offset, Storage storage, Kernels kernels) {
    this.shape = shape;
    this.view = new View(storage, shape.dimsUnsafe(), strides, offset);
    this.kernels = kernels;
  }

  /** A view of {@code base}'s storage with the given layout (no checks: the callers computed it). */
  static Tensor viewOf(Shape shape, int[] strides, int offset, Tensor base) {
    return new Tensor(shape, strides, offset, base.view.storage(), base.kernels);
  }

  /** A contiguous tensor of {@code shape} over the whole of {@code storage}. */
  static Tensor dense(Shape shape, Storage storage, Kernels kernels) {
    return new Tensor(shape, View.denseStrides(shape.dimsUnsafe()), 0, storage, kernels);
  }

  /** The backend of tensors made from nothing (factories, arrays): {@link Backend#defaultBackend()}. */
  static Kernels defaultKernels() {
    return Backend.defaultBackend().kernels();
  }

  // ---------------------------------------------------------------- creation

  /** A fresh contiguous tensor of zeros on the default backend; the kernels' output buffer. */
  static Tensor empty(Shape shape, DType dtype) {
    return empty(shape, dtype, defaultKernels());
  }

  /** A fresh contiguous tensor of zeros on the given backend. */
  static Tensor empty(Shape shape, DType dtype, Kernels k) {
    return dense(shape, k.allocate(dtype, shape.size()), k);
  }

  /** A fresh tensor of zeros on this tensor's backend. */
  Tensor fresh(Shape s, DType dtype) {
    return empty(s, dtype, kernels);
  }

  static Tensor fromDoubles(double[] values, Shape shape, DType dtype) {
    Tensor t = fromArray(shape, values);
    return dtype == DType.FLOAT64 ? t : t.to(dtype);
  }

  /** A tensor on the default backend that takes over {@code values} (dense, row-major). */
  static Tensor fromArray(Shape shape, double[] values) {
    Kernels k = defaultKernels();
    return dense(shape, k.wrap(values), k);
  }

  /** A tensor on the default backend that takes over {@code values} (dense, row-major). */
  static Tensor fromArray(Shape shape, float[] values) {
    Kernels k = defaultKernels();
    return dense(shape, k.wrap(values), k);
  }

  /**
   * Zeros of the given shape.
   *
   * @param shape the shape
   * @param dtype the element type
   * @return zeros of the given shape
   */
  public static Tensor zeros(Shape shape, DType dtype) {
    return empty(checkNotNull(shape, "zeros: shape is null"), checkNotNull(dtype));
  }

  /**
   * Zeros of the given dimensions.
   *
   * @param dtype the element type
   * @param dims the dimensions, outermost first
   * @return zeros of the given dimensions
   * @throws IllegalArgumentException for a negative size
   */
  public static Tensor zeros(DType dtype, int... dims) {
    return zeros(Shape.of(dims), dtype);
  }

  /**
   * Ones of the given dimensions.
   *
   * @param dtype the element type
   * @param dims the dimensions, outermost first
   * @return ones of the given dimensions
   * @throws IllegalArgumentException for a negative size
   */
  public static Tensor ones(DType dtype, int... dims) {
    return full(1.0, dtype, dims);
  }

  /**
   * A tensor of the given dimensions with every element {@code value} (NaN and infinities
   * included).
   *
   * @param value the scalar
   * @param dtype the element type
   * @param dims the dimensions, outermost first
   * @return a tensor of the given dimensions with every element {@code value} (NaN and infinities
   *     included)
   * @throws IllegalArgumentException for a negative size
   */
  public static Tensor full(double value, DType dtype, int... dims) {
    return empty(Shape.of(dims), dtype).fill(value);
  }

  /**
   * Writes {@code value} into every element of this fresh tensor, with no version count: the
   * scalar is the kernel's argument, not a tensor copied from the host.
   */
  Tensor fill(double value) {
    if (value != 0.0 || Double.doubleToRawLongBits(value) != 0L) {
      kernels.fill(view, value);
    }
    return this;
  }

  /**
   * A rank-0 tensor holding {@code value}.
   *
   * @param value the scalar
   * @param dtype the element type
   * @return a rank-0 tensor holding {@code value}
   */
  public static Tensor scalar(double value, DType dtype) {
    return empty(Shape.scalar(), dtype).fill(value);
  }

  /**
   * Zeros of the given shape on {@code backend} (PyTorch's {@code torch.zeros(size, dtype,
   * device)}).
   *
   * @param shape the shape
   * @param dtype the element type
   * @param backend where the tensor lives
   * @return zeros of the given shape on {@code backend}
   */
  public static Tensor zeros(Shape shape, DType dtype, Backend backend) {
    checkNotNull(shape, "zeros: shape is null");
    checkNotNull(dtype, "zeros: dtype is null");
    checkNotNull(backend, "zeros: backend is null; use Backend.cpu() or Backend.named(name)");
    return empty(shape, dtype, backend.kernels());
  }

  /**
   * A tensor of the given shape on {@code backend} with every element {@code value}.
   *
   * @param shape the shape
   * @param value the value of every element
   * @param dtype the element type
   * @param backend where the tensor lives
   * @return a tensor of the given shape on {@code backend} with every element {@code value}
   */
  public static Tensor full(Shape shape, double value, DType dtype, Backend backend) {
    return zeros(shape, dtype, backend).fill(value);
  }

  /**
   * Zeros of {@code like}'s shape, type and backend (PyTorch's {@code torch.zeros_like}).
   *
   * @param like the tensor whose shape, type and backend the result takes
   * @return zeros like {@code like}
   */
  public static Tensor zerosLike(Tensor like) {
    return checkNotNull(like, "zerosLike: the tensor is null").fresh(like.shape, like.dtype());
  }

  /**
   * Ones of {@code like}'s shape, type and backend (PyTorch's {@code torch.ones_like}).
   *
   * @param like the tensor whose shape, type and backend the result takes
   * @return ones like {@code like}
   */
  public static Tensor onesLike(Tensor like) {
    return fullLike(like, 1.0);
  }

  /**
   * {@code value} in every element, with {@code like}'s shape, type and backend (PyTorch's {@code
   * torch.full_like}).
   *
   * @param like the tensor whose shape, type and backend the result takes
   * @param value the value of every element
   * @return a tensor like {@code like} filled with {@code value}
   */
  public static Tensor fullLike(Tensor like, double value) {
    return zerosLike(like).fill(value);
  }

  /**
   * Zeros of the given dimensions with this tensor's type and backend (PyTorch's {@code
   * new_zeros}).
   *
   * @param dims the dimensions, outermost first
   * @return zeros of the given dimensions with this tensor's type and backend
   * @throws IllegalArgumentException for a negative size
   */
  public Tensor newZeros(int... dims) {
    return fresh(Shape.of(dims), dtype());
  }

  /**
   * {@code value} in every element of the given dimensions, with this tensor's type and backend
   * (PyTorch's {@code new_full}).
   *
   * @param value the value of every element
   * @param dims the dimensions, outermost first
   * @return a tensor of the given dimensions with this tensor's type and backend
   * @throws IllegalArgumentException for a negative size
   */
  public Tensor newFull(double value, int... dims) {
    return newZeros(dims).fill(value);
  }

  /**
   * A rank-0 tensor holding {@code value} with this tensor's type and backend, filled by the
   * backend (no copy from the host).
   *
   * @param value the value
   * @return a rank-0 tensor holding {@code value} on this tensor's backend
   */
  public Tensor newScalar(double value) {
    return fresh(Shape.scalar(), dtype()).fill(value);
  }

  /**
   * The 1-D tensor {@code [0, 1, ..., n-1]}.
   *
   * @param n the number of elements
   * @param dtype the element type
   * @return the 1-D tensor {@code [0, 1, ..., n-1]}
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static Tensor arange(int n, DType dtype) {
    checkArgument(n >= 0, "arange: n is %s; it must be >= 0", n);
    return arange(0, n, 1, dtype);
  }

  /**
   * The 1-D tensor {@code [start, start + step, ...]} of values below {@code stop} (above, for a
   * negative step), as NumPy's {@code arange}.
   *
   * @param start the first index taken
   * @param stop the end (exclusive)
   * @param step the distance between indices taken
   * @param dtype the element type
   * @return the 1-D tensor {@code [start, start + step, ...]} of values below {@code stop} (above,
   *     for a negative step), as NumPy's {@code arange}
   * @throws IllegalArgumentException when step is 0 or a bound is not finite
   */
  public static Tensor arange(double start, double stop, double step, DType dtype) {
    return Factories.arange(start, stop, step, dtype);
  }

  /**
   * A float64 tensor holding a copy of {@code data} with the given dimensions; without
   * dimensions, a 1-D tensor of {@code data.length} elements. For another type, {@link
   * #of(double[], DType, int...)}.
   *
   * @param data the elements, row-major
   * @param dims the dimensions, outermost first
   * @return a float64 tensor holding a copy of {@code data} with the given dimensions; without
   *     dimensions, a 1-D tensor of {@code data.length} elements
   * @throws IllegalArgumentException when the dimensions do not hold {@code data.length}
   *     elements
   */
  public static Tensor of(double[] data, int... dims) {
    Shape s = shapeFor("of", data.length, dims);
    return fromArray(s, data.clone());
  }

  /**
   * A tensor of the given type holding {@code data} (rounded to float32 when that is the type)
   * with the given dimensions: say the type where it matters, since {@link #of(double[], int...)}
   * makes float64, and float64 operands promote a float32 model's results to float64.
   *
   * @param data the elements, row-major
   * @param dtype the element type
   * @param dims the dimensions, outermost first
   * @return a tensor of the given type holding {@code data} (rounded to float32 when that is the
   *     type) with the given dimensions: say the type where it matters, since {@link #of(double[],
   *     int...)} makes float64, and float64 operands promote a float32 model's results to float64
   * @throws IllegalArgumentException when the dimensions do not hold {@code data.length}
   *     elements
   */
  public static Tensor of(double[] data, DType dtype, int... dims) {
    Shape s = shapeFor("of", data.length, dims);
    return fromDoubles(data.clone(), s, checkNotNull(dtype, "of: dtype is null"));
  }

  /**
   * A float32 tensor holding a copy of {@code data} with the given dimensions; without
   * dimensions, a 1-D tensor of {@code data.length} elements.
   *
   * @param data the elements, row-major
   * @param dims the dimensions, outermost first
   * @return a float32 tensor holding a copy of {@code data} with the given dimensions; without
   *     dimensions, a 1-D tensor of {@code data.length} elements
   * @throws IllegalArgumentException when the dimensions do not hold {@code data.length}
   *     elements
   */
  public static Tensor of(float[] data, int... dims) {
    Shape s = shapeFor("of", data.length, dims);
    return fromArray(s, data.clone());
  }

  static Shape shapeFor(String op, int length, int[] dims) {
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
   * @param rows the rows, all of one length
   * @return a float64 matrix from rows
   * @throws IllegalArgumentException for ragged rows, naming the first row that differs
   */
  public static Tensor of(double[][] rows) {
    return Factories.of(rows);
  }

  /**
   * A float32 matrix from rows.
   *
   * @param rows the rows, all of one length
   * @return a float32 matrix from rows
   * @throws IllegalArgumentException for ragged rows, naming the first row that differs
   */
  public static Tensor of(float[][] rows) {
    return Factories.of(rows);
  }

  /**
   * Unsigned bytes (such as image pixels 0..255) divided by {@code divisor}: {@code out[i] =
   * (data[i] & 0xff) / divisor}, computed in the target type. One pass, no intermediate copy.
   *
   * @param data the elements, row-major
   * @param divisor the number every byte is divided by
   * @param dtype the element type
   * @param dims the dimensions, outermost first
   * @return unsigned bytes (such as image pixels 0..255) divided by {@code divisor}: {@code out[i]
   *     = (data[i] & 0xff) / divisor}, computed in the target type
   * @throws IllegalArgumentException when the dimensions do not hold {@code data.length}
   *     elements or the divisor is zero or not finite
   */
  public static Tensor ofUint8(byte[] data, double divisor, DType dtype, int... dims) {
    return Factories.ofUint8(data, divisor, dtype, dims);
  }

  /**
   * One-hot rows: {@code out[i, labels[i]] = 1}, zeros elsewhere; shape {@code (labels.length,
   * numClasses)}.
   *
   * @param labels the class index of each row
   * @param numClasses the number of classes
   * @param dtype the element type
   * @return one-hot rows: {@code out[i, labels[i]] = 1}, zeros elsewhere; shape {@code
   *     (labels.length, numClasses)}
   * @throws IndexOutOfBoundsException naming the position of a label outside [0, numClasses)
   */
  public static Tensor oneHot(int[] labels, int numClasses, DType dtype) {
    return Factories.oneHot(labels, numClasses, dtype);
  }

  /**
   * Elementwise choice: {@code out = cond != 0 ? a : b}, all three broadcast together (a mask
   * from {@link #gt} and friends is 1 where true, 0 where false).
   *
   * @param cond where true, take from {@code a}; else from {@code b}
   * @param a taken where cond is nonzero
   * @param b taken where cond is zero
   * @return elementwise choice: {@code out = cond != 0 ? a : b}, all three broadcast together (a
   *     mask from {@link #gt} and friends is 1 where true, 0 where false)
   * @throws IllegalArgumentException when the shapes do not broadcast
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    DType dt = DType.promote(a.dtype(), b.dtype());
    Tensor x = a.to(dt);
    Tensor y = b.to(dt);
    Shape s =
        Shape.broadcast("where", Shape.broadcast("where", cond.shape, x.shape), y.shape);
    Kernels k = sameBackend("where", cond, sameBackend("where", a, b.kernels()));
    Tensor out = empty(s, dt, k);
    k.where(out.view, cond.viewAs(s), x.viewAs(s), y.viewAs(s));
    return out;
  }

  /**
   * The tensors joined along {@code axis} (NumPy's {@code concatenate}); all have the same rank
   * and the same size on every other axis, and are converted to their promoted type.
   *
   * @param axis the axis; negative values count from the end
   * @param tensors the tensors
   * @return the tensors joined along {@code axis} (NumPy's {@code concatenate}); all have the same
   *     rank and the same size on every other axis, and are converted to their promoted type
   * @throws IllegalArgumentException for no tensors, or shapes that differ off the axis
   * @throws IndexOutOfBoundsException for an axis out of range
   */
  public static Tensor concat(int axis, Tensor... tensors) {
    return Factories.concat(axis, tensors);
  }

  // ---------------------------------------------------------------- properties

  /**
   * The element type.
   *
   * @return the element type
   */
  public DType dtype() {
    return view.storage().dtype();
  }

  /**
   * The dimensions.
   *
   * @return the dimensions
   */
  public Shape shape() {
    return shape;
  }

  /**
   * Number of dimensions.
   *
   * @return number of dimensions
   */
  public int rank() {
    return shape.rank();
  }

  /**
   * Number of elements.
   *
   * @return number of elements
   */
  public int size() {
    return shape.size();
  }

  /**
   * Size of one dimension (negative axes count from the end).
   *
   * @param axis the axis; negative values count from the end
   * @return size of one dimension (negative axes count from the end)
   */
  public int dim(int axis) {
    return shape.dim(axis);
  }

  /**
   * Whether the elements are stored densely in row-major order.
   *
   * @return whether the elements are stored densely in row-major order
   */
  public boolean isContiguous() {
    return view.isContiguous();
  }

  /**
   * The storage step of each axis, in elements (a copy): row-major {@code (4, 1)} for a dense
   * {@code (3, 4)} matrix, {@code (1, 4)} for its transpose, 0 on a broadcast axis.
   *
   * @return the storage step of each axis, in elements (a copy): row-major {@code (4, 1)} for a
   *     dense {@code (3, 4)} matrix, {@code (1, 4)} for its transpose, 0 on a broadcast axis
   */
  public int[] strides() {
    return view.strides().clone();
  }

  /**
   * The storage index of element {@code (0, 0, ...)}.
   *
   * @return the storage index of element {@code (0, 0, ...)}
   */
  public int offset() {
    return view.offset();
  }

  /**
   * The memory this tensor views, shared with every view of it: compare by identity to tell
   * whether two tensors share memory, and read {@link Storage#version()} to tell whether it was
   * written in place. A storage gives no access to its elements or its backend's kernels: those
   * go through the tensor.
   *
   * @return the memory this tensor views, shared with every view of it
   */
  public Storage storage() {
    return view.storage();
  }

  /**
   * How many in-place writes this tensor's storage has received (shared with every view of it):
   * {@code storage().version()}.
   *
   * @return the storage's version
   */
  public long version() {
    return view.storage().version();
  }

  /**
   * The backend this tensor's memory lives on, where every operation on it runs.
   *
   * @return the backend this tensor's memory lives on
   */
  public Backend backend() {
    return Backend.of(kernels);
  }

  /**
   * This tensor on {@code target}: itself when already there, else a copy in {@code target}'s
   * memory (PyTorch's {@code tensor.to(device)}), contiguous and of the same type. The copy goes
   * through the host: two host copies on backends that count them.
   *
   * @param target the backend to move to
   * @return this tensor on {@code target}
   */
  public Tensor to(Backend target) {
    checkNotNull(target, "to: the backend is null; use Backend.cpu() or Backend.named(name)");
    Kernels k = target.kernels();
    if (k == kernels) {
      return this;
    }
    Storage moved;
    if (dtype() == DType.FLOAT32) {
      moved = k.wrap(toFloatArray());
    } else {
      moved = k.wrap(toDoubleArray());
    }
    return dense(shape, moved, k);
  }

  /** The backend that computes on this tensor. */
  Kernels kernels() {
    return kernels;
  }

  /** This tensor as a kernel sees it. */
  View view() {
    return view;
  }

  /** A view of this tensor's elements read as if broadcast to {@code target} (no check). */
  View viewAs(Shape target) {
    if (target.equals(shape)) {
      return view;
    }
    int[] td = target.dimsUnsafe();
    int[] strides = Strides.broadcast(shape.dimsUnsafe(), view.strides(), td);
    return new View(view.storage(), td, strides, view.offset());
  }

  /** The backend both tensors live on. */
  static Kernels sameBackend(String op, Tensor a, Kernels k) {
    if (a.kernels != k) {
      throw new IllegalArgumentException(
          String.format(
              "%s: operands live on different backends (%s and %s); move one to the other's"
                  + " with tensor.to(Backend.named(\"%s\"))",
              op, a.kernels.name(), k.name(), k.name()));
    }
    return k;
  }

  static View sameBackendView(String op, Tensor out, Tensor t) {
    sameBackend(op, t, out.kernels());
    return t.view;
  }

  // ---------------------------------------------------------------- element access

  private int flatIndex(String op, int[] index) {
    int[] dims = shape.dimsUnsafe();
    if (index.length != dims.length) {
      throw new IndexOutOfBoundsException(
          String.format(
              "%s: %d indices given for a tensor of rank %d with shape %s",
              op, index.length, dims.length, shape));
    }
    int off = view.offset();
    for (int i = 0; i < dims.length; i++) {
      int ix = index[i];
      if (ix < -dims[i] || ix >= dims[i]) {
        throw new IndexOutOfBoundsException(
            String.format(
                "%s: index %d is out of bounds for axis %d with size %d (shape %s)",
                op, ix, i, dims[i], shape));
      }
      off += (ix < 0 ? ix + dims[i] : ix) * view.strides()[i];
    }
    return off;
  }

  /**
   * The element at {@code index} (one index per axis; negative counts from the end).
   *
   * @param index the index
   * @return the element at {@code index} (one index per axis; negative counts from the end)
   * @throws IndexOutOfBoundsException naming the index, its axis and the shape
   */
  public double get(int... index) {
    return kernels.get(view.storage(), flatIndex("get", index));
  }

  /**
   * The single element of a tensor of size 1.
   *
   * @return the single element of a tensor of size 1
   * @throws IllegalArgumentException when the tensor holds more or fewer than one element
   */
  public double item() {
    checkArgument(size() == 1, "item: tensor of shape %s has %s elements, not 1", shape, size());
    return kernels.get(view.storage(), view.offset());
  }

  /**
   * Writes one element in place, rounding to this tensor's type.
   *
   * @param value the scalar
   * @param index the index
   * @throws IndexOutOfBoundsException naming the index, its axis and the shape
   */
  public void setInPlace(double value, int... index) {
    int i = flatIndex("setInPlace", index);
    beginWrite("setInPlace");
    kernels.set(view.storage(), i, value);
  }

  /**
   * All elements in row-major order, as float32 (a fresh array).
   *
   * @return all elements in row-major order, as float32 (a fresh array)
   */
  public float[] toFloatArray() {
    float[] out = new float[size()];
    kernels().copyOut(view, out);
    return out;
  }

  /**
   * All elements in row-major order, as float64 (a fresh array).
   *
   * @return all elements in row-major order, as float64 (a fresh array)
   */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    kernels().copyOut(view, out);
    return out;
  }

  // ---------------------------------------------------------------- conversion and views

  /**
   * This tensor in another type: itself when already of that type, else a converted copy.
   *
   * @param target the target
   * @return this tensor in another type: itself when already of that type, else a converted copy
   */
  public Tensor to(DType target) {
    if (target == dtype()) {
      return this;
    }
    Tensor out = fresh(shape, target);
    kernels().assign(out.view, view);
    return out;
  }

  /**
   * This tensor when contiguous, else a contiguous copy.
   *
   * @return this tensor when contiguous, else a contiguous copy
   */
  public Tensor contiguous() {
    return isContiguous() ? this : copy();
  }

  /**
   * A contiguous copy with storage of its own.
   *
   * @return a contiguous copy with storage of its own
   */
  public Tensor copy() {
    Tensor out = fresh(shape, dtype());
    kernels().assign(out.view, view);
    return out;
  }

  /** Whether this tensor and {@code other} view the same storage. */
  boolean sharesStorageWith(Tensor other) {
    return view.storage() == other.view.storage();
  }

  /**
   * Checks that this tensor can be written in place (no two of its elements share memory, as in a
   * broadcast view or overlapping windows, where the result of a write would depend on the order
   * of the loop) and counts the write in the storage's version; every in-place write goes through
   * here first.
   */
  void beginWrite(String op) {
    if (!view.isContiguous()) {
      int[] dims = shape.dimsUnsafe();
      for (int i = 0; i < dims.length; i++) {
        if (dims[i] > 1 && view.strides()[i] == 0) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: the target of shape %s is a broadcast view (axis %d repeats one element);"
                      + " call copy() first",
                  op, shape, i));
        }
      }
      if (Strides.overlaps(dims, view.strides())) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the target of shape %s with strides %s is a view whose elements overlap"
                    + " (windows of unfold or asStrided share memory), so an in-place result"
                    + " would depend on the order of the writes; call copy() first",
                op, shape, Arrays.toString(view.strides())));
      }
    }
    view.storage().markWritten();
  }

  /**
   * A read-only view of this tensor broadcast to {@code dims} (NumPy's {@code broadcast_to}).
   *
   * @param dims the dimensions, outermost first
   * @return a read-only view of this tensor broadcast to {@code dims} (NumPy's {@code
   *     broadcast_to})
   * @throws IllegalArgumentException when this shape does not broadcast to {@code dims}
   */
  public Tensor broadcastTo(int... dims) {
    Shape target = Shape.of(dims);
    checkArgument(
        shape.isBroadcastableTo(target),
        "broadcastTo: cannot broadcast shape %s to %s",
        shape,
        target);
    View v = viewAs(target);
    return new Tensor(target, v.strides(), v.offset(), v.storage(), kernels);
  }

  /**
   * The transpose, reversing all axes (NumPy's {@code .T}); a view.
   *
   * @return the transpose, reversing all axes (NumPy's {@code .T}); a view
   */
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
   * @param axes the axes; negative values count from the end
   * @return axes permuted: axis {@code i} of the result is axis {@code axes[i]} of this tensor; a
   *     view
   * @throws IllegalArgumentException when {@code axes} is not a permutation of the axes
   */
  public Tensor transpose(int... axes) {
    return Layouts.transpose(this, axes);
  }

  /**
   * The same elements in another shape; one dimension may be -1 and is then inferred. A view
   * when this tensor is contiguous, else a copy.
   *
   * @param dims the dimensions, outermost first
   * @return the same elements in another shape; one dimension may be -1 and is then inferred
   * @throws IllegalArgumentException when the sizes differ or -1 appears twice
   */
  public Tensor reshape(int... dims) {
    return Layouts.reshape(this, dims);
  }

  /**
   * A 1-D view (or copy, when not contiguous) of all elements.
   *
   * @return a 1-D view (or copy, when not contiguous) of all elements
   */
  public Tensor flatten() {
    return reshape(size());
  }

  /**
   * Elements {@code [start, end)} along {@code axis}; a view.
   *
   * @param axis the axis; negative values count from the end
   * @param start the first index taken
   * @param end the index after the last one taken
   * @return elements {@code [start, end)} along {@code axis}; a view
   * @throws IndexOutOfBoundsException when the axis or the range is out of bounds
   */
  public Tensor slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  /**
   * Every {@code step}-th element of {@code [start, end)} along {@code axis} (NumPy's {@code
   * x[start:end:step]}); a view.
   *
   * @param axis the axis; negative values count from the end
   * @param start the first index taken
   * @param end the index after the last one taken
   * @param step the distance between indices taken
   * @return every {@code step}-th element of {@code [start, end)} along {@code axis} (NumPy's
   *     {@code x[start:end:step]}); a view
   * @throws IndexOutOfBoundsException when the axis or the range is out of bounds
   * @throws IllegalArgumentException when step is not positive
   */
  public Tensor slice(int axis, int start, int end, int step) {
    return Layouts.slice(this, axis, start, end, step);
  }

  /**
   * Rows {@code [start, end)} of the first axis; a view.
   *
   * @param start the first index taken
   * @param end the index after the last one taken
   * @return rows {@code [start, end)} of the first axis; a view
   */
  public Tensor sliceRows(int start, int end) {
    return slice(0, start, end);
  }

  /**
   * Columns {@code [start, end)} of a matrix (axis 1); a view.
   *
   * @param start the first index taken
   * @param end the index after the last one taken
   * @return columns {@code [start, end)} of a matrix (axis 1); a view
   */
  public Tensor sliceColumns(int start, int end) {
    return slice(1, start, end);
  }

  /**
   * The sub-tensor at {@code index} along {@code axis}, with that axis removed; a view. {@code
   * select(0, i)} is row i.
   *
   * @param axis the axis; negative values count from the end
   * @param index the index
   * @return the sub-tensor at {@code index} along {@code axis}, with that axis removed; a view
   * @throws IndexOutOfBoundsException when the axis or index is out of bounds
   */
  public Tensor select(int axis, int index) {
    return Layouts.select(this, axis, index);
  }

  /**
   * A view of this tensor's storage with the given dimensions, strides and offset, in elements
   * (NumPy's {@code as_strided}, PyTorch's {@code as_strided}): the general window view that
   * sliding windows and convolutions are built from. Strides may be 0 (a repeat) and views may
   * overlap; write such a view only when its elements do not.
   *
   * @param dims the dimensions, outermost first
   * @param strides the strides, in elements
   * @param offset the offset of the first element in the storage
   * @return a view of this tensor's storage with the given dimensions, strides and offset, in
   *     elements (NumPy's {@code as_strided}, PyTorch's {@code as_strided}): the general window
   *     view that sliding windows and convolutions are built from
   * @throws IllegalArgumentException when a stride is negative or the view reaches outside the
   *     storage
   */
  public Tensor asStrided(int[] dims, int[] strides, int offset) {
    return Layouts.asStrided(this, dims, strides, offset);
  }

  /**
   * Sliding windows along {@code axis} (PyTorch's {@code unfold}): a view in which that axis
   * holds the {@code (n - size) / step + 1} window positions and a new last axis of length
   * {@code size} holds each window's elements. {@code x.unfold(0, 3, 1)} of {@code [1, 2, 3, 4]}
   * is {@code [[1, 2, 3], [2, 3, 4]]}.
   *
   * @param axis the axis; negative values count from the end
   * @param size the window size
   * @param step the distance between indices taken
   * @return sliding windows along {@code axis} (PyTorch's {@code unfold}): a view in which that
   *     axis holds the {@code (n - size) / step + 1} window positions and a new last axis of length
   *     {@code size} holds each window's elements
   * @throws IllegalArgumentException when size or step is not positive or size exceeds the axis
   */
  public Tensor unfold(int axis, int size, int step) {
    return Layouts.unfold(this, axis, size, step);
  }

  /**
   * This tensor with {@code before[i]} elements of {@code value} added before and {@code
   * after[i]} after it along each axis i (NumPy's {@code pad} with a constant); a fresh tensor.
   *
   * @param before the count before
   * @param after the count after
   * @param value the scalar
   * @return this tensor with {@code before[i]} elements of {@code value} added before and {@code
   *     after[i]} after it along each axis i (NumPy's {@code pad} with a constant); a fresh tensor
   * @throws IllegalArgumentException when the arrays do not have one entry per axis, or an
   *     entry is negative
   */
  public Tensor pad(int[] before, int[] after, double value) {
    return Layouts.pad(this, before, after, value);
  }

  /**
   * Rows picked by index along the first axis (NumPy's {@code x[indices]}); indices may repeat.
   * Output shape {@code (indices.length, ...rest)}; a fresh tensor.
   *
   * @param indices the positions along the axis
   * @return rows picked by index along the first axis (NumPy's {@code x[indices]}); indices may
   *     repeat
   * @throws IndexOutOfBoundsException naming the position of an index out of range
   */
  public Tensor gatherRows(int[] indices) {
    checkArgument(rank() >= 1, "gatherRows: needs a tensor of rank >= 1, got a scalar");
    return Gathers.indexSelect(this, "gatherRows", 0, indices);
  }

  /**
   * Rows picked by index along the first axis, written into {@code out} (modified), converting
   * to out's type as they are copied: a mini-batch gathered into a buffer reused every step.
   *
   * @param out of shape {@code (indices.length, ...rest)}, any type
   * @param indices the positions along the axis
   * @return out
   * @throws IllegalArgumentException when out's shape does not fit
   * @throws IndexOutOfBoundsException naming the position of an index out of range
   */
  public Tensor gatherRows(int[] indices, Tensor out) {
    return Gathers.gatherRows(this, indices, out);
  }

  /**
   * The slices at {@code indices} along {@code axis}, in that order (NumPy's {@code take},
   * PyTorch's {@code index_select}); indices may repeat. A fresh tensor whose {@code axis} has
   * {@code indices.length} entries.
   *
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   * @return the slices at {@code indices} along {@code axis}, in that order (NumPy's {@code take},
   *     PyTorch's {@code index_select}); indices may repeat
   * @throws IndexOutOfBoundsException for an axis out of range or naming the position of an index
   *     out of range
   */
  public Tensor indexSelect(int axis, int[] indices) {
    return Gathers.indexSelect(this, "indexSelect", axis, indices);
  }

  /**
   * {@code this[..., indices[i], ...] += source[..., i, ...]} along {@code axis}, in place
   * (PyTorch's {@code index_add_}): the adjoint of {@link #indexSelect}, so repeated indices add
   * up. Returns this.
   *
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   * @param source the values added, shaped as the selection
   * @return this
   * @throws IllegalArgumentException when source's shape is not this shape with {@code axis} of
   *     length {@code indices.length}
   * @throws IndexOutOfBoundsException as {@link #indexSelect}
   */
  public Tensor indexAddInPlace(int axis, int[] indices, Tensor source) {
    return Gathers.indexAddInPlace(this, axis, indices, source);
  }

  /**
   * One element picked per position along {@code axis} (NumPy's {@code take_along_axis},
   * PyTorch's {@code gather}): {@code out[..., j, ...] = this[..., indices[p], ...]} where p is
   * the row-major position of {@code out[..., j, ...]}. The output is this shape with {@code
   * axis} of length {@code indices.length / lanes}; with one index per row of a {@code (N, C)}
   * matrix, {@code takeAlongAxis(1, labels)} is the {@code (N, 1)} column of each row's labelled
   * score.
   *
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   * @return one element picked per position along {@code axis} (NumPy's {@code take_along_axis},
   *     PyTorch's {@code gather}): {@code out[..., j, ...] = this[..., indices[p], ...]} where p is
   *     the row-major position of {@code out[..., j, ...]}
   * @throws IllegalArgumentException when indices.length is not a multiple of the number of lanes
   * @throws IndexOutOfBoundsException for an axis out of range or an index outside the axis
   */
  public Tensor takeAlongAxis(int axis, int[] indices) {
    return Gathers.takeAlongAxis(this, axis, indices);
  }

  /**
   * {@code this[..., indices[p], ...] += source[p]} for every row-major position p of {@code
   * source}, whose shape is this shape with {@code axis} of length {@code indices.length /
   * lanes} (PyTorch's {@code scatter_add_}): the adjoint of {@link #takeAlongAxis}. Repeated
   * indices add up. Returns this.
   *
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   * @param source the values added, shaped as the selection
   * @return this
   * @throws IllegalArgumentException when source's shape does not fit
   * @throws IndexOutOfBoundsException as {@link #takeAlongAxis}
   */
  public Tensor scatterAddInPlace(int axis, int[] indices, Tensor source) {
    return Gathers.scatterAddInPlace(this, axis, indices, source);
  }

  // ---------------------------------------------------------------- convolution windows

  /**
   * The textbook's {@code im2col}: every {@code kh x kw} window of a batch of images {@code (N,
   * C, H, W)}, padded by {@code pad} zeros on each side and visited with step {@code stride}, as
   * one row of a matrix {@code (N * OH * OW, C * kh * kw)}, where {@code OH = (H + 2 pad - kh) /
   * stride + 1} (likewise OW). A convolution is then one matrix product with the filters.
   *
   * @param kh the kernel's height
   * @param kw the kernel's width
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the textbook's {@code im2col}: every {@code kh x kw} window of a batch of images {@code
   *     (N, C, H, W)}, padded by {@code pad} zeros on each side and visited with step {@code
   *     stride}, as one row of a matrix {@code (N * OH * OW, C * kh * kw)}, where {@code OH = (H +
   *     2 pad - kh) / stride + 1} (likewise OW)
   * @throws IllegalArgumentException when this is not 4-D, a size is not positive, pad is
   *     negative, or the window does not fit the padded image
   */
  public Tensor im2col(int kh, int kw, int stride, int pad) {
    return Windows.im2col(this, kh, kw, stride, pad);
  }

  /**
   * The textbook's {@code col2im}, the adjoint of {@link #im2col}: adds every row of this {@code
   * (N * OH * OW, C * kh * kw)} matrix back into the window it came from in an image batch of
   * {@code imageDims} {@code (N, C, H, W)}; overlapping windows add up, padding is dropped.
   *
   * @param imageDims the image shape (channels, height, width)
   * @param kh the kernel's height
   * @param kw the kernel's width
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the textbook's {@code col2im}, the adjoint of {@link #im2col}: adds every row of this
   *     {@code (N * OH * OW, C * kh * kw)} matrix back into the window it came from in an image
   *     batch of {@code imageDims} {@code (N, C, H, W)}; overlapping windows add up, padding is
   *     dropped
   * @throws IllegalArgumentException when the shapes do not fit one another
   */
  public Tensor col2im(int[] imageDims, int kh, int kw, int stride, int pad) {
    return Windows.col2im(this, imageDims, kh, kw, stride, pad);
  }

  /**
   * The windows of a batch of images {@code (N, C, H, W)} as columns (PyTorch's {@code unfold}):
   * {@code (N, C * kh * kw, OH * OW)}, padded by {@code pad} zeros and visited with step {@code
   * stride}, where {@code OH = (H + 2 pad - kh) / stride + 1} (likewise OW). A convolution with
   * filters {@code W (out, C, kh, kw)} is then {@code W.reshape(out, -1).matmul(cols)}, already
   * {@code (N, out, OH * OW)}. The same windows as {@link #im2col}, laid out for that product.
   *
   * @param kh the kernel's height
   * @param kw the kernel's width
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the windows of a batch of images {@code (N, C, H, W)} as columns (PyTorch's {@code
   *     unfold}): {@code (N, C * kh * kw, OH * OW)}, padded by {@code pad} zeros and visited with
   *     step {@code stride}, where {@code OH = (H + 2 pad - kh) / stride + 1} (likewise OW)
   * @throws IllegalArgumentException when this is not 4-D, a size is not positive, pad is
   *     negative, or the window does not fit the padded image
   */
  public Tensor unfold2d(int kh, int kw, int stride, int pad) {
    return Windows.unfold2d(this, kh, kw, stride, pad);
  }

  /**
   * The adjoint of {@link #unfold2d} (PyTorch's {@code fold}): adds every column of this {@code
   * (N, C * kh * kw, OH * OW)} tensor back into its window of an image batch of {@code
   * imageDims} {@code (N, C, H, W)}; overlapping windows add up, padding is dropped.
   *
   * @param imageDims the image shape (channels, height, width)
   * @param kh the kernel's height
   * @param kw the kernel's width
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the adjoint of {@link #unfold2d} (PyTorch's {@code fold}): adds every column of this
   *     {@code (N, C * kh * kw, OH * OW)} tensor back into its window of an image batch of {@code
   *     imageDims} {@code (N, C, H, W)}; overlapping windows add up, padding is dropped
   * @throws IllegalArgumentException when the shapes do not fit one another
   */
  public Tensor fold2d(int[] imageDims, int kh, int kw, int stride, int pad) {
    return Windows.fold2d(this, imageDims, kh, kw, stride, pad);
  }

  /**
   * 2-D convolution of images {@code (N, C, H, W)} with filters {@code w (out, C, kh, kw)}, no
   * bias (PyTorch's {@code conv2d}): {@code y[n, o, i, j] = sum over c, u, v of w[o, c, u, v]
   * x[n, c, stride i + u - pad, stride j + v - pad]}, zeros outside the image; shape {@code (N,
   * out, OH, OW)}, {@code OH = (H + 2 pad - kh) / stride + 1} (likewise OW). The same as {@code
   * w.reshape(out, -1).matmul(unfold2d(kh, kw, stride, pad))}, computed one image at a time
   * without the batch's columns.
   *
   * @param w the filters, shape (out, C, kh, kw)
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the convolution, shape (N, out, OH, OW)
   * @throws IllegalArgumentException when the shapes or types do not fit, the stride is not
   *     positive, pad is negative or the window does not fit the padded image
   */
  public Tensor conv2d(Tensor w, int stride, int pad) {
    return conv2d(w, Conv2dSpec.of(stride, pad));
  }

  /**
   * 2-D convolution with PyTorch's options (rectangular filters, a stride, padding and dilation
   * per axis, channel groups), this being the images {@code (N, C, H, W)}: {@code y[n, o, i, j] =
   * sum over c, u, v of w[o, c, u, v] x[n, g C' + c, sh i + dh u - ph, sw j + dw v - pw]} with
   * {@code C' = C / groups} and {@code g} the group of output channel {@code o}; {@code OH = (H +
   * 2 ph - dh (kh - 1) - 1) / sh + 1} (likewise OW).
   *
   * @param w the filters, shape (out, C / groups, kh, kw); out divisible by groups
   * @param spec the strides, padding, dilation and groups
   * @return the convolution, shape (N, out, OH, OW)
   * @throws IllegalArgumentException when the shapes or types do not fit one another or the
   *     spec, or the dilated filter does not fit the padded image
   */
  public Tensor conv2d(Tensor w, Conv2dSpec spec) {
    return Convolution.conv2d(this, w, spec);
  }

  /**
   * The gradient of {@link #conv2d(Tensor, Conv2dSpec)} with respect to its filters, this being
   * the images {@code (N, C, H, W)} (PyTorch's {@code conv2d_weight}): {@code dw[o, c, u, v] =
   * sum over n, i, j of dy[n, o, i, j] x[n, g C' + c, sh i + dh u - ph, sw j + dw v - pw]}.
   * Summed in a fixed order: the same result whatever the number of threads.
   *
   * @param dy the gradient of the convolution's output, shape (N, out, OH, OW)
   * @param kh the filters' height
   * @param kw the filters' width
   * @param spec the strides, padding, dilation and groups of the convolution
   * @return the filters' gradient, shape (out, C / groups, kh, kw)
   * @throws IllegalArgumentException when the shapes or types do not fit one another
   */
  public Tensor conv2dWeightGrad(Tensor dy, int kh, int kw, Conv2dSpec spec) {
    return Convolution.weightGrad(this, dy, kh, kw, spec);
  }

  /**
   * The gradient of {@link #conv2d(Tensor, Conv2dSpec)} with respect to its images, this being
   * the gradient of its output {@code (N, out, OH, OW)} (PyTorch's {@code conv2d_input}, a
   * transposed convolution): every window receives {@code sum over o in its group of w[o] dy[n,
   * o, i, j]}, added where windows overlap, padding dropped.
   *
   * @param w the filters, shape (out, C / groups, kh, kw)
   * @param imageDims the images' dims (N, C, H, W)
   * @param spec the strides, padding, dilation and groups of the convolution
   * @return the images' gradient, shape {@code imageDims}
   * @throws IllegalArgumentException when the shapes or types do not fit one another
   */
  public Tensor conv2dInputGrad(Tensor w, int[] imageDims, Conv2dSpec spec) {
    return Convolution.inputGrad(this, w, imageDims, spec);
  }

  /**
   * Max pooling of images {@code (N, C, H, W)} over {@code kernel x kernel} windows with step
   * {@code stride}, in one pass: the values {@code (N, C, OH, OW)}, {@code OH = (H - kernel) /
   * stride + 1}, and where each maximum lies (the first, on ties; a NaN wins).
   *
   * @param kernel the side of the square window
   * @param stride the step between neighbouring windows
   * @return max pooling of images {@code (N, C, H, W)} over {@code kernel x kernel} windows with
   *     step {@code stride}, in one pass: the values {@code (N, C, OH, OW)}, {@code OH = (H -
   *     kernel) / stride + 1}, and where each maximum lies (the first, on ties; a NaN wins)
   * @throws IllegalArgumentException when this is not 4-D, a size is not positive or the window
   *     is larger than the image
   */
  public Pooled maxPool2d(int kernel, int stride) {
    checkArgument(
        rank() == 4, "maxPool2d: expects images (N, C, H, W), got shape %s", shape);
    checkArgument(
        kernel >= 1 && stride >= 1 && kernel <= dim(2) && kernel <= dim(3),
        "maxPool2d: a %sx%s window with stride %s does not fit images %s; need 1 <= kernel <="
            + " H, W and stride >= 1",
        kernel,
        kernel,
        stride,
        shape);
    int oh = (dim(2) - kernel) / stride + 1;
    int ow = (dim(3) - kernel) / stride + 1;
    Tensor out = fresh(Shape.of(dim(0), dim(1), oh, ow), dtype());
    int[] argmax = new int[out.size()];
    kernels().maxPool2d(out.view, view, kernel, stride, argmax);
    return new Pooled(out, argmax);
  }

  /**
   * {@code input > threshold ? this : 0} elementwise, this and input broadcast together: the
   * gradient of ReLU ({@code dy.thresholdBackward(y, 0)}) in one pass, without a mask tensor
   * (PyTorch's {@code threshold_backward}).
   *
   * @param input the forward input
   * @param threshold the threshold
   * @return {@code input > threshold ? this : 0} elementwise, this and input broadcast together:
   *     the gradient of ReLU ({@code dy.thresholdBackward(y, 0)}) in one pass, without a mask
   *     tensor (PyTorch's {@code threshold_backward})
   * @throws IllegalArgumentException when the shapes do not broadcast
   */
  public Tensor thresholdBackward(Tensor input, double threshold) {
    DType dt = DType.promote(dtype(), input.dtype());
    Tensor g = to(dt);
    Tensor x = input.to(dt);
    Shape s = Shape.broadcast("thresholdBackward", g.shape, x.shape);
    Kernels k = sameBackend("thresholdBackward", input, kernels());
    Tensor out = empty(s, dt, k);
    k.thresholdBackward(out.view, g.viewAs(s), x.viewAs(s), threshold);
    return out;
  }

  // ---------------------------------------------------------------- elementwise

  private Tensor binary(Tensor other, BinaryOp op) {
    DType dt = DType.promote(dtype(), other.dtype());
    Tensor x = to(dt);
    Tensor y = other.to(dt);
    Shape s = Shape.broadcast(op.opName(), x.shape, y.shape);
    Kernels k = sameBackend(op.opName(), other, kernels());
    Tensor out = empty(s, dt, k);
    k.binary(op, out.view, x.viewAs(s), y.viewAs(s));
    return out;
  }

  /**
   * {@code function(x)} elementwise, in this tensor's type and shape: the one entry of every
   * function {@link UnaryOp} lists ({@code x.exp()} is {@code x.map(UnaryOp.EXP)}).
   *
   * @param function the elementwise function
   * @return a fresh tensor of the results
   */
  public Tensor map(UnaryOp function) {
    Tensor out = fresh(shape, dtype());
    kernels().unary(function, out.view, view);
    return out;
  }

  /**
   * {@code this = op(this, b)} in place; {@code b} must broadcast to this shape. Mixed types
   * compute in the promoted type and round once into this type, as NumPy's {@code a += b}.
   */
  private Tensor binaryInPlace(Tensor b, BinaryOp op, String name) {
    checkInPlace(b, name);
    Kernels k = sameBackend(name, b, kernels());
    Tensor y = b.sharesStorageWith(this) ? b.copy() : b;
    if (op == BinaryOp.RIGHT) {
      k.assign(view, y.viewAs(shape));
    } else if (y.dtype() != dtype()) {
      k.assign(view, binary(y, op).view);
    } else {
      k.binary(op, view, view, y.viewAs(shape));
    }
    return this;
  }

  private void checkInPlace(Tensor b, String name) {
    if (!b.shape.isBroadcastableTo(shape)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: cannot broadcast operand of shape %s into the target of shape %s;"
                  + " an in-place operation keeps the target's shape",
              name, b.shape, shape));
    }
    beginWrite(name);
  }

  /**
   * {@code this + other}, broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this + other}, broadcast
   */
  public Tensor add(Tensor other) {
    return binary(other, BinaryOp.ADD);
  }

  /**
   * {@code this + value}.
   *
   * @param value the scalar
   * @return {@code this + value}
   */
  public Tensor add(double value) {
    return add(newScalar(value));
  }

  /**
   * {@code this - other}, broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this - other}, broadcast
   */
  public Tensor sub(Tensor other) {
    return binary(other, BinaryOp.SUB);
  }

  /**
   * {@code this - value}.
   *
   * @param value the scalar
   * @return {@code this - value}
   */
  public Tensor sub(double value) {
    return sub(newScalar(value));
  }

  /**
   * {@code this * other} elementwise, broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this * other} elementwise, broadcast
   */
  public Tensor mul(Tensor other) {
    return binary(other, BinaryOp.MUL);
  }

  /**
   * {@code this * value}.
   *
   * @param value the scalar
   * @return {@code this * value}
   */
  public Tensor mul(double value) {
    return mul(newScalar(value));
  }

  /**
   * {@code this / other} elementwise, broadcast (IEEE: x/0 is ±inf or NaN).
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this / other} elementwise, broadcast (IEEE: x/0 is ±inf or NaN)
   */
  public Tensor div(Tensor other) {
    return binary(other, BinaryOp.DIV);
  }

  /**
   * {@code this / value}.
   *
   * @param value the scalar
   * @return {@code this / value}
   */
  public Tensor div(double value) {
    return div(newScalar(value));
  }

  /**
   * {@code this ^ other} elementwise, broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this ^ other} elementwise, broadcast
   */
  public Tensor pow(Tensor other) {
    return binary(other, BinaryOp.POW);
  }

  /**
   * {@code this ^ exponent}.
   *
   * @param exponent the exponent
   * @return {@code this ^ exponent}
   */
  public Tensor pow(double exponent) {
    return pow(newScalar(exponent));
  }

  /**
   * Elementwise maximum, broadcast; NaN wins.
   *
   * @param other the other operand, broadcast against this one
   * @return elementwise maximum, broadcast; NaN wins
   */
  public Tensor maximum(Tensor other) {
    return binary(other, BinaryOp.MAXIMUM);
  }

  /**
   * Elementwise {@code max(this, value)}.
   *
   * @param value the scalar
   * @return elementwise {@code max(this, value)}
   */
  public Tensor maximum(double value) {
    return maximum(newScalar(value));
  }

  /**
   * Elementwise minimum, broadcast; NaN wins.
   *
   * @param other the other operand, broadcast against this one
   * @return elementwise minimum, broadcast; NaN wins
   */
  public Tensor minimum(Tensor other) {
    return binary(other, BinaryOp.MINIMUM);
  }

  /**
   * Elementwise {@code min(this, value)}.
   *
   * @param value the scalar
   * @return elementwise {@code min(this, value)}
   */
  public Tensor minimum(double value) {
    return minimum(newScalar(value));
  }

  /**
   * {@code -this}.
   *
   * @return {@code -this}
   */
  public Tensor neg() {
    return map(UnaryOp.NEG);
  }

  /**
   * {@code e^this}.
   *
   * @return {@code e^this}
   */
  public Tensor exp() {
    return map(UnaryOp.EXP);
  }

  /**
   * Natural logarithm (log 0 is -inf, log of a negative number NaN).
   *
   * @return natural logarithm (log 0 is -inf, log of a negative number NaN)
   */
  public Tensor log() {
    return map(UnaryOp.LOG);
  }

  /**
   * Square root.
   *
   * @return square root
   */
  public Tensor sqrt() {
    return map(UnaryOp.SQRT);
  }

  /**
   * Absolute value.
   *
   * @return absolute value
   */
  public Tensor abs() {
    return map(UnaryOp.ABS);
  }

  /**
   * Hyperbolic tangent.
   *
   * @return hyperbolic tangent
   */
  public Tensor tanh() {
    return map(UnaryOp.TANH);
  }

  /**
   * {@code 1 / (1 + e^-this)}, computed without overflow.
   *
   * @return {@code 1 / (1 + e^-this)}, computed without overflow
   */
  public Tensor sigmoid() {
    return map(UnaryOp.SIGMOID);
  }

  /**
   * {@code max(this, 0)}; NaN stays NaN.
   *
   * @return {@code max(this, 0)}; NaN stays NaN
   */
  public Tensor relu() {
    return map(UnaryOp.RELU);
  }

  /**
   * Mask {@code this > other}: 1 where true, 0 where false; broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return mask {@code this > other}: 1 where true, 0 where false; broadcast
   */
  public Tensor gt(Tensor other) {
    return binary(other, BinaryOp.GT);
  }

  /**
   * Mask {@code this > value}.
   *
   * @param value the scalar
   * @return mask {@code this > value}
   */
  public Tensor gt(double value) {
    return gt(newScalar(value));
  }

  /**
   * Mask {@code this >= other}; broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return mask {@code this >= other}; broadcast
   */
  public Tensor ge(Tensor other) {
    return binary(other, BinaryOp.GE);
  }

  /**
   * Mask {@code this >= value}.
   *
   * @param value the scalar
   * @return mask {@code this >= value}
   */
  public Tensor ge(double value) {
    return ge(newScalar(value));
  }

  /**
   * Mask {@code this < other}; broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return mask {@code this < other}; broadcast
   */
  public Tensor lt(Tensor other) {
    return binary(other, BinaryOp.LT);
  }

  /**
   * Mask {@code this < value}.
   *
   * @param value the scalar
   * @return mask {@code this < value}
   */
  public Tensor lt(double value) {
    return lt(newScalar(value));
  }

  /**
   * Mask {@code this <= other}; broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return mask {@code this <= other}; broadcast
   */
  public Tensor le(Tensor other) {
    return binary(other, BinaryOp.LE);
  }

  /**
   * Mask {@code this <= value}.
   *
   * @param value the scalar
   * @return mask {@code this <= value}
   */
  public Tensor le(double value) {
    return le(newScalar(value));
  }

  /**
   * Mask {@code this == other}; broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return mask {@code this == other}; broadcast
   */
  public Tensor eq(Tensor other) {
    return binary(other, BinaryOp.EQ);
  }

  /**
   * Mask {@code this == value}.
   *
   * @param value the scalar
   * @return mask {@code this == value}
   */
  public Tensor eq(double value) {
    return eq(newScalar(value));
  }

  /**
   * Mask {@code this != other}; broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return mask {@code this != other}; broadcast
   */
  public Tensor ne(Tensor other) {
    return binary(other, BinaryOp.NE);
  }

  /**
   * Mask {@code this != value}.
   *
   * @param value the scalar
   * @return mask {@code this != value}
   */
  public Tensor ne(double value) {
    return ne(newScalar(value));
  }

  // ---------------------------------------------------------------- in place

  /**
   * {@code this += other} in place; other broadcasts to this shape. Returns this.
   *
   * @param other the other operand, broadcast against this one
   * @return this
   */
  public Tensor addInPlace(Tensor other) {
    return binaryInPlace(other, BinaryOp.ADD, "addInPlace");
  }

  /**
   * {@code this -= other} in place; other broadcasts to this shape. Returns this.
   *
   * @param other the other operand, broadcast against this one
   * @return this
   */
  public Tensor subInPlace(Tensor other) {
    return binaryInPlace(other, BinaryOp.SUB, "subInPlace");
  }

  /**
   * {@code this *= other} in place; other broadcasts to this shape. Returns this.
   *
   * @param other the other operand, broadcast against this one
   * @return this
   */
  public Tensor mulInPlace(Tensor other) {
    return binaryInPlace(other, BinaryOp.MUL, "mulInPlace");
  }

  /**
   * {@code this *= value} in place. Returns this.
   *
   * @param value the scalar
   * @return this
   */
  public Tensor mulInPlace(double value) {
    return mulInPlace(newScalar(value));
  }

  /**
   * {@code this /= other} in place; other broadcasts to this shape. Returns this.
   *
   * @param other the other operand, broadcast against this one
   * @return this
   */
  public Tensor divInPlace(Tensor other) {
    return binaryInPlace(other, BinaryOp.DIV, "divInPlace");
  }

  /**
   * {@code this += alpha * x} in place (BLAS axpy), the update step of SGD; x broadcasts to this
   * shape. Returns this.
   *
   * @param alpha the scale factor
   * @param x the tensor added
   * @return this
   */
  public Tensor addScaledInPlace(double alpha, Tensor x) {
    checkInPlace(x, "addScaledInPlace");
    Kernels k = sameBackend("addScaledInPlace", x, kernels());
    Tensor y = x.to(dtype());
    Tensor src = y.sharesStorageWith(this) ? y.copy() : y;
    k.addScaled(view, alpha, src.viewAs(shape));
    return this;
  }

  /**
   * One Adam step on this parameter in a single pass (PyTorch's {@code fused=True}): {@code m +=
   * (1 - beta1)(grad - m)}, {@code v += (1 - beta2)(grad^2 - v)}, {@code this -= lr m / (sqrt(v) +
   * eps)}, where {@code lr} is already bias-corrected. Six tensor operations and their
   * temporaries become one loop; the result is what they compute, rounded as they round to
   * within an ulp, except that state decaying below the smallest normal number becomes 0
   * (subnormal arithmetic is about a hundred times slower, and weights whose gradient stays 0,
   * such as MNIST's border pixels, would reach it within a thousand steps).
   *
   * @param grad the gradient, of this shape (converted to this type)
   * @param m the first-moment estimate: this shape and type, contiguous; updated
   * @param v the second-moment estimate: this shape and type, contiguous; updated
   * @param lr the bias-corrected learning rate
   * @param beta1 the first moment's decay, in [0, 1)
   * @param beta2 the second moment's decay, in [0, 1)
   * @param eps added to {@code sqrt(v)}, positive
   * @return this
   * @throws IllegalArgumentException naming the operand when a shape, type or layout differs
   */
  public Tensor adamInPlace(
      Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps) {
    checkArgument(
        grad.shape.equals(shape) && m.shape.equals(shape) && v.shape.equals(shape),
        "adamInPlace: parameter %s, gradient %s, m %s and v %s must have one shape",
        shape,
        grad.shape,
        m.shape,
        v.shape);
    checkArgument(
        m.dtype() == dtype() && v.dtype() == dtype(),
        "adamInPlace: m (%s) and v (%s) must have the parameter's type %s",
        m.dtype(),
        v.dtype(),
        dtype());
    checkArgument(
        isContiguous() && m.isContiguous() && v.isContiguous(),
        "adamInPlace: the parameter and its state must be contiguous; make them with Tensor.zeros");
    checkArgument(
        !m.sharesStorageWith(this) && !v.sharesStorageWith(this) && !m.sharesStorageWith(v),
        "adamInPlace: the parameter, m and v must not share storage");
    Kernels k =
        sameBackend(
            "adamInPlace",
            grad,
            sameBackend("adamInPlace", m, sameBackend("adamInPlace", v, kernels())));
    Tensor g = grad.to(dtype()).contiguous();
    beginWrite("adamInPlace");
    m.beginWrite("adamInPlace");
    v.beginWrite("adamInPlace");
    k.adam(view, g.view, m.view, v.view, lr, beta1, beta2, eps);
    return this;
  }

  /**
   * Copies {@code src} (broadcast, converted) into this tensor's elements. Returns this.
   *
   * @param src the tensor copied, broadcast to this shape
   * @return this
   */
  public Tensor assignInPlace(Tensor src) {
    return binaryInPlace(src, BinaryOp.RIGHT, "assignInPlace");
  }

  /**
   * Sets every element to {@code value}. Returns this.
   *
   * @param value the scalar
   * @return this
   */
  public Tensor fillInPlace(double value) {
    return assignInPlace(newScalar(value));
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Sum over the given axes (none: all), dropping them.
   *
   * @param axes the axes; negative values count from the end
   * @return sum over the given axes (none: all), dropping them
   */
  public Tensor sum(int... axes) {
    return sum(axes, false);
  }

  /**
   * Sum over the given axes (empty: all); with {@code keepDims} the reduced axes stay as size 1.
   * Accumulates in double.
   *
   * @param axes the axes; negative values count from the end
   * @param keepDims whether the reduced axes stay, with size 1
   * @return sum over the given axes (empty: all); with {@code keepDims} the reduced axes stay as
   *     size 1
   * @throws IndexOutOfBoundsException for an axis out of range
   */
  public Tensor sum(int[] axes, boolean keepDims) {
    return reduce(Reduction.SUM, axes, keepDims);
  }

  /**
   * Mean over the given axes (none: all), dropping them.
   *
   * @param axes the axes; negative values count from the end
   * @return mean over the given axes (none: all), dropping them
   */
  public Tensor mean(int... axes) {
    return mean(axes, false);
  }

  /**
   * Mean over the given axes (empty: all); see {@link #sum(int[], boolean)}.
   *
   * @param axes the axes; negative values count from the end
   * @param keepDims whether the reduced axes stay, with size 1
   * @return mean over the given axes (empty: all); see {@link #sum(int[], boolean)}
   */
  public Tensor mean(int[] axes, boolean keepDims) {
    Tensor s = sum(axes, keepDims);
    int count = s.size() == 0 ? 0 : size() / s.size();
    return s.mulInPlace(1.0 / count);
  }

  /**
   * Maximum over the given axes (none: all), dropping them; NaN wins.
   *
   * @param axes the axes; negative values count from the end
   * @return maximum over the given axes (none: all), dropping them; NaN wins
   */
  public Tensor max(int... axes) {
    return max(axes, false);
  }

  /**
   * Maximum over the given axes (empty: all).
   *
   * @param axes the axes; negative values count from the end
   * @param keepDims whether the reduced axes stay, with size 1
   * @return maximum over the given axes (empty: all)
   * @throws IllegalArgumentException for a zero-size reduction
   */
  public Tensor max(int[] axes, boolean keepDims) {
    return reduce(Reduction.MAX, axes, keepDims);
  }

  /**
   * Minimum over the given axes (none: all), dropping them; NaN wins.
   *
   * @param axes the axes; negative values count from the end
   * @return minimum over the given axes (none: all), dropping them; NaN wins
   */
  public Tensor min(int... axes) {
    return min(axes, false);
  }

  /**
   * Minimum over the given axes (empty: all).
   *
   * @param axes the axes; negative values count from the end
   * @param keepDims whether the reduced axes stay, with size 1
   * @return minimum over the given axes (empty: all)
   * @throws IllegalArgumentException for a zero-size reduction
   */
  public Tensor min(int[] axes, boolean keepDims) {
    return reduce(Reduction.MIN, axes, keepDims);
  }

  private Tensor reduce(Reduction kind, int[] axes, boolean keepDims) {
    String op = kind.opName();
    int[] sorted = shape.axes(op, axes);
    Shape kept = shape.reduce(sorted, true);
    if (kind != Reduction.SUM && shape.size() == 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: zero-size reduction over axes %s of shape %s has no identity;"
                  + " reduce a non-empty tensor",
              op, Arrays.toString(sorted), shape));
    }
    Tensor out = fresh(kept, dtype());
    kernels().reduce(kind, out.viewAs(shape), view);
    return keepDims ? out : out.reshape(shape.reduce(sorted, false).dimsUnsafe());
  }

  /**
   * Position of the largest element of the flattened tensor (the first, on ties).
   *
   * @return position of the largest element of the flattened tensor (the first, on ties)
   * @throws IllegalArgumentException for an empty tensor
   */
  public int argmax() {
    return contiguous().reshape(size()).argmax(0)[0];
  }

  /**
   * Position of the largest element along {@code axis}, for every lane, in row-major order of
   * the other axes: for a matrix, {@code argmax(1)} is the predicted class of each row.
   *
   * @param axis the axis; negative values count from the end
   * @return position of the largest element along {@code axis}, for every lane, in row-major order
   *     of the other axes: for a matrix, {@code argmax(1)} is the predicted class of each row
   * @throws IndexOutOfBoundsException for an axis out of range
   * @throws IllegalArgumentException when that axis has size 0
   */
  public int[] argmax(int axis) {
    int a = shape.axis("argmax", axis);
    if (shape.dimsUnsafe()[a] == 0) {
      throw new IllegalArgumentException(
          String.format(
              "argmax: axis %d of shape %s has size 0; argmax of an empty lane is undefined",
              a, shape));
    }
    return kernels().argmax(view, a);
  }

  /**
   * Softmax along {@code axis}: {@code exp(x - max) / sum(exp(x - max))}, stable.
   *
   * @param axis the axis; negative values count from the end
   * @return softmax along {@code axis}: {@code exp(x - max) / sum(exp(x - max))}, stable
   */
  public Tensor softmax(int axis) {
    return softmax(shape.axis("softmax", axis), false);
  }

  /**
   * Log-softmax along {@code axis}: {@code x - max - log(sum(exp(x - max)))}, stable.
   *
   * @param axis the axis; negative values count from the end
   * @return log-softmax along {@code axis}: {@code x - max - log(sum(exp(x - max)))}, stable
   */
  public Tensor logSoftmax(int axis) {
    return softmax(shape.axis("logSoftmax", axis), true);
  }

  private Tensor softmax(int axis, boolean log) {
    Tensor out = fresh(shape, dtype());
    kernels().softmax(out.view, view, axis, log);
    return out;
  }

  /**
   * Sums this tensor down to {@code target}, a shape it was broadcast from: the reverse of
   * broadcasting, and so the gradient of a broadcast.
   *
   * @param target the target
   * @return a new tensor of shape {@code target}
   * @throws IllegalArgumentException when {@code target} does not broadcast to this shape
   */
  public Tensor sumTo(Shape target) {
    if (target.equals(shape)) {
      return this;
    }
    return sum(shape.broadcastAxes(target), true).reshape(target.dimsUnsafe());
  }


  // ---------------------------------------------------------------- products

  /**
   * NumPy {@code dot} for 1-D and 2-D operands: vector·vector (a scalar), matrix·vector,
   * vector·matrix and matrix·matrix, through BLAS gemm/gemv. Transposed views go to BLAS as
   * flags, not copies.
   *
   * @param other the other operand, broadcast against this one
   * @return numPy {@code dot} for 1-D and 2-D operands: vector·vector (a scalar), matrix·vector,
   *     vector·matrix and matrix·matrix, through BLAS gemm/gemv
   * @throws IllegalArgumentException when the inner dimensions differ, naming both shapes
   */
  public Tensor dot(Tensor other) {
    return MatrixProducts.dot(this, other);
  }

  /**
   * NumPy {@code matmul}: as {@link #dot} for 1-D and 2-D operands; for more axes, a batch of
   * matrix products over the leading axes, which broadcast like NumPy's ({@code (2, 1, m, k)}
   * with {@code (3, k, n)} gives {@code (2, 3, m, n)}; a 2-D operand is shared by the batch).
   *
   * @param other the other operand, broadcast against this one
   * @return numPy {@code matmul}: as {@link #dot} for 1-D and 2-D operands; for more axes, a batch
   *     of matrix products over the leading axes, which broadcast like NumPy's ({@code (2, 1, m,
   *     k)} with {@code (3, k, n)} gives {@code (2, 3, m, n)}; a 2-D operand is shared by the
   *     batch)
   * @throws IllegalArgumentException when the shapes do not multiply
   */
  public Tensor matmul(Tensor other) {
    return MatrixProducts.matmul(this, other);
  }

  // ---------------------------------------------------------------- comparison and printing

  /**
   * Whether both have the same shape and every pair of elements satisfies {@code |a - b| <= atol
   * + rtol * |b|} (NaN equal to nothing).
   *
   * @param other the other operand, broadcast against this one
   * @param rtol the relative tolerance
   * @param atol the absolute tolerance
   * @return whether both have the same shape and every pair of elements satisfies {@code |a - b| <=
   *     atol + rtol * |b|} (NaN equal to nothing)
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

  /**
   * Whether no element is NaN or infinite.
   *
   * @return whether no element is NaN or infinite
   */
  public boolean allFinite() {
    return kernels().allFinite(view);
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
    return dtype() == t.dtype()
        && shape.equals(t.shape)
        && Arrays.equals(toDoubleArray(), t.toDoubleArray());
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype().hashCode() + shape.hashCode()) + Arrays.hashCode(toDoubleArray());
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
