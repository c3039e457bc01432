package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;

/** {@code (N, ...)} to {@code (N, product of the rest)}: from convolutions to Affine layers. */
public final class Flatten extends Module {
  @Override
  public Variable forward(Variable x) {
    checkArgument(x.shape().rank() >= 1, "Flatten: expects a batch (N, ...), got a scalar");
    return x.reshape(x.shape().dim(0), -1);
  }
}
