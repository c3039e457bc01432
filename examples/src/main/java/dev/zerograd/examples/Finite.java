package dev.zerograd.examples;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** The programs' checks that numbers stay numbers: resumed parameters, and the loss in training. */
final class Finite {
  private Finite() {}

  /** Fails naming the first parameter of {@code model} that holds NaN or an infinity. */
  static void check(String source, Module model) {
    for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
      if (!e.getValue().value().allFinite()) {
        throw new IllegalArgumentException(
            source
                + ": '"
                + e.getKey()
                + "' holds NaN or infinite values (saved from a diverged run?); resume from an"
                + " earlier checkpoint");
      }
    }
  }

  /** About how many bytes a checkpoint of {@code model} takes: its parameters' data. */
  static long bytes(Module model) {
    long n = 4096; // the zip and .npy headers
    for (Variable p : model.parameters()) {
      n += (long) p.shape().size() * p.dtype().byteSize() + 256;
    }
    return n;
  }

  /**
   * Whether a finished run's loss rose instead of falling: the mean of the last (up to) 100
   * mini-batch losses is more than twice the first one, which no run that learns reaches (a
   * classifier starts near chance, log 10 = 2.3 for MNIST, and only falls from there), while a
   * run that diverged without overflowing (a learning rate of 1e6: a loss of 531720) does.
   *
   * @return the line saying so, or null
   */
  static String rose(double[] losses) {
    if (losses.length < 10) {
      return null;
    }
    int from = Math.max(1, losses.length - 100);
    double sum = 0;
    for (int i = from; i < losses.length; i++) {
      sum += losses[i];
    }
    double last = sum / (losses.length - from);
    if (!(last > 2 * losses[0])) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "training diverged: the mini-batch loss rose from %.4f (iteration 0) to %.4g (the mean of"
            + " the last %d iterations)",
        losses[0], last, losses.length - from);
  }

  /**
   * Runs {@code training}; when it diverges, fails with one line naming the iteration and
   * suggesting a smaller {@code option} than {@code value}.
   */
  static <T> T orSuggest(String option, double value, Callable<T> training) throws Exception {
    try {
      return training.call();
    } catch (MnistTrainer.Diverged d) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "training diverged: the mini-batch loss is %s at iteration %d; try a smaller %s"
                  + " (it is %s)",
              d.loss(), d.iteration(), option, value),
          d);
    }
  }
}
