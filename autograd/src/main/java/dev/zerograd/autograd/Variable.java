package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.zerograd.autograd.ops.Add;
import dev.zerograd.autograd.ops.Concat;
import dev.zerograd.autograd.ops.MaxAlongAxis;
import dev.zerograd.autograd.ops.Slice;
import dev.zerograd.autograd.ops.TakeAlongAxis;
import dev.zerograd.autograd.ops.Conv2d;
import dev.zerograd.autograd.ops.Unfold2d;
import dev.zerograd.autograd.ops.BroadcastTo;
import dev.zerograd.autograd.ops.Cast;
import dev.zerograd.autograd.ops.Copy;
import dev.zerograd.autograd.ops.Div;
import dev.zerograd.autograd.ops.GatherRows;
import dev.zerograd.autograd.ops.LogSoftmax;
import dev.zerograd.autograd.ops.MatMul;
import dev.zerograd.autograd.ops.Maximum;
import dev.zerograd.autograd.ops.Minimum;
import dev.zerograd.autograd.ops.Mul;
import dev.zerograd.autograd.ops.Pow;
import dev.zerograd.autograd.ops.Reshape;
import dev.zerograd.autograd.ops.Softmax;
import dev.zerograd.autograd.ops.Sub;
import dev.zerograd.autograd.ops.Sum;
import dev.zerograd.autograd.ops.Transpose;
import dev.zerograd.autograd.ops.Unary;
import dev.zerograd.autograd.ops.Where;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import dev.zerograd.tensor.spi.UnaryOp;

/**
 * A differentiable value: a tensor, and, when it requires a gradient, the place it holds on the
 * tape.
 *
 * <p>Leaves are made by the user: {@link #parameter} (requires a gradient; {@link #grad()}
 * accumulates there) or {@link #of} (a constant, such as a batch of images). Every other variable
 * is the output of an {@link Op}; it requires a gradient when one of its inputs does. The methods
 * {@link #add}, {@link #matmul}, {@link #relu} and so on apply the built-in ops.
 *
 * <p>Not thread-safe: a graph belongs to the thread that builds it.
 */
public final class Variable {
  // The built-in ops without configuration, shared: an op instance holds no per-call state.
  private static final Add ADD = new Add();
  private static final Sub SUB = new Sub();
  private static final Mul MUL = new Mul();
  private static final Div DIV = new Div();
  private static final Unary NEG = Unary.of(UnaryOp.NEG);
  private static final Unary EXP = Unary.of(UnaryOp.EXP);
  private static final Unary LOG = Unary.of(UnaryOp.LOG);
  private static final Pow POW = new Pow();
  private static final Unary SQRT = Unary.of(UnaryOp.SQRT);
  private static final Unary ABS = Unary.of(UnaryOp.ABS);
  private static final Maximum MAXIMUM = new Maximum();
  private static final Minimum MINIMUM = new Minimum();
  private static final Copy COPY = new Copy();
  private static final Unary RELU = Unary.of(UnaryOp.RELU);
  private static final Unary SIGMOID = Unary.of(UnaryOp.SIGMOID);
  private static final Unary TANH = Unary.of(UnaryOp.TANH);
  private static final Where WHERE = new Where();
  private static final MatMul MATMUL = new MatMul();

  private final Tensor value;
  private final Node creator;
  private final boolean requiresGrad;
  private final String name;
  private Variable grad;

  Variable(Tensor value, Node creator, String name) {
    this(value, creator, creator != null, name);
  }

  private Variable(Tensor value, Node creator, boolean requiresGrad, String name) {
    this.value = checkNotNull(value, "Variable: value is null");
    this.creator = creator;
    this.requiresGrad = requiresGrad;
    this.name = name;
  }

