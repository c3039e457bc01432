package dev.zerograd.autograd;

import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The gradient computed by an op's first-order (tensor) backward inside a recorded backward: a
 * value connected to the op's inputs and output gradient, so that the graph reaches it, whose own
 * backward fails naming the op. Asking for a derivative of such a gradient is the only error; a
 * recorded backward through the op that is never differentiated again works.
 */
final class FirstOrderOnly extends Op {
  private final String opName;
  private final Tensor gradient;

  private FirstOrderOnly(String opName, Tensor gradient) {
    super("backward of " + opName, VARIADIC);
    this.opName = opName;
    this.gradient = gradient;
  }

  /** The gradient as a variable that depends on the node's inputs and on {@code dout}. */
  static Variable wrap(Node node, Tensor gradient, Variable dout) {
    List<Variable> from = new ArrayList<>();
    for (Variable in : node.inputs) {
      if (in.requiresGrad()) {
        from.add(in);
      }
    }
    if (dout.requiresGrad()) {
      from.add(dout);
    }
    if (from.isEmpty()) {
      return Variable.of(gradient);
    }
    return new FirstOrderOnly(node.op.name(), gradient).apply(from.toArray(new Variable[0]));
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return gradient;
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    throw new IllegalStateException(
        String.format(
            "op '%s' has only a first-order backward(Context, Tensor), so its gradient cannot be"
                + " differentiated again; write backward(Context, Variable) with Variable"
                + " operations (ctx.input, ctx.output, ctx.saved(i, recompute)) to give it"
                + " higher derivatives",
            opName));
  }
}
