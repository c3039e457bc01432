package dev.zerograd.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.AtomicFile;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.tensor.cpu.Blas;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Trains a zerograd classifier on Spark, data-parallel: the examples stay partitioned on the
 * executors (packed once into primitive arrays and cached), and training runs in Spark barrier
 * stages of many steps ({@link Builder#stepsPerStage}), each task keeping a replica of the model
 * and the tasks summing vectors among themselves over sockets (in task order, so every replica
 * gets the same bits), never a Spark job per step. Between stages the state comes back to the
 * driver's model (for the listener and checkpoints) and goes out again, exactly.
 *
 * <ul>
 *   <li>{@link Mode#SYNCHRONOUS}: each step every task draws the same mini-batch of {@code
 *       batchSize} rows of the whole data set (with replacement, from a generator of the seed, as
 *       {@code train-mnist} does), computes the gradient of the loss summed over its share of the
 *       batch, the tasks sum their gradients and every replica's optimiser applies the mean:
 *       exactly large-batch training, on any number of partitions.
 *   <li>{@link Mode#PARAMETER_AVERAGING}: each round every partition runs {@code localSteps}
 *       steps of a fresh optimiser on batches of {@code batchSize} of its own rows, and the tasks
 *       average the resulting parameters (and buffers): DL4J's parameter averaging, local SGD.
 * </ul>
 *
 * <p>A barrier stage needs a task slot per task at once: with more partitions than {@code
 * sc.defaultParallelism()} slots, the partitions are grouped into that many tasks (one shuffle of
 * the data, once). The tasks reach each other and the driver ({@code spark.driver.host}) over
 * TCP.
 *
 * <p>The model maps a batch of feature rows to class scores, and the loss is softmax
 * cross-entropy ({@link Losses#crossEntropy}). Tasks are pure functions of the driver's state and
 * the data: when a task fails Spark reruns its whole stage from the state at the stage's start,
 * the rerun computes the same values, and the driver's state changes only when a stage has
 * succeeded. Each task splits its products across at most the cores Spark gave it ({@code
 * spark.task.cpus}, default 1).
 *
 * <pre>{@code
 * SparkTrainer.Result r =
 *     SparkTrainer.builder(() -> new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0),
 *             m -> new SGD(m, 0.1))
 *         .mode(SparkTrainer.Mode.SYNCHRONOUS).batchSize(100).steps(1000).build()
 *         .fit(samples);
 * }</pre>
 */
public final class SparkTrainer {
  /** How the partitions' work is combined. */
  public enum Mode {
    /** Gradients of one global mini-batch summed across partitions every step. */
    SYNCHRONOUS,
    /** Parameters averaged after every partition's local steps, every round. */
    PARAMETER_AVERAGING
  }

  /**
   * Progress after one step (synchronous) or round (parameter averaging), on the driver.
   *
   * @param round the step or round, from 1
   * @param loss the mean training loss of its batches, before the update
   * @param accuracy the fraction of its batch rows classified right, before the update
   * @param seconds the time since training started
   */
  public record Round(int round, double loss, double accuracy, double seconds) {}

  /**
   * The trained model and how it went.
   *
   * @param model the driver's model, with the final parameters
   * @param rounds one entry per step or round
   * @param seconds the training time on the driver
   * @param partitions the partitions of the data
   */
  public record Result(Module model, List<Round> rounds, double seconds, int partitions) {}

  private final ModelFactory modelFactory;
  private final OptimizerFactory optimizerFactory;
  private final Mode mode;
  private final int batchSize;
  private final int steps;
  private final int localSteps;
  private final int stepsPerStage;
  private final long seed;
  private final Consumer<Round> onRound;
  private final Path checkpoint;
  private final int checkpointEvery;

  private SparkTrainer(Builder b) {
    this.modelFactory = b.modelFactory;
    this.optimizerFactory = b.optimizerFactory;
    this.mode = b.mode;
    this.batchSize = b.batchSize;
    this.steps = b.steps;
    this.localSteps = b.localSteps;
    this.stepsPerStage = b.stepsPerStage;
    this.seed = b.seed;
    this.onRound = b.onRound;
    this.checkpoint = b.checkpoint;
    this.checkpointEvery = b.checkpointEvery;
  }

  /**
   * A trainer of the models {@code modelFactory} makes, with the optimisers {@code
   * optimizerFactory} makes.
   *
   * @param modelFactory makes the model, on the driver and on executors
   * @param optimizerFactory makes the optimiser
   * @return a builder
   */
  public static Builder builder(ModelFactory modelFactory, OptimizerFactory optimizerFactory) {
    return new Builder(modelFactory, optimizerFactory);
  }

  /** Settings of a {@link SparkTrainer}. */
  public static final class Builder {
    private final ModelFactory modelFactory;
    private final OptimizerFactory optimizerFactory;
    private Mode mode = Mode.SYNCHRONOUS;
    private int batchSize = 100;
    private int steps = 100;
    private int localSteps = 50;
    private int stepsPerStage = 2000;
    private long seed;
    private Consumer<Round> onRound = r -> {};
    private Path checkpoint;
    private int checkpointEvery;

    private Builder(ModelFactory modelFactory, OptimizerFactory optimizerFactory) {
      this.modelFactory = checkNotNull(modelFactory, "SparkTrainer: modelFactory is null");
      this.optimizerFactory =
          checkNotNull(optimizerFactory, "SparkTrainer: optimizerFactory is null");
    }

    /**
     * How partitions combine their work (default {@link Mode#SYNCHRONOUS}).
     *
     * @param m the mode
     * @return this builder
     */
    public Builder mode(Mode m) {
      this.mode = checkNotNull(m, "SparkTrainer: mode is null");
      return this;
    }

    /**
     * Rows per batch: of the whole data set per step (synchronous), of each partition per local
     * step (parameter averaging). Default 100.
     *
     * @param n the rows, at least 1
     * @return this builder
     */
    public Builder batchSize(int n) {
      checkArgument(n >= 1, "SparkTrainer: batch size %s must be at least 1", n);
      this.batchSize = n;
      return this;
    }

    /**
     * Steps (synchronous) or rounds (parameter averaging). Default 100.
     *
     * @param n the steps or rounds, at least 1
     * @return this builder
     */
    public Builder steps(int n) {
      checkArgument(n >= 1, "SparkTrainer: steps %s must be at least 1", n);
      this.steps = n;
      return this;
    }

    /**
     * Local steps per partition between averagings (parameter averaging only). Default 50.
     *
     * @param n the local steps, at least 1
     * @return this builder
     */
    public Builder localSteps(int n) {
      checkArgument(n >= 1, "SparkTrainer: local steps %s must be at least 1", n);
      this.localSteps = n;
      return this;
    }

    /**
     * Steps per barrier stage: the synchronous steps one Spark stage runs (in parameter
     * averaging, the rounds of as many local steps, at least one) before the driver gets the
     * state back, calls the listener for each step or round and writes a checkpoint when one is
     * due (stages also end at every checkpoint). More steps cost less scheduling per step (a
     * stage costs tens of milliseconds); a failed stage reruns from its start. Default 2000.
     *
     * @param n the steps, at least 1
     * @return this builder
     */
    public Builder stepsPerStage(int n) {
      checkArgument(n >= 1, "SparkTrainer: steps per stage %s must be at least 1", n);
      this.stepsPerStage = n;
      return this;
    }

    /**
     * The seed of the batches drawn. Default 0.
     *
     * @param s the seed
     * @return this builder
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * Called on the driver for every step or round (progress lines, early stopping by
     * throwing): after each round, and in synchronous mode for each step of a stage when the
     * stage has ended.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onRound(Consumer<Round> listener) {
      this.onRound = checkNotNull(listener, "SparkTrainer: listener is null");
      return this;
    }

    /**
     * Writes the driver's model to {@code file} ({@code .npz}, atomically: a reader sees the
     * previous checkpoint or the new one, never half of one) every {@code every} steps or rounds
     * and at the end.
     *
     * @param file the checkpoint file
     * @param every the steps or rounds between checkpoints, at least 1
     * @return this builder
     */
    public Builder checkpoint(Path file, int every) {
      checkArgument(every >= 1, "SparkTrainer: checkpoint interval %s must be at least 1", every);
      this.checkpoint = checkNotNull(file, "SparkTrainer: checkpoint file is null");
      this.checkpointEvery = every;
      return this;
    }

    /**
     * The trainer.
     *
     * @return the trainer
     */
    public SparkTrainer build() {
      return new SparkTrainer(this);
    }
  }

  /**
   * Trains on a DataFrame with a features column of arrays of numbers and an integer label
   * column.
   *
   * @param data the examples
   * @param featuresColumn the column of feature arrays ({@code array<float>} or {@code
   *     array<double>})
   * @param labelColumn the column of classes (an integer type)
   * @return the trained model and its progress
   * @throws IllegalArgumentException naming the column when one is missing or of another type,
   *     and as {@link #fit(JavaRDD)}
   */
  public Result fit(Dataset<Row> data, String featuresColumn, String labelColumn) {
    return fit(Rows.samples(data, featuresColumn, labelColumn));
  }

  /**
   * Trains on the examples as they are partitioned.
   *
   * @param samples the examples
   * @return the trained model and its progress
   * @throws IllegalArgumentException when there are no examples, their widths differ, or the
   *     model does not take rows of their width
   * @throws IllegalStateException when executors cannot load zerograd's classes, or a task keeps
   *     failing after Spark's retries
   */
  public Result fit(JavaRDD<Sample> samples) {
    // What can be checked on the driver is checked before the first job.
    Module model = Models.create(modelFactory);
    DType dtype = Models.parameterType(model);
    Optimizer optimizer = Models.optimizer(optimizerFactory, model);
    Models.checkSerializable(modelFactory, "the model factory");
    Models.checkSerializable(optimizerFactory, "the optimizer factory");
    if (checkpoint != null) {
      try {
        AtomicFile.checkWritable(checkpoint);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("checkpoint " + e.getMessage(), e);
      }
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(samples.context());
    JavaRDD<Block> blocks =
        samples
            .mapPartitionsWithIndex(
                (p, it) -> List.of(Block.of(p, it)).iterator(), true)
            .persist(StorageLevel.MEMORY_ONLY());
    try {
      List<int[]> shapes =
          Errors.translate(
              () -> blocks.map(b -> new int[] {b.rows, b.width, b.minLabel(), b.maxLabel()}).collect());
      int partitions = shapes.size();
      long[] starts = new long[partitions + 1];
      int width = -1;
      for (int p = 0; p < partitions; p++) {
        int[] s = shapes.get(p);
        starts[p + 1] = starts[p] + s[0];
        if (s[0] > 0) {
          checkArgument(
              width < 0 || s[1] == width,
              "features: partition %s has rows of %s values, earlier partitions %s; every row"
                  + " must have the model's input width",
              p,
              s[1],
              width);
          width = s[1];
        }
      }
      long total = starts[partitions];
      checkArgument(total > 0, "SparkTrainer: no examples to train on");
      int classes = Models.checkWidth(model, width, dtype);
      for (int p = 0; p < partitions; p++) {
        int[] s = shapes.get(p);
        checkArgument(
            s[0] == 0 || (s[2] >= 0 && s[3] < classes),
            "labels: partition %s holds labels from %s to %s, but the model scores %s classes"
                + " (0 to %s); check the label column",
            p,
            s[2],
            s[3],
            classes,
            classes - 1);
      }
      List<Round> rounds = new ArrayList<>();
      long start = System.nanoTime();
      train(sc, blocks, partitions, starts, model, optimizer, dtype, rounds, start);
      return new Result(model, List.copyOf(rounds), (System.nanoTime() - start) / 1e9, partitions);
    } finally {
      blocks.unpersist(false);
    }
  }

  /**
   * Training in barrier stages of {@code stepsPerStage} steps (or the rounds of as many local
   * steps), ending also at each checkpoint; the driver's model and optimiser are updated from
   * task 0 after each.
   */
  private void train(
      JavaSparkContext sc,
      JavaRDD<Block> blocks,
      int partitions,
      long[] starts,
      Module model,
      Optimizer optimizer,
      DType dtype,
      List<Round> rounds,
      long start) {
    int tasks = Math.max(1, Math.min(partitions, sc.defaultParallelism()));
    JavaRDD<Block> grouped = blocks;
    if (tasks < partitions) {
      // A barrier stage needs a slot per task at once: several partitions per task.
      int p = partitions;
      grouped =
          blocks
              .mapToPair(b -> new Tuple2<>((int) ((long) b.partition * tasks / p), b))
              .partitionBy(new HashPartitioner(tasks))
              .values()
              .persist(StorageLevel.MEMORY_ONLY());
    }
    JavaRDD<Block> stageBlocks = grouped;
    int total = Math.toIntExact(starts[partitions]);
    int perStage =
        mode == Mode.SYNCHRONOUS ? stepsPerStage : Math.max(1, stepsPerStage / localSteps);
    try (Rendezvous rendezvous = Rendezvous.open(driverHost(sc))) {
      for (int from = 0; from < steps; ) {
        int to = Math.min(steps, from + perStage);
        if (checkpoint != null) {
          to = Math.min(to, (from / checkpointEvery + 1) * checkpointEvery);
        }
        BarrierStage stage =
            new BarrierStage(
                modelFactory,
                optimizerFactory,
                seed,
                total,
                batchSize,
                mode == Mode.SYNCHRONOUS ? 0 : localSteps,
                from,
                to,
                starts,
                dtype,
                rendezvous.address());
        Broadcast<BarrierStage.Input> shared =
            sc.broadcast(
                new BarrierStage.Input(
                    StateVector.of(model, true), StateVector.of(optimizer.stateDict(model))));
        double began = (System.nanoTime() - start) / 1e9;
        BarrierStage.Output out;
        try {
          List<BarrierStage.Output> outs =
              Errors.translate(() -> stage.over(stageBlocks, shared).collect());
          out = outs.get(0);
        } finally {
          shared.destroy();
        }
        out.model().assignTo(model);
        if (out.optimizer() != null) {
          optimizer.loadStateDict(model, out.optimizer().toTensors());
        }
        for (int s = 0; s < to - from; s++) {
          Round done =
              new Round(from + s + 1, out.loss()[s], out.accuracy()[s], began + out.seconds()[s]);
          rounds.add(done);
          onRound.accept(done);
        }
        from = to;
        if (checkpointDue(to)) {
          save(model);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("training on Spark: " + e.getMessage(), e);
    } finally {
      if (grouped != blocks) {
        grouped.unpersist(false);
      }
    }
  }

  /** The address executors reach the driver at. */
  private static String driverHost(JavaSparkContext sc) {
    String host = sc.getConf().get("spark.driver.host", null);
    if (host != null) {
      return host;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return "127.0.0.1";
    }
  }

  private boolean checkpointDue(int round) {
    return checkpoint != null && (round % checkpointEvery == 0 || round == steps);
  }

  /**
   * On an executor: {@code steps} steps of a fresh optimiser on batches of this block's rows,
   * drawn from a generator seeded by (seed, round, partition); returns the parameters and
   * buffers after them, with the losses and rows classified right along the way.
   */
  static Partial localTraining(
      Block b,
      StateVector state,
      ModelFactory factory,
      OptimizerFactory optimizers,
      int steps,
      int batch,
      long seed,
      int round,
      DType dtype) {
    try (Blas.Scope cores = TaskSetup.enter()) {
      if (b.rows == 0) {
        return Partial.empty();
      }
      Module model = Models.create(factory);
      state.assignTo(model);
      model.train();
      Optimizer optimizer = Models.optimizer(optimizers, model);
      Generator g = new Generator(seed ^ (0x9E3779B97F4A7C15L * round) ^ (31L * b.partition + 7));
      double lossSum = 0;
      long correct = 0;
      for (int step = 0; step < steps; step++) {
        int[] rows = g.integers(0, b.rows, batch);
        int[] labels = b.labels(rows);
        optimizer.zeroGrad();
        Variable scores = model.forward(Variable.of(b.features(rows, dtype)));
        Variable loss = Losses.crossEntropy(scores, labels);
        loss.backward();
        optimizer.step();
        lossSum += loss.item() * batch;
        correct += BarrierStage.correct(scores.value(), labels);
      }
      return new Partial(
          StateVector.of(model, true).values, lossSum, (long) steps * batch, correct, 1);
    }
  }

  private void save(Module model) {
    try {
      Checkpoint.save(model, checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SparkTrainer[%s, batch %d, %d %s%s]",
        mode,
        batchSize,
        steps,
        mode == Mode.SYNCHRONOUS ? "steps" : "rounds",
        mode == Mode.SYNCHRONOUS ? "" : " of " + localSteps + " local steps");
  }
}