  /**
   * A parameter: a leaf that requires a gradient, which backward accumulates into {@link
   * #grad()}. Optimisers update its value in place.
   *
   * @param name shown in graphs and save files, e.g. {@code "W1"}
   * @param value the tensor wrapped
   * @return a parameter: a leaf that requires a gradient, which backward accumulates into {@link
   *     #grad()}
   */
  public static Variable parameter(Tensor value, String name) {
    checkArgument(name != null && !name.isBlank(), "Variable.parameter: give the parameter a name");
    return new Variable(value, null, true, name);
  }

  /**
   * A constant leaf: no gradient is computed for it, or for anything only it feeds.
   *
   * @param value the tensor wrapped
   * @return a constant leaf: no gradient is computed for it, or for anything only it feeds
   */
  public static Variable of(Tensor value) {
    return new Variable(value, null, false, null);
  }

  /**
   * A constant leaf with a name for graphs, e.g. {@code "x"}.
   *
   * @param value the tensor wrapped
   * @param name the name shown in graphs and errors
   * @return a constant leaf named {@code name}
   */
  public static Variable of(Tensor value, String name) {
    return new Variable(value, null, false, name);
  }

  // ---------------------------------------------------------------- state

  /**
   * The value. For a parameter this is the tensor optimisers update in place; treat it as
   * read-only otherwise.
   *
   * @return the value
   */
  public Tensor value() {
    return value;
  }

  /**
   * The accumulated gradient of a leaf that requires one, or null before any backward. The leaf
   * owns it: it shares storage with no other gradient and no value.
   *
   * @return the accumulated gradient of a leaf that requires one, or null before any backward
   */
  public synchronized Tensor grad() {
    return grad == null ? null : grad.value();
  }

  /**
   * The accumulated gradient as a variable: after {@link #backward(Tensor, boolean, boolean)}
   * with {@code createGraph}, one that is itself recorded and can be differentiated (a gradient
   * penalty, a Hessian-vector product); otherwise a constant. Null before any backward.
   *
   * @return the accumulated gradient as a variable: after {@link #backward(Tensor, boolean,
   *     boolean)} with {@code createGraph}, one that is itself recorded and can be differentiated
   *     (a gradient penalty, a Hessian-vector product); otherwise a constant
   */
  public synchronized Variable gradVariable() {
    return grad;
  }

  /**
   * Whether a gradient is flowing to this value.
   *
   * @return whether a gradient is flowing to this value
   */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /**
   * Whether the user made this value (a parameter or constant) rather than an op.
   *
   * @return whether the user made this value (a parameter or constant) rather than an op
   */
  public boolean isLeaf() {
    return creator == null;
  }

  /**
   * The name given at creation, or the creating op's name, or null.
   *
   * @return the name given at creation, or the creating op's name, or null
   */
  public String name() {
    if (name != null) {
      return name;
    }
    return creator == null ? null : creator.op.name();
  }

  /**
   * The value's shape.
   *
   * @return the value's shape
   */
  public Shape shape() {
    return value.shape();
  }

  /**
   * The value's number of dimensions, as {@link Tensor#rank()}.
   *
   * @return the number of dimensions
   */
  public int rank() {
    return value.rank();
  }

  /**
   * The size of one dimension of the value, as {@link Tensor#dim(int)} (negative axes count from
   * the end).
   *
   * @param axis the axis; negative values count from the end
   * @return the size along {@code axis}
   * @throws IllegalArgumentException when the axis is out of range
   */
  public int dim(int axis) {
    return value.dim(axis);
  }

  /**
   * The value's type.
   *
   * @return the value's type
   */
  public DType dtype() {
    return value.dtype();
  }

  /**
   * The value as a double, for a single-element value such as a loss.
   *
   * @return the value as a double, for a single-element value such as a loss
   */
  public double item() {
    return value.item();
  }

  /** Forgets the accumulated gradient (gradients add up across backward calls until cleared). */
  public synchronized void zeroGrad() {
    grad = null;
  }

