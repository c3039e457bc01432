package dev.zerograd.examples;

import dev.zerograd.autograd.Variable;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.Metrics;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;

/**
 * The book's {@code Trainer} for chapter 6's experiments: mini-batches sampled with replacement,
 * one step each, and (per epoch of {@code size / batch} iterations, after the epoch's first step,
 * as the book) the accuracy on the training and test images.
 */
final class BookTrainer {
  private BookTrainer() {}

  /** The loss of a batch, a graph to differentiate. */
  @FunctionalInterface
  interface Objective {
    Variable loss(Tensor x, int[] labels);
  }

  /** What a run measured: each iteration's loss and each epoch's accuracies. */
  record Run(double[] losses, double[] trainAccuracy, double[] testAccuracy) {}

  /**
   * Trains {@code net} for {@code iterations} steps of {@code batch} rows, minimising {@code
   * objective} (a {@link BookNet}'s loss with its weight decay, or any net's cross-entropy).
   *
   * @param epochs whether to evaluate per epoch (else the accuracies are empty)
   */
  static Run train(
      Module net,
      Objective objective,
      Optimizer optimizer,
      Mnist.Split train,
      Mnist.Split test,
      int iterations,
      int batch,
      long seed,
      boolean epochs) {
    Generator g = new Generator(seed);
    int perEpoch = Math.max(1, train.size() / batch);
    int evaluations = epochs ? (iterations - 1) / perEpoch + 1 : 0;
    double[] losses = new double[iterations];
    double[] trainAcc = new double[evaluations];
    double[] testAcc = new double[evaluations];
    int[] labels = train.labels();
    for (int i = 0; i < iterations; i++) {
      int[] rows = g.integers(0, train.size(), batch);
      Tensor x = train.images().gatherRows(rows);
      int[] t = new int[batch];
      for (int k = 0; k < batch; k++) {
        t[k] = labels[rows[k]];
      }
      optimizer.zeroGrad();
      Variable loss = objective.loss(x, t);
      loss.backward();
      optimizer.step();
      losses[i] = loss.item();
      if (epochs && i % perEpoch == 0) {
        trainAcc[i / perEpoch] = Metrics.accuracy(net, train.images(), labels);
        testAcc[i / perEpoch] = Metrics.accuracy(net, test.images(), test.labels());
      }
    }
    return new Run(losses, trainAcc, testAcc);
  }

  /** The first {@code n} rows of a split. */
  static Mnist.Split head(Mnist.Split s, int n) {
    int m = Math.min(n, s.size());
    return new Mnist.Split(s.images().sliceRows(0, m), java.util.Arrays.copyOf(s.labels(), m));
  }

  /** {@code 0, 1, ..., n-1} as doubles, the x axis of a curve. */
  static double[] range(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  /** The mean of each window of {@code w} values (the book smooths its loss curves). */
  static double[] smooth(double[] v, int w) {
    double[] out = new double[v.length];
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += v[i];
      if (i >= w) {
        sum -= v[i - w];
      }
      out[i] = sum / Math.min(i + 1, w);
    }
    return out;
  }
}
