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
 *     ctx.save(in[0], s);
 *     return in[0].mul(s);
 *   }
 *
 *   protected Tensor[] backward(Context ctx, Tensor dout) {
 *     Tensor x = ctx.saved(0), s = ctx.saved(1);
 *     // d/dx x s(x) = s + x s (1 - s)
 *     return new Tensor[] {dout.mul(s.add(x.mul(s).mul(s.neg().add(1))))};
 *   }
 * }
 * Variable y = new Swish().apply(x);
 * }</pre>
 *
 * <p>The engine, not the op, checks the backward contract: one gradient per input, each of the
 * input's shape (or of the output's shape when the input was broadcast to it, which the engine
 * sums back), and that no tensor saved by forward was modified in place before backward. An op
 * instance holds only configuration (an axis, an exponent), never per-call state, so one instance
 * may be applied many times and on many threads; per-call state goes in the {@link Context}.
 */
public abstract class Op {
  /** Arity of an op that takes any number of inputs. */
  public static final int VARIADIC = -1;

  private final String name;
  private final int arity;

  /**
   * @param name shown in error messages and graphs, e.g. {@code "matmul"}
   * @param arity number of inputs, or {@link #VARIADIC}
   * @throws IllegalArgumentException for a blank name or an arity below -1
   */
  protected Op(String name, int arity) {
    checkArgument(name != null && !name.isBlank(), "Op: the name must not be blank");
    checkArgument(arity >= VARIADIC, "Op '%s': arity %s must be >= 0 or VARIADIC", name, arity);
    this.name = name;
    this.arity = arity;
  }

  /** The op's name. */
  public final String name() {
    return name;
  }

  /** Number of inputs, or {@link #VARIADIC}. */
  public final int arity() {
    return arity;
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
   * Computes the gradient of the loss with respect to each input from the gradient with respect
   * to the output (the chain rule: {@code dL/dx = dL/dy * dy/dx}).
   *
   * <p>Return one tensor per input, of the input's shape and type, or of the output's shape (and
   * type) for an input that was broadcast to it (the engine sums it back and rounds it to the
   * input's type); anything else fails naming the op and the input. Return {@code null} for an
   * input whose {@link Context#needsInputGrad} is false, and skip computing it: that is how the
   * gradient with respect to a batch of images is never computed.
   *
   * <p>A returned tensor may be {@code gradOutput}, a saved tensor or a view of either: the
   * engine copies a gradient before a parameter keeps it whenever its storage is reachable
   * elsewhere. It cannot see tensors the op keeps in fields, so never return one of those.
   *
   * @param ctx what forward saved
   * @param gradOutput dL/dy, of the output's shape and type
   * @return dL/dx for every input
   */
  protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

  /**
   * Applies this op: runs forward and, when an input requires a gradient and no {@link NoGrad}
   * scope is open on this thread, records the call on the tape.
   *
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