  /**
   * Replaces the accumulated gradient of this leaf with a copy of {@code g} (PyTorch's {@code
   * p.grad = g}): for a gradient computed elsewhere (summed across machines, clipped, averaged)
   * that an optimiser should apply.
   *
   * @param g the gradient, of this value's shape and type
   * @throws IllegalStateException when this is not a leaf that requires a gradient
   * @throws IllegalArgumentException naming both shapes or types when they differ
   */
  public synchronized void setGrad(Tensor g) {
    checkState(
        isLeaf() && requiresGrad,
        "setGrad: %s is not a leaf that requires a gradient; only parameters hold gradients",
        name());
    checkArgument(
        g.shape().equals(shape()) && g.dtype() == dtype(),
        "setGrad: gradient %s %s does not match %s's value %s %s",
        g.shape(),
        g.dtype(),
        name(),
        shape(),
        dtype());
    grad = Variable.of(g.copy());
  }

  /**
   * A constant with the same value, cut off from the graph.
   *
   * @return a constant with the same value, cut off from the graph
   */
  public Variable detach() {
    return of(value, name);
  }

  Node creator() {
    return creator;
  }

  long position() {
    return creator == null ? 0 : creator.position;
  }

  /**
   * Adds {@code g} to the gradient, under this leaf's lock, so that backward passes running on
   * several threads into one shared parameter add up exactly, in any interleaving (PyTorch's
   * AccumulateGrad does the same). {@code g} becomes the gradient when there is none: the caller
   * hands over a gradient nothing else holds.
   */
  synchronized void accumulateGrad(Variable g) {
    grad = grad == null ? g : grad.add(g);
  }

  // ---------------------------------------------------------------- backward

  /**
   * Backpropagates from this scalar (a loss): computes the gradient of this value with respect
   * to every parameter it depends on, adds it to their {@link #grad()}, and releases the graph.
   *
   * <p>All or nothing: when an op's backward throws (or a tensor it saved was modified in place
   * since forward), no gradient has changed and the graph is kept, so the call can be retried.
   * Several threads may run backward at once through graphs of their own that share parameters;
   * the gradients add up exactly.
   *
   * @throws IllegalArgumentException when this value holds more than one element
   * @throws IllegalStateException when this value requires no gradient, its graph was released
   *     by an earlier backward, a tensor saved for backward was modified in place, or an op's
   *     backward broke its contract (naming the op)
   */
  public void backward() {
    Backprop.backward(this, null, false, false);
  }

  /**
   * Backpropagates from this value with the given gradient with respect to it (for non-scalar
   * outputs), and releases the graph.
   *
   * @param seed the gradient of the loss with respect to this value (backward's starting
   *     gradient), of this value's shape
   * @throws IllegalArgumentException when the seed's shape differs from this value's
   * @throws IllegalStateException as {@link #backward()}
   */
  public void backward(Tensor seed) {
    Backprop.backward(this, checkNotNull(seed, "backward: the seed is null"), false, false);
  }

  /**
   * As {@link #backward(Tensor)}; with {@code retainGraph} the graph is kept so that backward can
   * run through it again. A null seed means 1 for a scalar.
   *
   * @param seed the gradient with respect to this value to start from, of its shape; null for 1
   *     when this value is a scalar
   * @param retainGraph whether the graph stays usable for another backward pass
   */
  public void backward(Tensor seed, boolean retainGraph) {
    Backprop.backward(this, seed, retainGraph, false);
  }

