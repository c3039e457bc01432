package dev.zerograd.spark;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.tensor.Blas;
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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * One barrier stage of synchronous training, on the executors: every task keeps a replica of the
 * model and its optimiser for steps {@code [from, to)}; each step every task draws the same global
 * batch, computes the gradient of the loss summed over its rows of it, the tasks sum their
 * gradients by {@link AllReduce}, and every replica applies the same update. Task 0 returns the
 * state at the end. Nothing here depends on timing or placement, so a retried stage (Spark reruns
 * all of a barrier stage's tasks when one fails) computes the same values.
 */
final class SyncStage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What the driver sends: the model's parameters and buffers, the optimiser's state. */
  record Input(StateVector model, StateVector optimizer) implements Serializable {}

  /**
   * What task 0 returns: the state after the stage, and per step the mean loss, the fraction
   * classified right, and the seconds since the stage's start.
   */
  record Output(
      StateVector model, StateVector optimizer, double[] loss, double[] accuracy, double[] seconds)
      implements Serializable {}

  private final ModelFactory models;
  private final OptimizerFactory optimizers;
  private final long seed;
  private final int total;
  private final int batchSize;
  private final int from;
  private final int to;
  private final long[] starts;
  private final DType dtype;
  private final Rendezvous.Address rendezvous;

  SyncStage(
      ModelFactory models,
      OptimizerFactory optimizers,
      long seed,
      int total,
      int batchSize,
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
    private final SyncStage stage;
    private final Broadcast<Input> in;

    Task(SyncStage stage, Broadcast<Input> in) {
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
        AllReduce net = AllReduce.connect(ctx, rendezvous, "steps " + from)) {
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
      for (int s = 0; s < steps; s++) {
        int[][] mine = shard.select(rng.integers(0, total, batchSize));
        int n = mine[0].length;
        double[] local = new double[g + 3];
        optimizer.zeroGrad();
        if (n > 0) {
          int[] labels = shard.labels(mine);
          Variable scores = model.forward(Variable.of(shard.features(mine, dtype)));
          Variable l = Losses.crossEntropy(scores, labels);
          l.backward();
          System.arraycopy(StateVector.gradients(model, n), 0, local, 0, g);
          local[g] = l.item() * n;
          local[g + 1] = n;
          local[g + 2] = correct(scores.value(), labels);
        }
        double[] sum = net.sum(local);
        double[] mean = new double[g];
        for (int i = 0; i < g; i++) {
          mean[i] = sum[i] / batchSize;
        }
        layout.withValues(mean).setGradientsOf(model);
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
    return "SyncStage[steps " + from + " to " + to + ", " + Arrays.toString(starts) + "]";
  }
}
