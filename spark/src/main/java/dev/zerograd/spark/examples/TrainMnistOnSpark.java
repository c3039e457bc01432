package dev.zerograd.spark.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.data.mnist.MnistLocator;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.nn.optim.Adam;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.spark.Sample;
import dev.zerograd.spark.SparkTrainer;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The textbook's two-layer net (784-50-10, SGD lr 0.1, batch 100) trained on MNIST with Spark,
 * by parameter averaging (default) or synchronous gradient averaging, printing a progress line
 * per round and the {@code RESULT} line of {@code train-mnist} plus {@code mode=}, {@code
 * partitions=} and {@code params=} (the start of the SHA-256 of the trained parameters' bits, so
 * that two runs are compared exactly: local and cluster runs of one mode and partition count
 * print the same).
 *
 * <pre>
 * TrainMnistOnSpark [--master local[2]] [--mode averaging|sync] [--partitions N] [--rounds N]
 *                   [--local-steps N] [--data-dir DIR] [--save net.npz]
 * </pre>
 *
 * Without {@code --master} it uses {@code spark.master} when spark-submit set it, else {@code
 * local[2]}. MNIST is found as {@code train-mnist} finds it.
 */
public final class TrainMnistOnSpark {
  private TrainMnistOnSpark() {}

  /**
   * Runs the example; bad arguments print one line and exit with 2.
   *
   * @param args the options above
   * @throws Exception when the data cannot be read or the job fails
   */
  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    try {
      run(o);
    } catch (IllegalArgumentException | IllegalStateException | java.io.IOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void run(Options o) throws java.io.IOException {
    PrintWriter err = new PrintWriter(System.err, true);
    Mnist mnist = MnistLocator.standard(o.dataDir, err).load();
    SparkSession spark = SparkSessions.start("zerograd-mnist", o.master);
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      // Each partition reads its share of the files where it runs (the local directory here; on
      // a cluster, a path every node sees), so that tasks carry no data: a parallelised
      // collection would ship its rows with every task of every step.
      String dir = mnistDirectory(o.dataDir).toAbsolutePath().toString();
      int parts = o.partitions;
      JavaRDD<Sample> samples =
          sc.parallelize(java.util.stream.IntStream.range(0, parts).boxed().toList(), parts)
              .flatMap(p -> part(dir, p, parts).iterator());
      boolean adam = o.adam;
      SparkTrainer.Builder t =
          SparkTrainer.builder(
                  () -> new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0),
                  adam
                      ? m -> Adam.builder(m).lr(0.001).build()
                      : m -> new SGD(m, 0.1))
              .mode(o.mode)
              .batchSize(100)
              .steps(o.rounds)
              .localSteps(o.localSteps)
              .seed(0)
              .onRound(
                  r -> {
                    if (r.round() % o.every == 0 || r.round() == o.rounds) {
                      System.out.printf(
                          Locale.ROOT,
                          "round %d loss %.4f batch_acc %.4f seconds %.2f%n",
                          r.round(),
                          r.loss(),
                          r.accuracy(),
                          r.seconds());
                    }
                  });
      if (o.save != null) {
        t.checkpoint(o.save, Math.max(1, o.rounds / 10));
      }
      SparkTrainer.Result result = t.build().fit(samples);
      double train = result.model().accuracy(mnist.train().images(), mnist.train().labels());
      double test = result.model().accuracy(mnist.test().images(), mnist.test().labels());
      long iterations =
          o.mode == SparkTrainer.Mode.SYNCHRONOUS ? o.rounds : (long) o.rounds * o.localSteps;
      System.out.printf(
          Locale.ROOT,
          "RESULT dtype=float32 iterations=%d train_acc=%.4f test_acc=%.4f train_seconds=%.2f"
              + " mode=%s partitions=%d params=%s%n",
          iterations,
          train,
          test,
          result.seconds(),
          o.mode == SparkTrainer.Mode.SYNCHRONOUS ? "sync" : "averaging",
          result.partitions(),
          parameterHash(result.model()));
    } finally {
      spark.stop();
    }
  }

  /**
   * The first 16 hex digits of the SHA-256 of a model's parameters: names, then each value's
   * float64 bits, in order.
   *
   * @param model the model
   * @return 16 hex digits
   */
  public static String parameterHash(dev.zerograd.nn.Module model) {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
    model.namedParameters().forEach((name, p) -> {
      sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (double v : p.value().toDoubleArray()) {
        sha.update(b.clear().putLong(Double.doubleToLongBits(v)).array());
      }
    });
    return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }

  /** Where MNIST was found: --data-dir, MNIST_DIR, or the cache it was fetched into. */
  private static Path mnistDirectory(Path dataDir) {
    if (dataDir != null) {
      return dataDir;
    }
    String env = System.getenv("MNIST_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : MnistLocator.defaultCache();
  }

  /**
   * On an executor: part {@code p} of {@code parts} of MNIST's training rows, read alone from
   * {@code dir} ({@link Mnist#loadTrainPart}: the executor never holds the other parts), as
   * samples; a directory or file missing there is one line saying so.
   *
   * @param dir the MNIST directory, as the executor sees it
   * @param p the part, from 0
   * @param parts the number of parts
   * @return the rows {@code [p n / parts, (p + 1) n / parts)}
   * @throws IllegalArgumentException naming the executor and what is missing or wrong
   */
  public static List<Sample> part(String dir, int p, int parts) {
    try {
      return samples(Mnist.loadTrainPart(Path.of(dir), p, parts));
    } catch (java.io.IOException e) {
      org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
      String where = env == null ? "this JVM" : "executor " + env.executorId();
      throw new IllegalArgumentException(
          "MNIST on "
              + where
              + ": "
              + e.getMessage()
              + " (the data directory must hold MNIST on every executor, at the same path)",
          e);
    }
  }

  /**
   * A split's rows as samples.
   *
   * @param split the images and labels
   * @return one sample per image
   */
  public static List<Sample> samples(Mnist.Split split) {
    Tensor images = split.images();
    int n = images.dim(0);
    int width = images.dim(1);
    float[] all = images.toFloatArray();
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          new Sample(
              java.util.Arrays.copyOfRange(all, i * width, (i + 1) * width), split.labels()[i]));
    }
    return out;
  }

  /** The command line. */
  static final class Options {
    static final String USAGE =
        "usage: TrainMnistOnSpark [--master URL] [--mode averaging|sync] [--partitions N]"
            + " [--rounds N] [--local-steps N] [--data-dir DIR] [--save FILE.npz]";

    String master;
    SparkTrainer.Mode mode = SparkTrainer.Mode.PARAMETER_AVERAGING;
    int partitions = 2;
    int rounds = -1;
    int localSteps = 100;
    int every = 1;
    boolean adam;
    Path dataDir;
    Path save;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--master":
            o.master = v;
            break;
          case "--mode":
            if (v.equals("sync")) {
              o.mode = SparkTrainer.Mode.SYNCHRONOUS;
            } else if (v.equals("averaging")) {
              o.mode = SparkTrainer.Mode.PARAMETER_AVERAGING;
            } else {
              throw new IllegalArgumentException("--mode " + v + ": use averaging or sync");
            }
            break;
          case "--optimizer":
            if (!v.equals("sgd") && !v.equals("adam")) {
              throw new IllegalArgumentException("--optimizer " + v + ": use sgd or adam");
            }
            o.adam = v.equals("adam");
            break;
          case "--partitions":
            o.partitions = positive(a, v);
            break;
          case "--rounds":
            o.rounds = positive(a, v);
            break;
          case "--local-steps":
            o.localSteps = positive(a, v);
            break;
          case "--data-dir":
            o.dataDir = Path.of(v);
            if (!Files.isDirectory(o.dataDir)) {
              throw new IllegalArgumentException("--data-dir " + v + " is not a directory");
            }
            break;
          case "--save":
            o.save = Path.of(v);
            Path dir = o.save.toAbsolutePath().getParent();
            if (!v.endsWith(".npz") || dir == null || !Files.isDirectory(dir)) {
              throw new IllegalArgumentException(
                  "--save " + v + ": give a .npz file in an existing directory");
            }
            break;
          default:
            throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.rounds < 0) {
        // The textbook's 10000 single-process steps, as rounds of the chosen mode.
        o.rounds = o.mode == SparkTrainer.Mode.SYNCHRONOUS ? 2000 : 300;
      }
      o.every = o.mode == SparkTrainer.Mode.SYNCHRONOUS ? 100 : 20;
      return o;
    }

    private static int positive(String name, String v) {
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " " + v + " is not a number");
      }
      if (n < 1) {
        throw new IllegalArgumentException(name + " " + v + " must be at least 1");
      }
      return n;
    }
  }
}