  /**
   * As {@link #backward(Tensor, boolean)}; with {@code createGraph} backward is itself recorded,
   * so that the gradients it leaves ({@link #gradVariable()}) can be differentiated again, as
   * PyTorch's {@code backward(create_graph=True)}. A recorded backward needs the graph again when
   * its gradients are differentiated, so keep it ({@code retainGraph}, as PyTorch defaults to when
   * {@code create_graph} is set). For second derivatives, {@link Autograd#grad} is usually
   * simpler: it returns the gradients instead of adding them to {@code grad}.
   *
   * @param seed the gradient with respect to this value to start from, of its shape; null for 1
   *     when this value is a scalar
   * @param retainGraph whether the graph stays usable for another backward pass
   * @param createGraph whether the backward pass is itself recorded, so that its result can be
   *     differentiated again
   * @throws IllegalStateException as {@link #backward()}
   */
  public void backward(Tensor seed, boolean retainGraph, boolean createGraph) {
    Backprop.backward(this, seed, retainGraph, createGraph);
  }

  // ---------------------------------------------------------------- ops

  private Variable constant(double v) {
    return of(Tensor.scalar(v, value.dtype()));
  }

  /**
   * {@code this + other}, broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this + other}, broadcast
   */
  public Variable add(Variable other) {
    return ADD.apply(this, other);
  }

  /**
   * {@code this + c}.
   *
   * @param c the scalar
   * @return {@code this + c}
   */
  public Variable add(double c) {
    return add(constant(c));
  }

  /**
   * {@code this - other}, broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this - other}, broadcast
   */
  public Variable sub(Variable other) {
    return SUB.apply(this, other);
  }

  /**
   * {@code this - c}.
   *
   * @param c the scalar
   * @return {@code this - c}
   */
  public Variable sub(double c) {
    return sub(constant(c));
  }

  /**
   * {@code this * other} elementwise, broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this * other} elementwise, broadcast
   */
  public Variable mul(Variable other) {
    return MUL.apply(this, other);
  }

  /**
   * {@code this * c}.
   *
   * @param c the scalar
   * @return {@code this * c}
   */
  public Variable mul(double c) {
    return mul(constant(c));
  }

  /**
   * {@code this / other} elementwise, broadcast.
   *
   * @param other the other operand, broadcast against this one
   * @return {@code this / other} elementwise, broadcast
   */
  public Variable div(Variable other) {
    return DIV.apply(this, other);
  }

  /**
   * {@code this / c}.
   *
   * @param c the scalar
   * @return {@code this / c}
   */
  public Variable div(double c) {
    return div(constant(c));
  }

  /**
   * {@code -this}.
   *
   * @return {@code -this}
   */
  public Variable neg() {
    return NEG.apply(this);
  }

  /**
   * {@code e^this}.
   *
   * @return {@code e^this}
   */
  public Variable exp() {
    return EXP.apply(this);
  }

  /**
   * Natural logarithm.
   *
   * @return natural logarithm
   */
  public Variable log() {
    return LOG.apply(this);
  }

  /**
   * {@code this ^ exponent}, both differentiable, broadcast.
   *
   * @param exponent the exponent
   * @return {@code this ^ exponent}, both differentiable, broadcast
   */
  public Variable pow(Variable exponent) {
    return POW.apply(this, exponent);
  }

  /**
   * {@code this ^ c}.
   *
   * @param c the scalar
   * @return {@code this ^ c}
   */
  public Variable pow(double c) {
    return pow(constant(c));
  }

  /**
   * Square root.
   *
   * @return square root
   */
  public Variable sqrt() {
    return SQRT.apply(this);
  }

  /**
   * Absolute value (gradient 0 at 0).
   *
   * @return absolute value (gradient 0 at 0)
   */
  public Variable abs() {
    return ABS.apply(this);
  }

  /**
   * Elementwise maximum, broadcast; on ties the gradient is split evenly.
   *
   * @param other the other operand, broadcast against this one
   * @return elementwise maximum, broadcast; on ties the gradient is split evenly
   */
  public Variable maximum(Variable other) {
    return MAXIMUM.apply(this, other);
  }

  /**
   * Elementwise {@code max(this, c)}.
   *
   * @param c the scalar
   * @return elementwise {@code max(this, c)}
   */
  public Variable maximum(double c) {
    return maximum(constant(c));
  }

