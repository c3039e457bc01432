package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;

/** The Tanh layer: {@code y = tanh(x)} elementwise; any shape. */
public final class Tanh extends Module {
  @Override
  public Variable forward(Variable x) {
    return x.tanh();
  }
}
