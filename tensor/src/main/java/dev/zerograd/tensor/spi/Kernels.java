package dev.zerograd.tensor.spi;

import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The kernels of one backend: everything {@link dev.zerograd.tensor.Tensor} asks of the memory
 * and the arithmetic behind it. The CPU implementation is {@link
 * dev.zerograd.tensor.cpu.CpuKernels}; a second backend (off-heap memory, a GPU) implements this
 * interface and a {@link Storage} of its own, registers a {@link KernelsProvider}, and every
 * public tensor operation then runs on it unchanged ({@code docs/architecture.md}).
 *
 * <p>The contract, for every method: the front ({@code Tensor}) has validated the arguments and
 * computed the shapes; operand views have the output's dims (broadcast operands have stride 0 on
 * the broadcast axes) and, unless a method says otherwise, the output's type; an output view
 * covers fresh storage or storage the caller is writing in place (then operands may alias it
 * only exactly, element for element, as in {@code a += b}). A kernel allocates nothing the caller
 * sees except through the methods that return storage.
 */
public interface Kernels {
  /**
   * A short name, e.g. {@code cpu}, for messages.
   *
   * @return the backend's short name, such as {@code cpu}
   */
  String name();

  // ---------------------------------------------------------------- memory

  /**
   * Fresh storage of {@code size} zeros.
   *
   * @param dtype the element type
   * @param size the number of elements
   * @return fresh storage of {@code size} zeros
   */
  Storage allocate(DType dtype, int size);

  /**
   * Float32 storage that takes over {@code values} (the caller hands over the array).
   *
   * @param values the values
   * @return float32 storage that takes over {@code values} (the caller hands over the array)
   */
  Storage wrap(float[] values);

  /**
   * Float64 storage that takes over {@code values} (the caller hands over the array).
   *
   * @param values the values
   * @return float64 storage that takes over {@code values} (the caller hands over the array)
   */
  Storage wrap(double[] values);

  /**
   * Storage of {@code (data[i] & 0xff) / divisor}, computed in the target type.
   *
   * @param data the bytes, row-major
   * @param divisor the number every byte is divided by
   * @param dtype the element type
   * @return storage of {@code (data[i] & 0xff) / divisor}, computed in the target type
   */
  Storage fromUint8(byte[] data, double divisor, DType dtype);

  /**
   * One element, read to the host: the slow path of {@code Tensor.get} and {@code item()}.
   *
   * @param storage storage of this backend
   * @param index the flat index into the storage
   * @return the element, as a double
   */
  double get(Storage storage, int index);

  /**
   * Writes one element from the host, rounding to the storage's type: the slow path of writing.
   *
   * @param storage storage of this backend
   * @param index the flat index into the storage
   * @param value the value
   */
  void set(Storage storage, int index, double value);

  /**
   * {@code out = value} for every element: a scalar passed as an argument, so that scalars and
   * filled tensors cost no copy from the host.
   *
   * @param out the view written
   * @param value the value, rounded to out's type
   */
  void fill(View out, double value);

  /**
   * How many times data crossed between the host (Java arrays and numbers) and this backend's
   * memory: uploads, downloads, single elements read or written, indices and numbers handed
   * between the two. A backend whose memory is the host's (the CPU) counts none.
   *
   * @return the number of host copies since the backend was loaded
   */
  default long hostCopies() {
    return 0;
  }

  /**
   * Where the most recent host copies happened, newest last: one line each, the kind and the
   * first caller outside the tensor package (empty for a backend that counts none).
   *
   * @return the most recent host copies
   */
  default List<String> recentHostCopies() {
    return List.of();
  }

  /**
   * Copies the view's elements, row-major, into {@code out} (of the view's size).
   *
   * @param src the view read
   * @param out the view written with the result
   */
  void copyOut(View src, float[] out);

  /**
   * Copies the view's elements, row-major, into {@code out} (of the view's size).
   *
   * @param src the view read
   * @param out the view written with the result
   */
  void copyOut(View src, double[] out);

  /**
   * Writes {@code next}'s values into {@code out}'s elements in row-major order.
   *
   * @param out the view written with the result
   * @param next supplies the values, in row-major order
   */
  void generate(View out, DoubleSupplier next);

  // ---------------------------------------------------------------- elementwise

  /**
   * {@code out = op(a)}.
   *
   * @param op the operation
   * @param out the view written with the result
   * @param a the first operand
   */
  void unary(UnaryOp op, View out, View a);

