package dev.zerograd.autograd.ops;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * ReLU's gradient, {@code y > 0 ? dy : 0}, in one pass ({@link Tensor#thresholdBackward}):
 * inputs (dy, y), y a constant. Linear in dy, so its own backward is itself: {@code d(dy) = y > 0
 * ? g : 0}; nothing flows to y, on which it depends only through a step.
 */
public final class ReluGrad extends Op {
  /** The op; inputs are (dy, y). */
  public ReluGrad() {
    super("reluGrad", 2);
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].thresholdBackward(in[1], 0);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable g) {
    Variable y = Variable.of(ctx.input(1).value());
    return new Variable[] {
      ctx.needsInputGrad(0) ? apply(g, y) : null,
      ctx.needsInputGrad(1) ? Variable.of(Tensor.zeros(ctx.inputShape(1), g.dtype())) : null
    };
  }
}
