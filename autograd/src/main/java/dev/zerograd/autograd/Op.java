package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.Tensor;

/**
 * A differentiable operation: its forward and its backward side by side. This is the extension
 * point: every built-in op extends it, and so does a user's own op, which is then applied and
 * composed exactly like a built-in one.
 *
 * <pre>{@code
 * final class Swish extends Op {            // swish(x) = x * sigmoid(x)
 *   Swish() { super("swish", 1); }
 *
 *   protected Tensor forward(Context ctx, Tensor... in) {
 *     Tensor s = in[0].sigmoid();
 *     ctx.save(s);
 *     return in[0].mul(s);
 *   }
 *
 *   protected Variable[] backward(Context ctx, Variable dout) {
 *     Variable x = ctx.input(0);
 *     Variable s = ctx.saved(0, () -> x.sigmoid());
 *     // d/dx x s(x) = s + x s (1 - s)
 *     return new Variable[] {dout.mul(s.add(x.mul(s).mul(s.neg().add(1))))};
 *   }
 * }
 * Variable y = new Swish().apply(x);
 * }</pre>
 *
 * <p>Backward comes in two forms; an op overrides exactly one:
 *
 * <ul>
 *   <li>{@link #backward(Context, Variable)}, written with Variable operations: differentiable
 *       itself, so the op has second and higher derivatives for free ({@link
 *       Autograd#grad(Variable, java.util.List, boolean) Autograd.grad} with {@code
 *       createGraph}). In an ordinary backward it runs unrecorded, on the same tensors. Every
 *       built-in op is written this way.
 *   <li>{@link #backward(Context, Tensor)}, written with tensors: first-order only. Asking for a
 *       derivative of its gradient fails with a message that names the op.
 * </ul>
 *
 * <p>The engine, not the op, checks the backward contract: one gradient per input, each of the
 * input's shape (or of the output's shape when the input was broadcast to it, which the engine
 * sums back), and that no tensor backward reads was modified in place since forward. An op
 * instance holds only configuration (an axis, an exponent), never per-call state, so one instance
 * may be applied many times and on many threads; per-call state goes in the {@link Context}.
 */
public abstract class Op {
  /** Arity of an op that takes any number of inputs. */
  public static final int VARIADIC = -1;

  private final String name;
  private final int arity;
  private final boolean differentiable;

  /**
   * @param name shown in error messages and graphs, e.g. {@code "matmul"}
   * @param arity number of inputs, or {@link #VARIADIC}
   * @throws IllegalArgumentException for a blank name, an arity below -1, or a class that
   *     overrides neither form of backward, or both
   */
  protected Op(String name, int arity) {
    checkArgument(name != null && !name.isBlank(), "Op: the name must not be blank");
    checkArgument(arity >= VARIADIC, "Op '%s': arity %s must be >= 0 or VARIADIC", name, arity);
    this.name = name;
    this.arity = arity;
    this.differentiable = BackwardForm.of(getClass(), name);
  }

  /**
   * The op's name.
   *
   * @return the op's name
   */
  public final String name() {
    return name;
  }

  /**
   * Number of inputs, or {@link #VARIADIC}.
   *
   * @return number of inputs, or {@link #VARIADIC}
   */
  public final int arity() {
    return arity;
  }

  /**
   * Whether backward is written with Variable operations, so that the op's gradient can itself
   * be differentiated (second and higher derivatives).
   *
   * @return whether backward is written with Variable operations, so that the op's gradient can
   *     itself be differentiated (second and higher derivatives)
   */
  public final boolean hasDifferentiableBackward() {
    return differentiable;
  }

  /**
   * Computes the output from the inputs' values. Save in {@code ctx} whatever backward needs.
   * Must not modify the inputs.
   *
   * @param ctx per-call storage for backward
   * @param inputs the inputs' values, in the order given to {@link #apply}
   * @return the output; a new tensor, or a view of an input
   */
  protected abstract Tensor forward(Context ctx, Tensor... inputs);

  /**
   * The differentiable backward: the gradient of the loss with respect to each input from the
   * gradient with respect to the output (the chain rule: {@code dL/dx = dL/dy * dy/dx}), written
   * with Variable operations on {@code gradOutput}, {@link Context#input}, {@link
   * Context#output} and {@link Context#saved(int, java.util.function.Supplier)}.
   *
   * <p>Return one variable per input, of the input's shape and type, or of the output's shape (and
   * type) for an input that was broadcast to it (the engine sums it back and rounds it to the
   * input's type); anything else fails naming the op and the input. Return {@code null} for an
   * input whose {@link Context#needsInputGrad} is false, and skip computing it: that is how the
   * gradient with respect to a batch of images is never computed. Use a saved tensor only
   * through {@link Context#saved(int, java.util.function.Supplier)} (or as a constant that does
   * not depend on the inputs, such as a mask), so that a second derivative sees how it depends
   * on the inputs.
   *
   * @param ctx what forward saved, and the call's inputs and output
   * @param gradOutput dL/dy, of the output's shape and type
   * @return dL/dx for every input
   */
  protected Variable[] backward(Context ctx, Variable gradOutput) {
    throw new UnsupportedOperationException(name + ": no differentiable backward");
  }

  /**
   * The first-order backward, written with tensors: as {@link #backward(Context, Variable)}, but
   * its result cannot be differentiated again. Prefer the Variable form.
   *
   * <p>A returned tensor may be {@code gradOutput}, a saved tensor or a view of either: the
   * engine copies a gradient before a parameter keeps it whenever its storage is reachable
   * elsewhere. It cannot see tensors the op keeps in fields, so never return one of those.
   *
   * @param ctx what forward saved
   * @param gradOutput dL/dy, of the output's shape and type
   * @return dL/dx for every input
   */
  protected Tensor[] backward(Context ctx, Tensor gradOutput) {
    throw new UnsupportedOperationException(name + ": no tensor backward");
  }

  /**
   * Applies this op: runs forward and, when an input requires a gradient and no {@link NoGrad}
   * scope is open on this thread, records the call on the tape.
   *
   * @param inputs the inputs
   * @return the output, recorded on the tape when it requires a gradient
   * @throws IllegalArgumentException when the number of inputs differs from the arity or an
   *     input is null
   */
  public final Variable apply(Variable... inputs) {
    return Engine.apply(this, inputs);
  }

  @Override
  public String toString() {
    return name;
  }
}