  /**
   * Elementwise minimum, broadcast; on ties the gradient is split evenly.
   *
   * @param other the other operand, broadcast against this one
   * @return elementwise minimum, broadcast; on ties the gradient is split evenly
   */
  public Variable minimum(Variable other) {
    return MINIMUM.apply(this, other);
  }

  /**
   * Elementwise {@code min(this, c)}.
   *
   * @param c the scalar
   * @return elementwise {@code min(this, c)}
   */
  public Variable minimum(double c) {
    return minimum(constant(c));
  }

  /**
   * Sum over the given axes (none: all), dropping them.
   *
   * @param axes the axes; negative values count from the end
   * @return sum over the given axes (none: all), dropping them
   */
  public Variable sum(int... axes) {
    return sum(axes, false);
  }

  /**
   * Sum over the given axes (empty: all), keeping them as size 1 when {@code keepDims}.
   *
   * @param axes the axes; negative values count from the end
   * @param keepDims whether the reduced axes stay, with size 1
   * @return sum over the given axes (empty: all), keeping them as size 1 when {@code keepDims}
   */
  public Variable sum(int[] axes, boolean keepDims) {
    return new Sum(axes, keepDims).apply(this);
  }

  /**
   * Mean over the given axes (none: all), dropping them.
   *
   * @param axes the axes; negative values count from the end
   * @return mean over the given axes (none: all), dropping them
   */
  public Variable mean(int... axes) {
    return mean(axes, false);
  }

  /**
   * Mean over the given axes (empty: all): the sum times 1/count.
   *
   * @param axes the axes; negative values count from the end
   * @param keepDims whether the reduced axes stay, with size 1
   * @return mean over the given axes (empty: all): the sum times 1/count
   */
  public Variable mean(int[] axes, boolean keepDims) {
    Variable s = sum(axes, keepDims);
    int count = s.shape().size() == 0 ? 0 : shape().size() / s.shape().size();
    return s.mul(1.0 / count);
  }

  /**
   * NumPy {@code matmul}: vector and matrix products for 1-D and 2-D operands, batched for 3-D.
   *
   * @param other the other operand, broadcast against this one
   * @return numPy {@code matmul}: vector and matrix products for 1-D and 2-D operands, batched for
   *     3-D
   */
  public Variable matmul(Variable other) {
    return MATMUL.apply(this, other);
  }

  /**
   * NumPy {@code dot} for 1-D and 2-D operands; the same op as {@link #matmul}.
   *
   * @param other the other operand, broadcast against this one
   * @return numPy {@code dot} for 1-D and 2-D operands; the same op as {@link #matmul}
   */
  public Variable dot(Variable other) {
    checkArgument(
        rank(this) <= 2 && rank(other) <= 2,
        "dot: operands must be 1-D or 2-D, got shapes %s and %s; use matmul for batches",
        shape(),
        other.shape());
    return matmul(other);
  }

  private static int rank(Variable v) {
    return v.rank();
  }

