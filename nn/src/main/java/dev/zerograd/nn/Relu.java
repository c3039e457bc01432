package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;

/** The ReLU layer: {@code y = max(x, 0)} elementwise; any shape. */
public final class Relu extends Module {
  @Override
  public Variable forward(Variable x) {
    return x.relu();
  }
}