  /**
   * {@code out = op(a, b)}.
   *
   * @param op the operation
   * @param out the view written with the result
   * @param a the first operand
   * @param b the second operand
   */
  void binary(BinaryOp op, View out, View a, View b);

  /**
   * {@code out = src}, converting from src's type to out's (the one place the two types meet).
   *
   * @param out the view written with the result
   * @param src the view read
   */
  void assign(View out, View src);

  /**
   * {@code target += alpha * x} (BLAS axpy).
   *
   * @param target the view added to
   * @param alpha the scale factor
   * @param x the vector
   */
  void addScaled(View target, double alpha, View x);

  /**
   * {@code out = cond != 0 ? a : b}; cond may be of either type.
   *
   * @param out the view written with the result
   * @param cond where true, take from {@code a}; else from {@code b}
   * @param a the first operand
   * @param b the second operand
   */
  void where(View out, View cond, View a, View b);

  /**
   * Whether no element is NaN or infinite.
   *
   * @param a the first operand
   * @return whether no element is NaN or infinite
   */
  boolean allFinite(View a);

  /**
   * {@code out = input > threshold ? grad : 0} (ReLU's backward in one pass, without a mask);
   * the three views have out's dims.
   *
   * @param out the view written with the result
   * @param grad the gradient flowing back
   * @param input the forward input
   * @param threshold the threshold
   */
  void thresholdBackward(View out, View grad, View input, double threshold);

  /**
   * One Adam step in one pass over contiguous views of one shape and type: {@code m += (1 -
   * beta1)(grad - m)}, {@code v += (1 - beta2)(grad^2 - v)}, {@code param -= lr m / (sqrt(v) +
   * eps)}, with {@code lr} already bias-corrected; computed in the views' type, as the unfused
   * tensor operations round.
   *
   * @param param the parameter, updated
   * @param grad its gradient
   * @param m the first-moment estimate, updated
   * @param v the second-moment estimate, updated
   * @param lr the bias-corrected learning rate
   * @param beta1 the first moment's decay
   * @param beta2 the second moment's decay
   * @param eps added to {@code sqrt(v)}
   */
  void adam(
      View param, View grad, View m, View v, double lr, double beta1, double beta2, double eps);

  // ---------------------------------------------------------------- windows

  /**
   * Max pooling of images {@code in (N, C, H, W)} over {@code kernel x kernel} windows with step
   * {@code stride} into the fresh {@code out (N, C, OH, OW)}; {@code argmax} (one per output
   * element) receives the row-major index into {@code in}'s dims of each window's maximum (the
   * first, on ties; a NaN wins).
   *
   * @param out the view written with the result
   * @param in the view read
   * @param kernel the side of the square window
   * @param stride the step between neighbouring windows
   * @param argmax receives the flat index of each window's maximum
   */
  void maxPool2d(View out, View in, int kernel, int stride, int[] argmax);

  /**
   * 2-D convolution without bias: {@code out[n, o, i, j] = sum over c, u, v of w[o, c, u, v] x[n,
   * g C' + c, sh i + dh u, sw j + dw v]} for images {@code x (N, C, H, W)} (already padded as
   * {@code spec} says), dense filters {@code w (O, C', kh, kw)} with {@code C' = C / groups}, the
   * fresh, dense {@code out (N, O, OH, OW)}, and {@code g = o / (O / groups)} the output's
   * channel group; {@code (sh, sw)} are the spec's strides and {@code (dh, dw)} its dilations.
   *
   * @param out the view written with the result
   * @param x the images, padded
   * @param w the filters, contiguous
   * @param spec the strides, dilations and groups (its padding is already applied to x)
   */
  void conv2d(View out, View x, View w, Conv2dSpec spec);

  /**
   * The gradient of {@link #conv2d} with respect to the filters: {@code dw[o, c, u, v] = sum over
   * n, i, j of dy[n, o, i, j] x[n, g C' + c, sh i + dh u, sw j + dw v]}, into the fresh, dense
   * {@code dw (O, C', kh, kw)}; {@code dy (N, O, OH, OW)} is contiguous. The same result whatever
   * the number of threads.
   *
   * @param dw the view written with the result
   * @param x the images, as passed to {@link #conv2d}
   * @param dy the gradient of the convolution's output, contiguous
   * @param spec the strides, dilations and groups, as passed to {@link #conv2d}
   */
  void conv2dWeightGrad(View dw, View x, View dy, Conv2dSpec spec);