  /**
   * The transpose, all axes reversed.
   *
   * @return the transpose, all axes reversed
   */
  public Variable transpose() {
    int r = shape().rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = r - 1 - i;
    }
    return transpose(perm);
  }

  /**
   * Axes permuted: axis i of the result is axis {@code axes[i]} of this.
   *
   * @param axes the axes; negative values count from the end
   * @return axes permuted: axis i of the result is axis {@code axes[i]} of this
   */
  public Variable transpose(int... axes) {
    return new Transpose(axes).apply(this);
  }

  /**
   * This value summed down to {@code target}, a shape it broadcasts from (the gradient of a
   * broadcast): the sum over the axes that broadcasting added or stretched.
   *
   * @param target the target
   * @return this value summed down to {@code target}, a shape it broadcasts from (the gradient of a
   *     broadcast): the sum over the axes that broadcasting added or stretched
   * @throws IllegalArgumentException when {@code target} does not broadcast to this shape
   */
  public Variable sumTo(Shape target) {
    Shape shape = shape();
    if (target.equals(shape)) {
      return this;
    }
    return sum(shape.broadcastAxes(target), true).reshape(target.toArray());
  }


  /**
   * This value broadcast to {@code dims} (a fresh tensor); the gradient sums back.
   *
   * @param dims the dimensions, outermost first
   * @return this value broadcast to {@code dims} (a fresh tensor); the gradient sums back
   */
  public Variable broadcastTo(int... dims) {
    return new BroadcastTo(dims).apply(this);
  }

  /**
   * This value in another type; the gradient comes back in this type.
   *
   * @param target the target
   * @return this value in another type; the gradient comes back in this type
   */
  public Variable to(DType target) {
    return target == dtype() ? this : new Cast(target).apply(this);
  }

  /**
   * A copy with storage of its own; the gradient passes through unchanged.
   *
   * @return a copy with storage of its own; the gradient passes through unchanged
   */
  public Variable copy() {
    return COPY.apply(this);
  }

  /**
   * Every {@code step}-th element of {@code [start, end)} along {@code axis} ({@link
   * Tensor#slice}); the gradient goes back into place.
   *
   * @param axis the axis; negative values count from the end
   * @param start the first index taken
   * @param end the index after the last one taken
   * @param step the distance between indices taken
   * @return every {@code step}-th element of {@code [start, end)} along {@code axis} ({@link
   *     Tensor#slice}); the gradient goes back into place
   */
  public Variable slice(int axis, int start, int end, int step) {
    return new Slice(axis, start, end, step).apply(this);
  }

  /**
   * The variables joined along {@code axis}; each gets its slice of the gradient.
   *
   * @param axis the axis; negative values count from the end
   * @param parts the parts
   * @return the variables joined along {@code axis}; each gets its slice of the gradient
   */
  public static Variable concat(int axis, Variable... parts) {
    return new Concat(axis).apply(parts);
  }

  /**
   * The maximum along {@code axis} (the first, on ties), kept as size 1 when {@code keepDims};
   * the gradient goes to each maximum's position.
   *
   * @param axis the axis; negative values count from the end
   * @param keepDims whether the reduced axes stay, with size 1
   * @return the maximum along {@code axis} (the first, on ties), kept as size 1 when {@code
   *     keepDims}; the gradient goes to each maximum's position
   */
  public Variable max(int axis, boolean keepDims) {
    return new MaxAlongAxis(axis, keepDims).apply(this);
  }

  /**
   * One element per position along {@code axis}, picked by index ({@link
   * Tensor#takeAlongAxis}; PyTorch's {@code gather}); the gradient adds back where each came
   * from.
   *
   * @param axis the axis; negative values count from the end
   * @param indices the positions along the axis
   * @return one element per position along {@code axis}, picked by index ({@link
   *     Tensor#takeAlongAxis}; PyTorch's {@code gather}); the gradient adds back where each came
   *     from
   */
  public Variable takeAlongAxis(int axis, int[] indices) {
    return new TakeAlongAxis(axis, indices).apply(this);
  }

  /**
   * The windows of images {@code (N, C, H, W)} as columns {@code (N, C kh kw, OH OW)} ({@link
   * Tensor#unfold2d}): the input of a convolution or a pooling as one matrix product or
   * reduction.
   *
   * @param kh the kernel's height
   * @param kw the kernel's width
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the windows of images {@code (N, C, H, W)} as columns {@code (N, C kh kw, OH OW)}
   *     ({@link Tensor#unfold2d}): the input of a convolution or a pooling as one matrix product or
   *     reduction
   */
  public Variable unfold2d(int kh, int kw, int stride, int pad) {
    return new Unfold2d(kh, kw, stride, pad).apply(this);
  }

  /**
   * 2-D convolution of these images {@code (N, C, H, W)} with filters {@code w (out, C, kh, kw)},
   * no bias ({@link Tensor#conv2d}, PyTorch's {@code conv2d}): shape {@code (N, out, OH, OW)}.
   * Differentiable to every order in both operands.
   *
   * @param w the filters, shape (out, C, kh, kw)
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the convolution, shape (N, out, OH, OW)
   * @throws IllegalArgumentException when the shapes or types do not fit, naming them
   */
  public Variable conv2d(Variable w, int stride, int pad) {
    return conv2d(w, Conv2dSpec.of(stride, pad));
  }

  /**
   * 2-D convolution with PyTorch's options, rectangular filters {@code w (out, C / groups, kh,
   * kw)}, a stride, padding and dilation per axis and channel groups ({@link
   * Tensor#conv2d(Tensor, Conv2dSpec)}): shape {@code (N, out, OH, OW)}. Differentiable to every
   * order in both operands.
   *
   * @param w the filters, shape (out, C / groups, kh, kw)
   * @param spec the strides, padding, dilation and groups
   * @return the convolution, shape (N, out, OH, OW)
   * @throws IllegalArgumentException when the shapes or types do not fit one another or the spec
   */
  public Variable conv2d(Variable w, Conv2dSpec spec) {
    return new Conv2d(spec).apply(this, w);
  }

  /**
   * The same elements in another shape (one dimension may be -1).
   *
   * @param dims the dimensions, outermost first
   * @return the same elements in another shape (one dimension may be -1)
   */
  public Variable reshape(int... dims) {
    return new Reshape(dims).apply(this);
  }

  /**
   * Rows picked by index along the first axis; the gradient adds back into those rows.
   *
   * @param indices the positions along the axis
   * @return rows picked by index along the first axis; the gradient adds back into those rows
   */
  public Variable gatherRows(int[] indices) {
    return new GatherRows(indices).apply(this);
  }

  /**
   * {@code max(this, 0)}.
   *
   * @return {@code max(this, 0)}
   */
  public Variable relu() {
    return RELU.apply(this);
  }

  /**
   * {@code 1 / (1 + e^-this)}.
   *
   * @return {@code 1 / (1 + e^-this)}
   */
  public Variable sigmoid() {
    return SIGMOID.apply(this);
  }

  /**
   * Hyperbolic tangent.
   *
   * @return hyperbolic tangent
   */
  public Variable tanh() {
    return TANH.apply(this);
  }

  /**
   * Softmax along {@code axis}, stable.
   *
   * @param axis the axis; negative values count from the end
   * @return softmax along {@code axis}, stable
   */
  public Variable softmax(int axis) {
    return new Softmax(axis).apply(this);
  }

  /**
   * Log-softmax along {@code axis}, stable.
   *
   * @param axis the axis; negative values count from the end
   * @return log-softmax along {@code axis}, stable
   */
  public Variable logSoftmax(int axis) {
    return new LogSoftmax(axis).apply(this);
  }

  /**
   * Elementwise choice {@code mask != 0 ? a : b}, all broadcast; the gradient flows to whichever
   * was chosen. The mask is a constant (such as {@code x.value().gt(0)}).
   *
   * @param mask the mask
   * @param a taken where mask is nonzero
   * @param b taken where mask is zero
   * @return elementwise choice {@code mask != 0 ? a : b}, all broadcast; the gradient flows to
   *     whichever was chosen
   */
  public static Variable where(Tensor mask, Variable a, Variable b) {
    return WHERE.apply(of(mask), a, b);
  }

  /** E.g. {@code Variable(W1, shape=(784, 50), float32, requiresGrad)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Variable(");
    if (name() != null) {
      sb.append(name()).append(", ");
    }
    sb.append("shape=").append(shape()).append(", ").append(dtype());
    if (requiresGrad) {
      sb.append(", requiresGrad");
    }
    return sb.append(')').toString();
  }
}
