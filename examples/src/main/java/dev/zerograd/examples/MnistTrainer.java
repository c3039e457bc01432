package dev.zerograd.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.examples.mnist.Mnist;
import dev.zerograd.nn.Metrics;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.SoftmaxWithLoss;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The textbook's training loop: mini-batches sampled with replacement, one optimiser step each,
 * and the accuracy on the full training and test sets once per epoch.
 */
public final class MnistTrainer {
  private MnistTrainer() {}

  /** One evaluation: after iteration {@code iteration}'s update. */
  public static final class Evaluation {
    private final int epoch;
    private final int iteration;
    private final double loss;
    private final double trainAccuracy;
    private final double testAccuracy;

    Evaluation(int epoch, int iteration, double loss, double trainAccuracy, double testAccuracy) {
      this.epoch = epoch;
      this.iteration = iteration;
      this.loss = loss;
      this.trainAccuracy = trainAccuracy;
      this.testAccuracy = testAccuracy;
    }

    /** The epoch: {@code iteration / iterationsPerEpoch}. */
    public int epoch() {
      return epoch;
    }

    /** The iteration whose update preceded this evaluation. */
    public int iteration() {
      return iteration;
    }

    /** That iteration's mini-batch loss. */
    public double loss() {
      return loss;
    }

    /** Accuracy on the whole training set. */
    public double trainAccuracy() {
      return trainAccuracy;
    }

    /** Accuracy on the whole test set. */
    public double testAccuracy() {
      return testAccuracy;
    }
  }

  /** What a run measured. */
  public static final class Result {
    private final List<Evaluation> evaluations;
    private final double[] losses;
    private final double trainSeconds;

    Result(List<Evaluation> evaluations, double[] losses, double trainSeconds) {
      this.evaluations = List.copyOf(evaluations);
      this.losses = losses;
      this.trainSeconds = trainSeconds;
    }

    /** Every evaluation, the last one after the final iteration. */
    public List<Evaluation> evaluations() {
      return evaluations;
    }

    /** The evaluation after the final iteration. */
    public Evaluation last() {
      return evaluations.get(evaluations.size() - 1);
    }

    /** Each iteration's mini-batch loss. */
    public double[] losses() {
      return losses.clone();
    }

    /**
     * Seconds spent in the loop: the iterations and the per-epoch evaluations, the workload of
     * the reference scripts. The final evaluation after the last iteration is not counted.
     */
    public double trainSeconds() {
      return trainSeconds;
    }
  }

  /** Receives progress after every iteration. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param done iterations completed
     * @param loss the last mini-batch loss
     */
    void update(int done, double loss);
  }

  /** Rows per evaluation batch: the whole test set at once, the training set in six. */
  static final int EVAL_BATCH = 10_000;

  /**
   * Trains {@code net}, a classifier of MNIST images into 10 scores, with {@code optimizer} and
   * the softmax cross-entropy loss.
   *
   * @param dtype the parameters' type, which batches are converted to
   * @param iterations number of mini-batch steps, >= 1
   * @param batchSize rows per mini-batch, in [1, training set size]
   * @param seed seeds the mini-batch sampling
   * @param onEvaluation called with each evaluation as it happens
   * @throws IllegalArgumentException for a bad iteration count or batch size
   */
  public static Result train(
      Module net,
      DType dtype,
      Optimizer optimizer,
      Mnist data,
      int iterations,
      int batchSize,
      long seed,
      Consumer<Evaluation> onEvaluation,
      Progress progress) {
    Mnist.Split train = data.train();
    int n = train.size();
    checkArgument(iterations >= 1, "iterations %s must be >= 1", iterations);
    checkArgument(
        batchSize >= 1 && batchSize <= n,
        "batch size %s must be in [1, %s] (the training set size)",
        batchSize,
        n);
    int perEpoch = Math.max(n / batchSize, 1);
    Generator rng = new Generator(seed);
    SoftmaxWithLoss lossLayer = new SoftmaxWithLoss();
    int[] labels = train.labels();
    double[] losses = new double[iterations];
    List<Evaluation> evaluations = new ArrayList<>();
    long start = System.nanoTime();
    double lastLoss = Double.NaN;
    for (int i = 0; i < iterations; i++) {
      int[] batch = rng.integers(0, n, batchSize);
      Tensor x = train.images().gatherRows(batch).to(dtype);
      int[] t = new int[batchSize];
      for (int k = 0; k < batchSize; k++) {
        t[k] = labels[batch[k]];
      }
      optimizer.zeroGrad();
      Variable loss = lossLayer.forward(net.forward(Variable.of(x, "x")), t);
      loss.backward();
      optimizer.step();
      lastLoss = loss.item();
      losses[i] = lastLoss;
      if (i % perEpoch == 0) {
        Evaluation e = evaluate(net, data, i / perEpoch, i, lastLoss);
        evaluations.add(e);
        onEvaluation.accept(e);
      }
      progress.update(i + 1, lastLoss);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int last = iterations - 1;
    if (last % perEpoch != 0) {
      Evaluation e = evaluate(net, data, last / perEpoch, last, lastLoss);
      evaluations.add(e);
      onEvaluation.accept(e);
    }
    return new Result(evaluations, losses, seconds);
  }

  private static Evaluation evaluate(Module net, Mnist data, int epoch, int i, double loss) {
    double trainAcc = Metrics.accuracy(net, data.train().images(), data.train().labels(), EVAL_BATCH);
    double testAcc = Metrics.accuracy(net, data.test().images(), data.test().labels(), EVAL_BATCH);
    return new Evaluation(epoch, i, loss, trainAcc, testAcc);
  }
}