  /**
   * The gradient of {@link #conv2d} with respect to the (padded) images: every window of {@code
   * dx (N, C, H, W)} (fresh, dense, zero) receives {@code sum over o in its group of w[o] dy[n, o,
   * i, j]}, added where windows overlap.
   *
   * @param dx the view written with the result
   * @param w the filters, contiguous
   * @param dy the gradient of the convolution's output, contiguous
   * @param spec the strides, dilations and groups, as passed to {@link #conv2d}
   */
  void conv2dInputGrad(View dx, View w, View dy, Conv2dSpec spec);

  // ---------------------------------------------------------------- reductions

  /**
   * Reduces {@code in} into {@code out}, whose view has in's dims with stride 0 on the reduced
   * axes (so that every element of a lane maps to the lane's one output element). Sums
   * accumulate in double whatever the type.
   *
   * @param kind the kind
   * @param out the view written with the result
   * @param in the view read
   */
  void reduce(Reduction kind, View out, View in);

  /**
   * The index of the largest element (NaN counts as largest; the first on ties) of each lane.
   *
   * @param in the view read
   * @param axis the axis; negative values count from the end
   * @return the index of the largest element (NaN counts as largest; the first on ties) of each
   *     lane
   */
  int[] argmax(View in, int axis);

  /**
   * Softmax (or log-softmax) of each lane along {@code axis}, stable: the max is subtracted.
   *
   * @param out the view written with the result
   * @param in the view read
   * @param axis the axis; negative values count from the end
   * @param log whether to compute log-softmax
   */
  void softmax(View out, View in, int axis, boolean log);

  // ---------------------------------------------------------------- products

  /**
   * {@code c = alpha a b + beta c} for matrices a {@code (m, k)}, b {@code (k, n)}, c {@code (m,
   * n)} with contiguous rows; a and b may have any strides (transposed views are not copied).
   *
   * @param a the first operand
   * @param b the second operand
   * @param c the result, accumulated
   * @param alpha the scale factor
   * @param beta the decay rate
   */
  void gemm(View a, View b, View c, double alpha, double beta);

  /**
   * {@link #gemm} for each {@code i}: {@code c[i] = alpha a[i] b[i] + beta c[i]}, the matrices of
   * a batched product; the {@code c[i]} do not overlap. A backend may run them at once.
   *
   * @param a the left matrices
   * @param b the right matrices
   * @param c the results, one per pair
   * @param alpha the scale of the products
   * @param beta the scale of the results' previous values
   */
  default void gemmBatch(View[] a, View[] b, View[] c, double alpha, double beta) {
    for (int i = 0; i < c.length; i++) {
      gemm(a[i], b[i], c[i], alpha, beta);
    }
  }

  /**
   * {@code y = a x} for a matrix a {@code (m, k)}, a vector x {@code (k)}, a fresh y {@code (m)}.
   *
   * @param a the first operand
   * @param x the vector
   * @param y the result vector
   */
  void gemv(View a, View x, View y);

  /**
   * The dot product of two vectors of one length, accumulated in double.
   *
   * @param x the vector
   * @param y the result vector
   * @return the dot product of two vectors of one length, accumulated in double
   */
  double dot(View x, View y);

  // ---------------------------------------------------------------- indexing

  /**
   * {@code out[..., i, ...] = in[..., indices[i], ...]} along {@code axis}, converting to out's
   * type (gather of whole slices; the rows of a mini-batch).
   *
   * @param out the view written with the result
   * @param in the view read
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   */
  void indexSelect(View out, View in, int axis, int[] indices);

  /**
   * {@code target[..., indices[i], ...] += src[..., i, ...]} along {@code axis}; may repeat.
   *
   * @param target the view added to
   * @param src the view read
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   */
  void indexAdd(View target, View src, int axis, int[] indices);

  /**
   * {@code out[p] = in[p with its axis coordinate replaced by indices[p]]} for every position p of
   * out (indices row-major over out's dims): NumPy's {@code take_along_axis}, PyTorch's {@code
   * gather}.
   *
   * @param out the view written with the result
   * @param in the view read
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   */
  void takeAlongAxis(View out, View in, int axis, int[] indices);

  /**
   * {@code target[p with its axis coordinate replaced by indices[p]] += src[p]} for every position
   * p of src: the adjoint of {@link #takeAlongAxis}, PyTorch's {@code scatter_add_}.
   *
   * @param target the view added to
   * @param src the view read
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   */
  void scatterAdd(View target, View src, int axis, int[] indices);
}
