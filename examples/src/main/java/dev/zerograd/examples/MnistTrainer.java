package dev.zerograd.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Metrics;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.SoftmaxWithLoss;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.tensor.cpu.Blas;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    /** The output line: {@code epoch E iter I loss L train_acc A test_acc B}. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "epoch %d iter %d loss %.4f train_acc %.4f test_acc %.4f",
          epoch,
          iteration,
          loss,
          trainAccuracy,
          testAccuracy);
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

    /** Each iteration's mini-batch loss (from the first this run took: a resumed run's). */
    public double[] losses() {
      return losses.clone();
    }

    /**
     * Seconds from the first iteration until the last per-epoch evaluation finished: the
     * iterations and the per-epoch evaluations, the workload of the reference scripts. The final
     * evaluation after the last iteration is not counted.
     */
    public double trainSeconds() {
      return trainSeconds;
    }
  }

  /**
   * Thrown when a mini-batch loss is NaN or infinite: training has diverged, and every later step
   * would only spread the NaN, so it stops at once.
   */
  public static final class Diverged extends IllegalStateException {
    private final int iteration;
    private final double loss;

    Diverged(int iteration, double loss) {
      super(String.format(Locale.ROOT, "training diverged: the loss is %s at iteration %d", loss, iteration));
      this.iteration = iteration;
      this.loss = loss;
    }

    /** The iteration whose loss was not finite. */
    public int iteration() {
      return iteration;
    }

    /** That loss: NaN or infinite. */
    public double loss() {
      return loss;
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

  /**
   * Trains {@code net}, a classifier of MNIST images into 10 scores, with {@code optimizer} and
   * the softmax cross-entropy loss.
   *
   * <p>The per-epoch evaluations run on a second thread, on a snapshot of the parameters taken at
   * that iteration, while training goes on: the same arithmetic as evaluating in line, with the
   * second core doing it. {@code onEvaluation} still sees the evaluations in order, on this
   * thread.
   *
   * @param replica makes a module of {@code net}'s architecture, into which snapshots are loaded
   *     for evaluation
   * @param dtype the parameters' type, which batches are converted to
   * @param iterations number of mini-batch steps, >= 1
   * @param batchSize rows per mini-batch, in [1, training set size]
   * @param seed seeds the mini-batch sampling
   * @param onEvaluation called with each evaluation, in order
   * @throws IllegalArgumentException for a bad iteration count or batch size
   */
  public static Result train(
      Module net,
      Supplier<? extends Module> replica,
      DType dtype,
      Optimizer optimizer,
      Mnist data,
      int iterations,
      int batchSize,
      long seed,
      Consumer<Evaluation> onEvaluation,
      Progress progress)
      throws InterruptedException {
    return train(
        net, replica, dtype, optimizer, data, iterations, batchSize, seed, 0, onEvaluation,
        progress);
  }

  /**
   * As {@link #train(Module, Supplier, DType, Optimizer, Mnist, int, int, long, Consumer,
   * Progress)}, evaluating on the first {@code evalRows} images of each set (0: all of them), as
   * the textbook's Trainer does for its slower networks.
   */
  public static Result train(
      Module net,
      Supplier<? extends Module> replica,
      DType dtype,
      Optimizer optimizer,
      Mnist data,
      int iterations,
      int batchSize,
      long seed,
      int evalRows,
      Consumer<Evaluation> onEvaluation,
      Progress progress)
      throws InterruptedException {
    checkArgument(iterations >= 1, "iterations %s must be >= 1", iterations);
    checkArgument(evalRows >= 0, "evalRows %s must be >= 0", evalRows);
    // A resumed optimiser has taken steps: the run goes on from there, with the batches the
    // whole run would have drawn, so that it ends bit for bit where the whole run ends.
    long start = optimizer.steps();
    checkArgument(
        start < iterations,
        "the optimiser has taken %s steps already, not fewer than the %s iterations asked; ask for"
            + " more iterations",
        start,
        iterations);
    Step step = new Step(net, dtype, optimizer, data.train(), batchSize, seed, start);
    Mnist evaluated = evalRows == 0 ? data : head(data, evalRows);
    return run(step, net, replica, data.train().size(), evaluated, (int) start, iterations,
        batchSize, onEvaluation, progress);
  }

  /** The first {@code rows} images of each set. */
  private static Mnist head(Mnist data, int rows) {
    return new Mnist(head(data.train(), rows), head(data.test(), rows));
  }

  private static Mnist.Split head(Mnist.Split s, int rows) {
    int n = Math.min(rows, s.size());
    return new Mnist.Split(s.images().sliceRows(0, n), java.util.Arrays.copyOf(s.labels(), n));
  }

  private static Result run(
      Step step,
      Module net,
      Supplier<? extends Module> replica,
      int trainSize,
      Mnist data,
      int start,
      int iterations,
      int batchSize,
      Consumer<Evaluation> onEvaluation,
      Progress progress)
      throws InterruptedException {
    int perEpoch = Math.max(trainSize / batchSize, 1);
    double[] losses = new double[iterations - start];
    List<Evaluation> evaluations = new ArrayList<>();
    ExecutorService evaluator =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "zerograd-evaluation");
              t.setDaemon(true);
              return t;
            });
    Deque<Future<Evaluation>> pending = new ArrayDeque<>();
    try {
      long began = System.nanoTime();
      double lastLoss = Double.NaN;
      for (int i = start; i < iterations; i++) {
        lastLoss = step.run();
        losses[i - start] = lastLoss;
        if (!Double.isFinite(lastLoss)) {
          throw new Diverged(i, lastLoss);
        }
        if (i % perEpoch == 0) {
          Map<String, Tensor> snapshot = Checkpoint.snapshot(net);
          int epoch = i / perEpoch;
          int iteration = i;
          double loss = lastLoss;
          pending.add(
              evaluator.submit(
                  () -> {
                    // The second core's work: its products are not split onto the first core,
                    // which runs the training steps.
                    try (Blas.Scope serial = Blas.serial()) {
                      return evaluate(replica.get(), snapshot, data, epoch, iteration, loss);
                    }
                  }));
        }
        deliver(pending, evaluations, onEvaluation, false);
        progress.update(i + 1, lastLoss);
      }
      deliver(pending, evaluations, onEvaluation, true);
      double seconds = (System.nanoTime() - began) / 1e9;
      int last = iterations - 1;
      if (last % perEpoch != 0) {
        Evaluation e;
        try (Blas.Scope serial = Blas.serial()) { // as the evaluation thread computes
          e = evaluate(net, Checkpoint.snapshot(net), data, last / perEpoch, last, lastLoss);
        }
        evaluations.add(e);
        onEvaluation.accept(e);
      }
      return new Result(evaluations, losses, seconds);
    } finally {
      evaluator.shutdownNow();
    }
  }

  /** Hands finished evaluations to {@code sink} in order; with {@code wait}, all of them. */
  private static void deliver(
      Deque<Future<Evaluation>> pending,
      List<Evaluation> done,
      Consumer<Evaluation> sink,
      boolean wait)
      throws InterruptedException {
    while (!pending.isEmpty() && (wait || pending.peek().isDone())) {
      Evaluation e;
      try {
        e = pending.poll().get();
      } catch (ExecutionException x) {
        Throwable cause = x.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        throw new IllegalStateException("evaluation failed", cause);
      }
      done.add(e);
      sink.accept(e);
    }
  }

  /**
   * One training step: sample a mini-batch with replacement, gather it into a buffer reused
   * every step (converting to the parameters' type), forward with SoftmaxWithLoss, backward,
   * update.
   */
  public static final class Step {
    private final Module net;
    private final Optimizer optimizer;
    private final Mnist.Split train;
    private final int batchSize;
    private final Generator rng;
    private final Tensor batch;
    private final int[] targets;
    private final SoftmaxWithLoss lossLayer = new SoftmaxWithLoss();

    /** A step over {@code train}'s rows, batches drawn from a generator seeded with seed. */
    public Step(
        Module net, DType dtype, Optimizer optimizer, Mnist.Split train, int batchSize, long seed) {
      this(net, dtype, optimizer, train, batchSize, seed, 0);
    }

    /**
     * A step that goes on after {@code skip} steps: their batches are drawn and left, so the next
     * batch is the one the whole run would draw next.
     */
    Step(
        Module net,
        DType dtype,
        Optimizer optimizer,
        Mnist.Split train,
        int batchSize,
        long seed,
        long skip) {
      checkArgument(
          batchSize >= 1 && batchSize <= train.size(),
          "batch size %s must be in [1, %s] (the training set size)",
          batchSize,
          train.size());
      this.net = net;
      this.optimizer = optimizer;
      this.train = train;
      this.batchSize = batchSize;
      this.rng = new Generator(seed);
      for (long k = 0; k < skip; k++) {
        rng.integers(0, train.size(), batchSize);
      }
      this.batch = Tensor.zeros(dtype, batchSize, train.images().dim(1));
      this.targets = new int[batchSize];
    }

    /** Runs one step; returns the mini-batch loss (before the update). */
    public double run() {
      int[] rows = rng.integers(0, train.size(), batchSize);
      // The previous step's graph was released by its backward, so the buffer is free again.
      train.images().gatherRows(rows, batch);
      int[] labels = train.labels();
      for (int k = 0; k < batchSize; k++) {
        targets[k] = labels[rows[k]];
      }
      optimizer.zeroGrad();
      Variable loss = lossLayer.forward(net.forward(Variable.of(batch, "x")), targets);
      loss.backward();
      optimizer.step();
      return loss.item();
    }
  }

  private static Evaluation evaluate(
      Module net, Map<String, Tensor> parameters, Mnist data, int epoch, int i, double loss) {
    Checkpoint.assign(net, parameters, "the parameter snapshot of iteration " + i);
    // Batches of Metrics.DEFAULT_BATCH (1000): measured 3.8 s per float32 run against 4.6 s with
    // batches of 10000, whose 2 MB activations are humongous objects for G1.
    double trainAcc = Metrics.accuracy(net, data.train().images(), data.train().labels());
    double testAcc = Metrics.accuracy(net, data.test().images(), data.test().labels());
    return new Evaluation(epoch, i, loss, trainAcc, testAcc);
  }
}
