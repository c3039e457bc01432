package dev.zerograd.spark.examples;

import dev.zerograd.autograd.Variable;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.spark.BatchScorer;
import dev.zerograd.spark.ModelFactory;
import dev.zerograd.spark.Sample;
import dev.zerograd.spark.SparkTrainer;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark benchmark (a benchmark, not a test): on a master ({@code local[2]} by default, or a
 * cluster's URL) with MNIST in two partitions, the time of a synchronous step (batch 100 per
 * partition, and batch 100 in all), of a parameter-averaging round, and rows per second scored,
 * each beside the same work in one process, and Spark's overhead per step or round (the
 * difference). Medians of several timed runs after a warm-up.
 *
 * <pre>mvn -B -q -pl spark exec:exec -Dspark.example.main=dev.zerograd.spark.examples.SparkBench
 *     -Dspark.example.args="MNIST_DIR [MASTER]"</pre>
 *
 * On a cluster MNIST_DIR must be a path every node sees, and the application jar must reach the
 * executors (submit it with spark-submit, which sets the master: then give no MASTER).
 */
public final class SparkBench {
  private SparkBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args the MNIST directory, and optionally the master URL
   * @throws Exception when the data cannot be read
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SparkBench MNIST_DIR [MASTER]");
      System.exit(2);
    }
    String dir = Path.of(args[0]).toAbsolutePath().toString();
    Mnist mnist = Mnist.load(Path.of(dir));
    ModelFactory factory = () -> new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0);
    SparkSession spark = SparkSessions.start("zerograd-bench", args.length == 2 ? args[1] : null);
    System.out.println(
        "master " + spark.sparkContext().master() + "; driver: " + dev.zerograd.tensor.cpu.Blas.describe());
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      JavaRDD<Sample> samples =
          sc.parallelize(List.of(0, 1), 2)
              .flatMap(p -> TrainMnistOnSpark.part(dir, p, 2).iterator())
              .cache();
      samples.count();

      double syncMs = median(5, () -> synchronousStepMs(factory, samples, 100, 400));
      double syncWideMs = median(5, () -> synchronousStepMs(factory, samples, 200, 400));
      double localWideMs = median(5, () -> localSteps(mnist, factory, 200, 200) / 200);
      double localStepMs = median(5, () -> localSteps(mnist, factory, 200, 100) / 200);
      // A round's local work as the two tasks do it: two threads at once, 100 steps each.
      double localPairMs = median(5, () -> localPair(mnist, factory, 100));
      double roundMs =
          median(
              5,
              () -> {
                SparkTrainer.Result r =
                    SparkTrainer.builder(factory, m -> new SGD(m, 0.1))
                        .mode(SparkTrainer.Mode.PARAMETER_AVERAGING).batchSize(100)
                        .localSteps(100).steps(40).stepsPerStage(4000).build()
                        .fit(samples);
                return r.seconds() * 1e3 / 40;
              });

      // The ConvNet's synchronous step, batch 100 per partition, on one task and on two: the
      // scaling efficiency from one core to two is the one-task time over the two-task time.
      ModelFactory convnet = () -> new dev.zerograd.nn.SimpleConvNet(DType.FLOAT32, 0);
      JavaRDD<Sample> one =
          sc.parallelize(List.of(0), 1).flatMap(p -> TrainMnistOnSpark.part(dir, 0, 1).iterator())
              .cache();
      one.count();
      double convOneMs = median(3, () -> synchronousStepMs(convnet, one, 100, 40));
      double convTwoMs = median(3, () -> synchronousStepMs(convnet, samples, 200, 40));
      // The machine's own scaling: the same step on one thread, and on two threads at once.
      double convLocalMs =
          median(
              3,
              () -> {
                try (dev.zerograd.tensor.cpu.Blas.Scope alone = dev.zerograd.tensor.cpu.Blas.threadsAtMost(1)) {
                  return localSteps(mnist, convnet, 40, 100) / 40;
                }
              });
      double convPairMs = median(3, () -> localPair(mnist, convnet, 40) / 40);
      one.unpersist();

      Path file = Files.createTempFile("zerograd-bench", ".npz");
      TwoLayerNet net = (TwoLayerNet) factory.create();
      Checkpoint.save(net, file);
      Dataset<Row> images = images(spark, mnist.train().images()).cache();
      images.count();
      double scoreMs =
          median(
              3,
              () -> {
                long t0 = System.nanoTime();
                long n = BatchScorer.score(images, "image", factory, file).count();
                if (n != mnist.train().size()) {
                  throw new IllegalStateException("scored " + n + " rows");
                }
                return (System.nanoTime() - t0) / 1e6;
              });
      double predictMs =
          median(
              3,
              () -> {
                long t0 = System.nanoTime();
                net.predict(mnist.train().images()).argmax(1);
                return (System.nanoTime() - t0) / 1e6;
              });
      Files.deleteIfExists(file);
      int rows = mnist.train().size();
      System.out.printf(
          Locale.ROOT,
          "synchronous step (batch 100 per partition, 2 partitions): %.2f ms on Spark, %.2f ms for"
              + " batch 200 in one process (%.2fx; goal: within 3x + 2 ms)%n",
          syncWideMs, localWideMs, syncWideMs / localWideMs);
      System.out.printf(
          Locale.ROOT,
          "synchronous step (batch 100 in all, 2 partitions): %.2f ms on Spark, %.2f ms in one"
              + " process; Spark overhead %.2f ms per step (%.0f steps/s)%n",
          syncMs, localStepMs, syncMs - localStepMs, 1e3 / syncMs);
      System.out.printf(
          Locale.ROOT,
          "parameter-averaging round (2 x 100 local steps): %.1f ms on Spark (%.2f rounds/s), %.1f"
              + " ms for 100 steps in one process, %.1f ms for 100 steps on each of two threads at"
              + " once (%.2fx of that; goal: within 1.3x)%n",
          roundMs, 1e3 / roundMs, 100 * localStepMs, localPairMs, roundMs / localPairMs);
      System.out.printf(
          Locale.ROOT,
          "ConvNet synchronous step (batch 100 per partition): %.1f ms on 1 task, %.1f ms on 2"
              + " tasks; scaling efficiency from 1 to 2 cores %.0f %% (goal: >= 80 %%); in one"
              + " process, batch 100: %.1f ms on one thread, %.1f ms on each of two threads at"
              + " once (the machine's own efficiency %.0f %%)%n",
          convOneMs, convTwoMs, 100 * convOneMs / convTwoMs, convLocalMs, convPairMs,
          100 * convLocalMs / convPairMs);
      System.out.printf(
          Locale.ROOT,
          "scoring %d rows: %.0f rows/s on Spark (%.0f ms), %.0f rows/s with predict in one"
              + " process (%.0f ms)%n",
          rows, rows / scoreMs * 1e3, scoreMs, rows / predictMs * 1e3, predictMs);
    } finally {
      spark.stop();
    }
  }

  /** Milliseconds per synchronous step of {@code batch} rows in all, over {@code steps} steps. */
  private static double synchronousStepMs(
      ModelFactory factory, JavaRDD<Sample> samples, int batch, int steps) {
    SparkTrainer.Result r =
        SparkTrainer.builder(factory, m -> new SGD(m, 0.1))
            .mode(SparkTrainer.Mode.SYNCHRONOUS).batchSize(batch).steps(steps)
            .stepsPerStage(steps)
            .build()
            .fit(samples);
    return r.seconds() * 1e3 / steps;
  }

  /** Milliseconds for {@code steps} steps of batch 100 on each of two threads at once. */
  private static double localPair(Mnist mnist, ModelFactory factory, int steps) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      long t0 = System.nanoTime();
      List<java.util.concurrent.Future<Double>> fs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        fs.add(pool.submit(() -> {
          try (dev.zerograd.tensor.cpu.Blas.Scope one = dev.zerograd.tensor.cpu.Blas.threadsAtMost(1)) {
            return localSteps(mnist, factory, steps, 100);
          }
        }));
      }
      for (java.util.concurrent.Future<Double> f : fs) {
        f.get();
      }
      return (System.nanoTime() - t0) / 1e6;
    } finally {
      pool.shutdown();
    }
  }

  /** Milliseconds for {@code steps} single-process SGD steps of {@code batch} rows. */
  private static double localSteps(Mnist mnist, ModelFactory factory, int steps, int batch) {
    dev.zerograd.nn.Module net = factory.create();
    SGD sgd = new SGD(net, 0.1);
    Generator g = new Generator(0);
    long t0 = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      int[] rows = g.integers(0, mnist.train().size(), batch);
      int[] t = new int[batch];
      for (int i = 0; i < batch; i++) {
        t[i] = mnist.train().labels()[rows[i]];
      }
      sgd.zeroGrad();
      Losses.crossEntropy(net.forward(Variable.of(mnist.train().images().gatherRows(rows))), t)
          .backward();
      sgd.step();
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static Dataset<Row> images(SparkSession spark, Tensor x) {
    int n = x.dim(0);
    int w = x.dim(1);
    double[] v = x.toDoubleArray();
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Float[] f = new Float[w];
      for (int j = 0; j < w; j++) {
        f[j] = (float) v[i * w + j];
      }
      rows.add(RowFactory.create(i, f));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("image", DataTypes.createArrayType(DataTypes.FloatType));
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  private interface Timed {
    double run() throws Exception;
  }

  /** The median of {@code runs} timings, after one untimed warm-up run. */
  private static double median(int runs, Timed t) throws Exception {
    t.run();
    double[] v = new double[runs];
    for (int i = 0; i < runs; i++) {
      v[i] = t.run();
    }
    Arrays.sort(v);
    return v[runs / 2];
  }
}
