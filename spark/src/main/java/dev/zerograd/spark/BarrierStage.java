package dev.zerograd.spark;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.tensor.cpu.Blas;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * One barrier stage of training, on the executors, for steps or rounds {@code [from, to)}; every
 * task keeps a replica of the model, and the tasks sum vectors among themselves by {@link
 * AllReduce}, never through a Spark job:
 *
 * <ul>
 *   <li>synchronous ({@code localSteps == 0}): each step every task draws the same global batch,
 *       computes the gradient of the loss summed over its rows of it, the tasks sum their
 *       gradients, and every replica's optimiser applies the same mean;
 *   <li>parameter averaging: each round every partition runs {@code localSteps} steps of a fresh
 *       optimiser from the replica's state on batches of its own rows (generator seeded by seed,
 *       round and partition), and the tasks average the resulting parameters and buffers.
 * </ul>
 *
 * Task 0 returns the state at the end. Nothing here depends on timing or placement, so a retried
 * stage (Spark reruns all of a barrier stage's tasks when one fails) computes the same values.
 */
final class BarrierStage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What the driver sends: the model's parameters and buffers, the optimiser's state. */
  record Input(StateVector model, StateVector optimizer) implements Serializable {}

  /**
   * What task 0 returns: the state after the stage (the optimiser's: null in parameter
   * averaging, which starts a fresh one every round), and per step or round the mean loss, the
   * fraction classified right, and the seconds since the stage's start.
   */
  record Output(
      StateVector model, StateVector optimizer, double[] loss, double[] accuracy, double[] seconds)
      implements Serializable {}

  private final ModelFactory models;
  private final OptimizerFactory optimizers;
  private final long seed;
  private final int total;
  private final int batchSize;
  private final int localSteps;
  private final int from;
  private final int to;
  private final long[] starts;
  private final DType dtype;
  private final Rendezvous.Address rendezvous;

  BarrierStage(
      ModelFactory models,
      OptimizerFactory optimizers,
      long seed,
      int total,
      int batchSize,
      int localSteps,
      int from,
      int to,
      long[] starts,
      DType dtype,
      Rendezvous.Address rendezvous) {
    this.models = models;
    this.optimizers = optimizers;
    this.seed = seed;
    this.total = total;
    this.batchSize = batchSize;
    this.localSteps = localSteps;
    this.from = from;
    this.to = to;
    this.starts = starts;
    this.dtype = dtype;
    this.rendezvous = rendezvous;
  }

  /**
   * The stage's tasks over {@code blocks} as one barrier stage, its output moved to one partition
   * (collect it to run it). The move makes the barrier stage a shuffle-map stage, which Spark
   * reruns whole when a task fails; a failed barrier result stage it would not rerun.
   */
  JavaRDD<Output> over(JavaRDD<Block> blocks, Broadcast<Input> in) {
    ClassTag<Output> tag = ClassTag$.MODULE$.apply(Output.class);
    return JavaRDD.fromRDD(blocks.rdd().barrier().mapPartitions(new Task(this, in), false, tag), tag)
        .repartition(1);
  }

  /** One task: the stage run on a partition's blocks (a Scala function, as RDDBarrier takes). */
  private static final class Task
      extends AbstractFunction1<scala.collection.Iterator<Block>, scala.collection.Iterator<Output>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final BarrierStage stage;
    private final Broadcast<Input> in;

    Task(BarrierStage stage, Broadcast<Input> in) {
      this.stage = stage;
      this.in = in;
    }

    @Override
    public scala.collection.Iterator<Output> apply(scala.collection.Iterator<Block> blocks) {
      try {
        return CollectionConverters.asScala(stage.run(CollectionConverters.asJava(blocks), in.value()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Runs this task of the stage on its blocks; task 0 returns the result, the others nothing. */
  Iterator<Output> run(Iterator<Block> blocks, Input in) throws IOException {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    Shard shard = Shard.of(blocks, starts);
    try (Blas.Scope cores = TaskSetup.enter();
        AllReduce net = AllReduce.connect(ctx, rendezvous, "from " + from)) {
      if (localSteps > 0) {
        return averaging(shard, in.model(), net);
      }
      Module model = Models.create(models);
      in.model().assignTo(model);
      model.train();
      Optimizer optimizer = Models.optimizer(optimizers, model);
      optimizer.loadStateDict(model, in.optimizer().toTensors());
      Generator rng = new Generator(seed);
      for (int s = 0; s < from; s++) { // the batches of the steps before this stage
        rng.integers(0, total, batchSize);
      }
      StateVector layout = StateVector.of(model, false);
      int g = layout.size();
      int steps = to - from;
      double[] loss = new double[steps];
      double[] accuracy = new double[steps];
      double[] seconds = new double[steps];
      long t0 = System.nanoTime();
      // Reused every step: a ConvNet's gradient is megabytes.
      double[] local = new double[g + 3];
      double[] sum = new double[g + 3];
      double[] mean = new double[g];
      StateVector step = layout.withValues(mean);
      for (int s = 0; s < steps; s++) {
        ctx.killTaskIfInterrupted(); // Spark kills a barrier stage's tasks without interrupting
        int[][] mine = shard.select(rng.integers(0, total, batchSize));
        int n = mine[0].length;
        optimizer.zeroGrad();
        java.util.Arrays.fill(local, 0.0);
        if (n > 0) {
          int[] labels = shard.labels(mine);
          Variable scores = model.forward(Variable.of(shard.features(mine, dtype)));
          Variable l = Losses.crossEntropy(scores, labels);
          l.backward();
          StateVector.gradients(model, n, local);
          local[g] = l.item() * n;
          local[g + 1] = n;
          local[g + 2] = correct(scores.value(), labels);
        }
        net.sum(local, sum);
        for (int i = 0; i < g; i++) {
          mean[i] = sum[i] / batchSize;
        }
        step.setGradientsOf(model);
        optimizer.step();
        loss[s] = sum[g] / sum[g + 1];
        accuracy[s] = sum[g + 2] / sum[g + 1];
        seconds[s] = (System.nanoTime() - t0) / 1e9;
      }
      averageBuffers(model, net);
      if (net.rank() != 0) {
        return Collections.emptyIterator();
      }
      return List.of(
              new Output(
                  StateVector.of(model, true),
                  StateVector.of(optimizer.stateDict(model)),
                  loss,
                  accuracy,
                  seconds))
          .iterator();
    }
  }

  /** Parameter averaging: rounds of local steps on each partition, then the mean state. */
  private Iterator<Output> averaging(Shard shard, StateVector state, AllReduce net)
      throws IOException {
    int rounds = to - from;
    double[] loss = new double[rounds];
    double[] accuracy = new double[rounds];
    double[] seconds = new double[rounds];
    int n = state.size();
    long t0 = System.nanoTime();
    TaskContext ctx = TaskContext.get();
    for (int r = 0; r < rounds; r++) {
      ctx.killTaskIfInterrupted();
      Partial mine = Partial.empty();
      for (Block b : shard.blocks()) {
        mine =
            Partial.add(
                mine,
                SparkTrainer.localTraining(
                    b, state, models, optimizers, localSteps, batchSize, seed, from + r + 1, dtype));
      }
      double[] local = new double[n + 4];
      if (mine.vector != null) {
        System.arraycopy(mine.vector, 0, local, 0, n);
      }
      local[n] = mine.lossSum;
      local[n + 1] = mine.rows;
      local[n + 2] = mine.correct;
      local[n + 3] = mine.parts;
      double[] sum = net.sum(local);
      double[] mean = new double[n];
      for (int i = 0; i < n; i++) {
        mean[i] = sum[i] / sum[n + 3];
      }
      state = state.withValues(mean);
      loss[r] = sum[n] / sum[n + 1];
      accuracy[r] = sum[n + 2] / sum[n + 1];
      seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    if (net.rank() != 0) {
      return Collections.emptyIterator();
    }
    return List.of(new Output(state, null, loss, accuracy, seconds)).iterator();
  }

  /**
   * Running statistics (batch norm's) follow each task's rows, so the replicas' buffers differ;
   * the stage ends with their mean on every task (the parameters are the same bits everywhere).
   */
  private static void averageBuffers(Module model, AllReduce net) throws IOException {
    if (model.namedBuffers().isEmpty() || net.size() == 1) {
      return;
    }
    StateVector buffers = StateVector.of(model.namedBuffers());
    double[] mean = net.sum(buffers.values);
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= net.size();
    }
    buffers.withValues(mean).assignTo(model);
  }

  static long correct(Tensor scores, int[] labels) {
    int[] predicted = scores.argmax(1);
    long c = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        c++;
      }
    }
    return c;
  }

  @Override
  public String toString() {
    return "BarrierStage[steps " + from + " to " + to + ", " + Arrays.toString(starts) + "]";
  }
}
