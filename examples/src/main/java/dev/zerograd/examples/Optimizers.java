package dev.zerograd.examples;

import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.AdaGrad;
import dev.zerograd.nn.optim.Adam;
import dev.zerograd.nn.optim.Momentum;
import dev.zerograd.nn.optim.Nesterov;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.nn.optim.RMSprop;
import dev.zerograd.nn.optim.SGD;
import java.util.Locale;

/** The optimisers selectable by name on the command line. */
enum Optimizers {
  SGD,
  MOMENTUM,
  NESTEROV,
  ADAGRAD,
  RMSPROP,
  ADAM;

  /** The optimiser over {@code module}'s parameters with learning rate {@code lr}. */
  Optimizer create(Module module, double lr) {
    switch (this) {
      case SGD:
        return new SGD(module, lr);
      case MOMENTUM:
        return new Momentum(module, lr, 0.9);
      case NESTEROV:
        return new Nesterov(module, lr, 0.9);
      case ADAGRAD:
        return new AdaGrad(module, lr);
      case RMSPROP:
        return new RMSprop(module, lr);
      default:
        return new Adam(module, lr);
    }
  }

  /** The state tensors the optimiser keeps per parameter (velocities, moments). */
  int stateCount() {
    switch (this) {
      case SGD:
        return 0;
      case ADAM:
        return 2;
      default:
        return 1;
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
