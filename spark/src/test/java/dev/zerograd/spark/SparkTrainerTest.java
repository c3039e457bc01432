package dev.zerograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.autograd.Variable;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.Mlp;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.nn.optim.Adam;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.spark.examples.TrainMnistOnSpark;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SparkTrainer on an in-process local master: local[2], with up to 4 attempts per task. */
class SparkTrainerTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2,4]").appName("SparkTrainerTest").getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Three well-separated classes in 20 dimensions, with noise. */
  static List<Sample> toyData(int n, long seed) {
    Generator g = new Generator(seed);
    int[] labels = g.integers(0, 3, n);
    double[] noise = g.normal(DType.FLOAT64, 0, 1, n, 20).toDoubleArray();
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] f = new float[20];
      for (int j = 0; j < 20; j++) {
        f[j] = (float) noise[i * 20 + j] + (j / 7 == labels[i] ? 2f : 0f);
      }
      out.add(new Sample(f, labels[i]));
    }
    return out;
  }

  static final ModelFactory TOY =
      () -> Mlp.builder().sizes(20, 16, 3).dtype(DType.FLOAT64).seed(1).build();

  /** Single-process training on the batches the synchronous mode draws (same generator). */
  static Module singleProcess(List<Sample> data, int steps, int batch, long seed) {
    Module model = TOY.create();
    Optimizer opt = Adam.builder(model).lr(0.01).build();
    Generator rng = new Generator(seed);
    for (int s = 0; s < steps; s++) {
      int[] rows = rng.integers(0, data.size(), batch);
      double[] x = new double[batch * 20];
      int[] t = new int[batch];
      for (int i = 0; i < batch; i++) {
        float[] f = data.get(rows[i]).features();
        for (int j = 0; j < 20; j++) {
          x[i * 20 + j] = f[j];
        }
        t[i] = data.get(rows[i]).label();
      }
      opt.zeroGrad();
      Losses.crossEntropy(model.forward(Variable.of(Tensor.of(x, DType.FLOAT64, batch, 20))), t)
          .backward();
      opt.step();
    }
    return model;
  }

  private static double maxDifference(Module a, Module b) {
    double worst = 0;
    Map<String, Variable> pb = b.namedParameters();
    for (Map.Entry<String, Variable> e : a.namedParameters().entrySet()) {
      double[] x = e.getValue().value().toDoubleArray();
      double[] y = pb.get(e.getKey()).value().toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        worst = Math.max(worst, Math.abs(x[i] - y[i]));
      }
    }
    return worst;
  }

  @Test
  void synchronousTrainingIsSingleProcessTrainingOnAnyNumberOfPartitions() {
    List<Sample> data = toyData(600, 1);
    Module reference = singleProcess(data, 12, 64, 7);
    for (int partitions : new int[] {1, 2, 4}) {
      SparkTrainer.Result r =
          SparkTrainer.builder(TOY, m -> Adam.builder(m).lr(0.01).build())
              .mode(SparkTrainer.Mode.SYNCHRONOUS)
              .batchSize(64)
              .steps(12)
              .seed(7)
              .build()
              .fit(sc.parallelize(data, partitions));
      assertEquals(partitions, r.partitions());
      assertEquals(12, r.rounds().size());
      // Float64 sums in another order: agreement to rounding, far below what a wrong batch or a
      // wrong scale (a mean of means) would give.
      double d = maxDifference(reference, r.model());
      assertTrue(d <= 1e-6, partitions + " partitions: parameters differ by " + d);
    }
  }

  private static SparkTrainer.Builder synchronousToy(ModelFactory models) {
    return SparkTrainer.builder(models, m -> Adam.builder(m).lr(0.01).build())
        .mode(SparkTrainer.Mode.SYNCHRONOUS)
        .batchSize(64)
        .steps(12)
        .seed(7);
  }

  @Test
  void synchronousStagesOfAnyLengthGiveTheSameBits() {
    // The state crosses between stages exactly (parameters, buffers and the optimiser's moments
    // as doubles) and the tasks replay the batch generator: where a stage ends changes nothing.
    List<Sample> data = toyData(600, 1);
    JavaRDD<Sample> rdd = sc.parallelize(data, 2);
    SparkTrainer.Result whole = synchronousToy(TOY).stepsPerStage(12).build().fit(rdd);
    for (int perStage : new int[] {5, 1}) {
      SparkTrainer.Result r = synchronousToy(TOY).stepsPerStage(perStage).build().fit(rdd);
      assertEquals(0.0, maxDifference(whole.model(), r.model()), perStage + " steps per stage");
      assertEquals(12, r.rounds().size());
      for (int i = 0; i < 12; i++) {
        assertEquals(i + 1, r.rounds().get(i).round());
        assertEquals(whole.rounds().get(i).loss(), r.rounds().get(i).loss(), "step " + (i + 1));
        assertTrue(i == 0 || r.rounds().get(i).seconds() >= r.rounds().get(i - 1).seconds());
      }
    }
    assertTrue(
        whole.rounds().get(11).loss() < whole.rounds().get(0).loss(),
        "loss " + whole.rounds().get(0).loss() + " -> " + whole.rounds().get(11).loss());
  }

  /** Failures injected by {@link FailsOnce}. */
  static final AtomicInteger INJECTED = new AtomicInteger();

  /** The toy net; with {@code flaky}, task 1 of a stage's first attempt fails at its 4th step. */
  static final class FailsOnce extends Module {
    private final Module inner = registerModule("inner", TOY.create());
    private final boolean flaky;
    private int calls;

    FailsOnce(boolean flaky) {
      this.flaky = flaky;
    }

    @Override
    public Variable forward(Variable x) {
      TaskContext tc = TaskContext.get();
      if (flaky && tc != null && tc.stageAttemptNumber() == 0 && tc.partitionId() == 1
          && ++calls == 4) {
        INJECTED.incrementAndGet();
        throw new IllegalStateException("executor lost its mind mid-stage");
      }
      return inner.forward(x);
    }
  }

  @Test
  void aSynchronousStageWithAFailedTaskIsRerunAndTheResultIsUnchanged() {
    List<Sample> data = toyData(600, 1);
    JavaRDD<Sample> rdd = sc.parallelize(data, 2);
    Module expected = synchronousToy(() -> new FailsOnce(false)).stepsPerStage(6).build().fit(rdd).model();
    INJECTED.set(0);
    SparkTrainer.Result r =
        synchronousToy(() -> new FailsOnce(true)).stepsPerStage(6).build().fit(rdd);
    // Each of the two stages lost task 1 at its 4th step; Spark reran the stage from its start.
    assertEquals(2, INJECTED.get(), "failures injected");
    assertEquals(0.0, maxDifference(expected, r.model()), "a rerun stage changed the result");
  }

  /** Blas.threads() as the tasks saw it. */
  static final java.util.Set<Integer> TASK_THREADS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @Test
  void tasksSplitTheirProductsAcrossTheCoresSparkGaveThem() {
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "one core: nothing to limit");
    assumeTrue(dev.zerograd.tensor.cpu.Blas.threads() >= 2, "this BLAS is not split by zerograd");
    TASK_THREADS.clear();
    ModelFactory recording =
        () -> {
          if (TaskContext.get() != null) {
            TASK_THREADS.add(dev.zerograd.tensor.cpu.Blas.threads());
          }
          return TOY.create();
        };
    for (SparkTrainer.Mode mode : SparkTrainer.Mode.values()) {
      SparkTrainer.builder(recording, m -> new SGD(m, 0.1)).mode(mode).steps(2).localSteps(2)
          .build().fit(sc.parallelize(toyData(100, 2), 2));
    }
    // spark.task.cpus is 1 here: each task alone on one core.
    assertEquals(java.util.Set.of(1), TASK_THREADS);
  }

  @Test
  void aBatchWrongByOneRowWouldBeCaught() {
    // The check above has teeth: other batches move the parameters far more than 1e-6.
    List<Sample> data = toyData(600, 1);
    double d = maxDifference(singleProcess(data, 12, 64, 7), singleProcess(data, 12, 64, 8));
    assertTrue(d > 1e-3, "another seed's batches differ by only " + d);
  }

  @Test
  void parameterAveragingLearns() {
    List<Sample> data = toyData(2000, 2);
    SparkTrainer.Result r =
        SparkTrainer.builder(TOY, m -> new SGD(m, 0.1))
            .mode(SparkTrainer.Mode.PARAMETER_AVERAGING)
            .batchSize(32)
            .localSteps(20)
            .steps(10)
            .build()
            .fit(sc.parallelize(data, 2));
    List<SparkTrainer.Round> rounds = r.rounds();
    assertEquals(10, rounds.size());
    assertTrue(
        rounds.get(9).loss() < rounds.get(0).loss() / 2,
        "loss " + rounds.get(0).loss() + " -> " + rounds.get(9).loss());
    // Separable by a wide margin: a trained net gets (nearly) all rows; chance is 1/3.
    Tensor x = Tensor.of(flatten(data), DType.FLOAT64, data.size(), 20);
    double acc = r.model().accuracy(x, labels(data));
    assertTrue(acc >= 0.95, "accuracy " + acc);
  }

  @Test
  void parameterAveragingReachesTheTextbookAccuracyOnMnist() throws Exception {
    String dir = System.getenv("MNIST_DIR");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "MNIST_DIR is not set");
    Mnist mnist = Mnist.load(Path.of(dir));
    JavaRDD<Sample> samples =
        sc.parallelize(List.of(0, 1), 2)
            .flatMap(p -> TrainMnistOnSpark.part(dir, p, 2).iterator());
    SparkTrainer.Result r =
        SparkTrainer.builder(
                () -> new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0), m -> new SGD(m, 0.1))
            .mode(SparkTrainer.Mode.PARAMETER_AVERAGING)
            .batchSize(100)
            .localSteps(100)
            .steps(300)
            .build()
            .fit(samples);
    double test = r.model().accuracy(mnist.test().images(), mnist.test().labels());
    // Measured 0.9739 (the example's default run); the single-process textbook run ends at
    // 0.967-0.972 across seeds.
    assertTrue(test >= 0.97, "test accuracy " + test);
  }

  /** Fails the first attempt of one task of the 4th round; counts the calls. */
  static final AtomicInteger CALLS = new AtomicInteger();

  @Test
  void aTaskThatFailsIsRetriedAndTheResultIsUnchanged() {
    List<Sample> data = toyData(600, 3);
    SparkTrainer.Builder clean =
        SparkTrainer.builder(TOY, m -> new SGD(m, 0.1))
            .mode(SparkTrainer.Mode.PARAMETER_AVERAGING)
            .batchSize(16)
            .localSteps(5)
            .steps(6);
    Module expected = clean.build().fit(sc.parallelize(data, 2)).model();

    CALLS.set(0);
    ModelFactory flaky =
        () -> {
          // Two tasks per round; the 7th and 8th calls are round 4's first attempts.
          TaskContext tc = TaskContext.get();
          if (tc != null && tc.attemptNumber() == 0 && CALLS.incrementAndGet() == 7) {
            throw new IllegalStateException("executor lost its mind mid-round");
          }
          return TOY.create();
        };
    SparkTrainer.Result r =
        SparkTrainer.builder(flaky, m -> new SGD(m, 0.1))
            .mode(SparkTrainer.Mode.PARAMETER_AVERAGING)
            .batchSize(16)
            .localSteps(5)
            .steps(6)
            .build()
            .fit(sc.parallelize(data, 2));
    assertTrue(CALLS.get() >= 7, "the failure was injected");
    assertEquals(0.0, maxDifference(expected, r.model()), "a retried task changed the result");
  }

  @Test
  void rowsOfTheWrongWidthAreOneClearError() {
    List<Sample> data = new ArrayList<>(toyData(10, 4));
    List<Sample> narrow = new ArrayList<>();
    for (Sample s : data) {
      narrow.add(new Sample(java.util.Arrays.copyOf(s.features(), 19), s.label()));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkTrainer.builder(TOY, m -> new SGD(m, 0.1)).steps(1).build()
                .fit(sc.parallelize(narrow, 2)));
    assertTrue(e.getMessage().startsWith("features: the rows have 19 values"), e.getMessage());

    List<Sample> mixed = new ArrayList<>(data);
    mixed.set(3, narrow.get(3));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkTrainer.builder(TOY, m -> new SGD(m, 0.1)).steps(1).build()
                .fit(sc.parallelize(mixed, 1)));
    assertTrue(
        e.getMessage().startsWith("features: row 3 of partition 0 has 19 values, the rows before"
            + " it 20"),
        e.getMessage());
  }

  @Test
  void aDataFrameTrainsAndItsColumnsAreChecked(@TempDir Path tmp) throws Exception {
    StructType schema =
        new StructType()
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType))
            .add("digit", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (Sample s : toyData(300, 5)) {
      Float[] f = new Float[20];
      for (int j = 0; j < 20; j++) {
        f[j] = s.features()[j];
      }
      rows.add(RowFactory.create(f, s.label()));
    }
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
    Path file = tmp.resolve("net.npz");
    SparkTrainer trainer =
        SparkTrainer.builder(TOY, m -> new SGD(m, 0.1))
            .mode(SparkTrainer.Mode.PARAMETER_AVERAGING)
            .steps(3)
            .localSteps(5)
            .batchSize(16)
            .checkpoint(file, 2)
            .build();
    SparkTrainer.Result r = trainer.fit(df, "pixels", "digit");
    assertEquals(3, r.rounds().size());
    // The checkpoint is the final model.
    Map<String, Tensor> saved = Checkpoint.read(file);
    for (Map.Entry<String, Variable> p : r.model().namedParameters().entrySet()) {
      assertEquals(
          java.util.Arrays.toString(p.getValue().value().toDoubleArray()),
          java.util.Arrays.toString(saved.get(p.getKey()).toDoubleArray()),
          p.getKey());
    }

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> trainer.fit(df, "features", "digit"));
    assertEquals("no column features; the columns are [pixels, digit]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(df, "digit", "pixels"));
    assertEquals(
        "features column digit is int; it must be array<float> or array<double>", e.getMessage());
  }

  @Test
  void anOptimiserFactoryThatIgnoresItsModelIsRefusedBeforeAnyJob() {
    JavaRDD<Sample> data = sc.parallelize(toyData(50, 3), 2);
    int jobsBefore = sc.statusTracker().getJobIdsForGroup(null).length;
    Module other = TOY.create();
    for (SparkTrainer.Mode mode : SparkTrainer.Mode.values()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SparkTrainer.builder(TOY, m -> new SGD(other, 0.1)).mode(mode).steps(2).build().fit(data));
      assertEquals(
          "the optimizer factory made a SGD over 4 parameter(s), 4 of them not the model's; build it"
              + " on the model the factory is given (m -> new SGD(m, 0.1)), not on another one",
          e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SparkTrainer.builder(TOY, m -> null).mode(mode).steps(2).build().fit(data));
      assertTrue(e.getMessage().startsWith("the optimizer factory returned null"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SparkTrainer.builder(() -> null, m -> new SGD(m, 0.1)).mode(mode).build().fit(data));
      assertTrue(e.getMessage().startsWith("the model factory returned null"), e.getMessage());
    }
    assertEquals(jobsBefore, sc.statusTracker().getJobIdsForGroup(null).length, "no job ran");
  }

  /** Not serializable: a lambda that captures one cannot be sent to the executors. */
  static final class Unserializable {
    final double lr = 0.1;
  }

  @Test
  void badLabelsUnwritableCheckpointsAndUnserializableFactoriesAreOneLineEach(@TempDir Path tmp) {
    List<Sample> data = new ArrayList<>(toyData(40, 4));
    data.set(17, new Sample(data.get(17).features(), 7)); // TOY scores 3 classes
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkTrainer.builder(TOY, m -> new SGD(m, 0.1)).steps(2).build().fit(sc.parallelize(data, 2)));
    assertEquals(
        "labels: partition 0 holds labels from 0 to 7, but the model scores 3 classes (0 to 2);"
            + " check the label column",
        e.getMessage());

    int jobsBefore = sc.statusTracker().getJobIdsForGroup(null).length;
    Path nowhere = tmp.resolve("missing-dir").resolve("net.npz");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SparkTrainer.builder(TOY, m -> new SGD(m, 0.1))
                    .checkpoint(nowhere, 1)
                    .build()
                    .fit(sc.parallelize(toyData(40, 4), 2)));
    assertEquals(
        "checkpoint " + nowhere + ": directory " + nowhere.getParent() + " does not exist",
        e.getMessage());
    Unserializable settings = new Unserializable();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SparkTrainer.builder(TOY, m -> new SGD(m, settings.lr))
                    .mode(SparkTrainer.Mode.PARAMETER_AVERAGING)
                    .build()
                    .fit(sc.parallelize(toyData(40, 4), 2)));
    assertTrue(
        e.getMessage().startsWith(
            "the optimizer factory captures an object of class"
                + " dev.zerograd.spark.SparkTrainerTest$Unserializable, which is not serializable"),
        e.getMessage());
    assertEquals(jobsBefore, sc.statusTracker().getJobIdsForGroup(null).length, "no job ran");
  }

  @Test
  void mnistMissingOnTheExecutorsIsOneLineSayingWhere(@TempDir Path tmp) {
    String dir = tmp.resolve("not-here").toString();
    JavaRDD<Sample> samples =
        sc.parallelize(List.of(0, 1), 2).flatMap(p -> TrainMnistOnSpark.part(dir, p, 2).iterator());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkTrainer.builder(TOY, m -> new SGD(m, 0.1)).steps(1).build().fit(samples));
    assertEquals(
        "MNIST on executor driver: " + dir + ": no such directory; give the directory that holds"
            + " the MNIST files (the data directory must hold MNIST on every executor, at the same"
            + " path)",
        e.getMessage());
  }

  @Test
  void missingClassesOnExecutorsSayHowToShipThem() {
    RuntimeException failure =
        new RuntimeException(
            "Job aborted",
            new NoClassDefFoundError("dev/zerograd/nn/Module"));
    RuntimeException e = Errors.translated(failure);
    assertTrue(e instanceof IllegalStateException, e.toString());
    assertTrue(
        e.getMessage().startsWith("executors cannot load zerograd's classes (dev/zerograd/nn/Module)")
            && e.getMessage().contains("submit the application jar, spark/target/zerograd-spark-app.jar"),
        e.getMessage());
  }

  @Test
  void aFactoryCapturingSomethingUnserializableIsOneClearError() {
    Object notSerializable = new Object();
    ModelFactory bad =
        () -> {
          notSerializable.hashCode();
          return TOY.create();
        };
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkTrainer.builder(bad, m -> new SGD(m, 0.1)).steps(1).build()
                .fit(sc.parallelize(toyData(10, 6), 1)));
    assertTrue(e.getMessage().contains("java.lang.Object, which is not serializable"), e.getMessage());
  }

  private static double[] flatten(List<Sample> data) {
    double[] x = new double[data.size() * 20];
    for (int i = 0; i < data.size(); i++) {
      for (int j = 0; j < 20; j++) {
        x[i * 20 + j] = data.get(i).features()[j];
      }
    }
    return x;
  }

  private static int[] labels(List<Sample> data) {
    return data.stream().mapToInt(Sample::label).toArray();
  }
}
