package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;

/** The Sigmoid layer: {@code y = 1 / (1 + e^-x)} elementwise; any shape. */
public final class Sigmoid extends Module {
  @Override
  public Variable forward(Variable x) {
    return x.sigmoid();
  }
}
