package dev.zerograd.examples;

import static dev.zerograd.examples.CliRun.number;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.interop.ModelFiles;
import dev.zerograd.nn.SimpleConvNet;
import dev.zerograd.nn.Torch;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The book's programs (chapters 4, 6, 7 and 8) on small budgets: their numbers, checked with
 * margins that no CPU's rounding can cross, and their figures, valid PNGs of the expected size.
 * The programs that train read the first images of the real MNIST ({@code $MNIST_DIR}).
 */
class BookProgramsTest {
  @TempDir Path tmp;

  private static final double EPS64 = Math.ulp(1.0);

  /** Runs the program, which must succeed. */
  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code, Arrays.toString(args) + "\n" + r);
    return r;
  }

  /** Asserts that {@code png} is a PNG image of {@code width} x {@code height} pixels. */
  private static void assertPng(Path png, int width, int height) throws Exception {
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, png.toString());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(width, img.getWidth(), png + " width");
    assertEquals(height, img.getHeight(), png + " height");
  }

  private Path data(int train, int test) throws Exception {
    return RealMnist.subset(tmp.resolve("mnist"), train, test);
  }

  @Test
  void gradientDescentShrinksEachCoordinateByOneMinusTwiceTheRate() throws Exception {
    Path png = tmp.resolve("gd.png");
    CliRun r = ok("gradient-descent", "--plot", png.toString());
    List<String> steps = r.lines("step ");
    assertEquals(21, steps.size(), r.out);
    double f = Double.POSITIVE_INFINITY;
    for (int k = 0; k < steps.size(); k++) {
      // x <- x - 0.1 * 2x = 0.8 x: one rounding per operation, 20 steps, printed to 8 decimals.
      double scale = Math.pow(0.8, k);
      assertEquals(-3 * scale, number(steps.get(k), "x0"), 1e-8 + 100 * k * EPS64);
      assertEquals(4 * scale, number(steps.get(k), "x1"), 1e-8 + 100 * k * EPS64);
      double fk = number(steps.get(k), "f");
      assertTrue(fk < f, steps.get(k));
      f = fk;
    }
    String result = r.lines("RESULT ").get(0);
    assertEquals(25 * Math.pow(0.8, 40), number(result, "f"), 1e-10, result);
    assertPng(png, Figures.WIDTH, Figures.HEIGHT);
  }

  @Test
  void everyOptimiserApproachesTheMinimumOnItsOwnPath() throws Exception {
    Path png = tmp.resolve("paths.png");
    CliRun r = ok("optimizer-paths", "--plot", png.toString());
    for (String name : List.of("SGD", "Momentum", "AdaGrad", "Adam")) {
      List<String> path = r.lines("optimizer " + name + " ");
      assertEquals(31, path.size(), name);
      double f0 = number(path.get(0), "f");
      assertEquals(49.0 / 20 + 4, f0, 1e-6);
      // Each ends within a fifth of where it began (the book's figure: all four reach the
      // neighbourhood of the minimum in 30 steps).
      double last = number(path.get(30), "f");
      assertTrue(last < f0 / 5, name + ": f " + f0 + " -> " + last);
      assertEquals(last, number(r.lines("RESULT ").get(0), name + "_f"), 1e-6 * last);
    }
    // SGD's first step, exactly: (x, y) - 0.95 (x / 10, 2y).
    String first = r.lines("optimizer SGD step 1 ").get(0);
    assertEquals(-7 + 0.95 * 0.7, number(first, "x"), 1e-6);
    assertEquals(2 - 0.95 * 4, number(first, "y"), 1e-6);
    assertPng(png, 2 * Figures.WIDTH, 2 * Figures.HEIGHT);
  }

  @Test
  void activationsSaturateVanishOrSpreadAsTheBookShows() throws Exception {
    Path png = tmp.resolve("hist.png");
    CliRun r = ok("activation-histograms", "--plot", png.toString());
    assertEquals(30, r.lines("init ").size());
    String sigmoidStd1 = r.lines("init std=1 activation sigmoid layer 5").get(0);
    String sigmoidSmall = r.lines("init std=0.01 activation sigmoid layer 5").get(0);
    String sigmoidXavier = r.lines("init Xavier activation sigmoid layer 5").get(0);
    String reluSmall = r.lines("init std=0.01 activation relu layer 5").get(0);
    String reluHe = r.lines("init He activation relu layer 5").get(0);
    // std 1: the sigmoid's outputs pile up at 0 and 1 (vanishing gradients); std 0.01: all near
    // 0.5 (no expressiveness); Xavier between. ReLU with std 0.01 shrinks every layer ~14-fold;
    // He keeps the spread.
    assertTrue(number(sigmoidStd1, "near_0") + number(sigmoidStd1, "near_1") > 0.5, sigmoidStd1);
    assertTrue(number(sigmoidSmall, "std") < 0.02, sigmoidSmall);
    assertTrue(number(sigmoidXavier, "std") > 5 * number(sigmoidSmall, "std"), sigmoidXavier);
    assertTrue(number(reluSmall, "std") < 1e-3, reluSmall);
    assertTrue(number(reluHe, "std") > 0.3, reluHe);
    assertPng(png, 5 * 240, 6 * 180);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
  void numericalGradientsTrainAsBackpropAndAgreeWithIt() throws Exception {
    Path png = tmp.resolve("numerical.png");
    CliRun r =
        ok("train-numerical", "--data-dir", data(200, 10).toString(), "--hidden", "10",
            "--batch-size", "10", "--iterations", "3", "--plot", png.toString());
    List<String> iters = r.lines("iter ");
    assertEquals(3, iters.size(), r.out);
    double h = 1e-4;
    for (String line : iters) {
      double loss = number(line, "loss_backprop");
      // Central differences err by h^2/6 times the third derivative (at most 1 here: sigmoid
      // and softmax of inputs in [0, 1]) plus the loss's rounding over its longest sum (784
      // products) divided by h; backprop is exact to rounding. The two nets' weights differ
      // by the learning rate times that error, and so do their losses.
      double tol = h * h / 6 + 784 * EPS64 * loss / h;
      assertTrue(number(line, "max_grad_diff") <= tol, line + " tolerance " + tol);
      assertEquals(loss, number(line, "loss_numerical"), 1e-9 + 3 * tol, line);
      assertTrue(loss > 2 && loss < 2.6, line); // chance for 10 classes: ln 10 = 2.30
    }
    String result = r.lines("RESULT ").get(0);
    assertEquals(784 * 10 + 10 + 10 * 10 + 10, number(result, "parameters"), result);
    assertTrue(number(result, "numerical_seconds") > 0 && number(result, "backprop_seconds") > 0);
    assertPng(png, Figures.WIDTH, Figures.HEIGHT);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
  void adaptiveOptimisersAndHeInitialisationLearnFastest() throws Exception {
    Path dir = data(1000, 10);
    Path png = tmp.resolve("optimizers.png");
    CliRun o =
        ok("optimizer-comparison", "--data-dir", dir.toString(), "--iterations", "100",
            "--plot", png.toString());
    String result = o.lines("RESULT ").get(0);
    assertEquals(1, o.lines("iter ").size(), o.out); // iteration 0, every 100
    // After 100 iterations SGD is still near 1.9, the others below 0.8 (the book's figure 6-9).
    double sgd = number(result, "SGD_final_loss");
    for (String name : List.of("Momentum", "AdaGrad", "Adam")) {
      assertTrue(number(result, name + "_final_loss") < sgd - 0.5, result);
    }
    assertTrue(sgd < Math.log(10), result);
    assertPng(png, Figures.WIDTH, Figures.HEIGHT);

    CliRun w = ok("weight-init-comparison", "--data-dir", dir.toString(), "--iterations", "100");
    String init = w.lines("RESULT ").get(0);
    // std 0.01 does not move off chance (ln 10 = 2.303); He is well below it (figure 6-15).
    assertTrue(number(init, "std=0.01_final_loss") > 2.25, init);
    assertTrue(number(init, "He_final_loss") < 2.1, init);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
  void batchNormLearnsWhereThePlainNetDoesNot() throws Exception {
    Path png = tmp.resolve("bn.png");
    CliRun r =
        ok("batch-norm-comparison", "--data-dir", data(1000, 10).toString(), "--scales", "3",
            "--epochs", "10", "--plot", png.toString());
    assertEquals(3 * 10, r.lines("scale ").size(), r.out);
    // Weights of std 0.01: with batch norm 0.98 after 10 epochs; without, stuck at the most
    // frequent class (0.12).
    String mid = r.lines("scale 1.000e-02 epoch 9 ").get(0);
    assertTrue(number(mid, "batch_norm") > 0.8, mid);
    assertTrue(number(mid, "plain") < 0.3, mid);
    String result = r.lines("RESULT ").get(0);
    assertTrue(number(result, "batch_norm_ahead") >= 1, result);
    assertPng(png, 3 * 300, 240);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
  void threeHundredImagesOverfitAndRegularisationNarrowsTheGap() throws Exception {
    Path dir = data(300, 500);
    Path png = tmp.resolve("overfit.png");
    CliRun none =
        ok("overfit", "--data-dir", dir.toString(), "--epochs", "60", "--plot", png.toString());
    assertEquals(60, none.lines("epoch ").size());
    String plain = none.lines("RESULT ").get(0);
    // Measured: train 0.93, test 0.63 after 60 epochs; with weight decay train 0.78; with the
    // book's dropout (which also slows learning: each layer sees 0.8 of its inputs) train 0.24,
    // test 0.20.
    assertTrue(number(plain, "train_acc") > 0.85, plain);
    assertTrue(number(plain, "gap") > 0.2, plain);
    String decay =
        ok("overfit", "--data-dir", dir.toString(), "--epochs", "60", "--regularization", "weight-decay")
            .lines("RESULT ").get(0);
    assertTrue(number(decay, "train_acc") < number(plain, "train_acc") - 0.08, decay);
    String dropout =
        ok("overfit", "--data-dir", dir.toString(), "--epochs", "60", "--regularization", "dropout")
            .lines("RESULT ").get(0);
    assertTrue(number(dropout, "gap") < number(plain, "gap") - 0.08, dropout);
    assertPng(png, Figures.WIDTH, Figures.HEIGHT);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
  void randomSearchDrawsLogUniformlyAndRanksTheTrials() throws Exception {
    Path png = tmp.resolve("search.png");
    CliRun r =
        ok("hyperparameter-search", "--data-dir", data(500, 10).toString(), "--trials", "4",
            "--epochs", "3", "--plot", png.toString());
    List<String> trials = r.lines("trial ");
    assertEquals(4, trials.size(), r.out);
    for (String t : trials) {
      double lr = number(t, "lr");
      double wd = number(t, "weight_decay");
      assertTrue(lr >= 1e-6 && lr <= 1e-2, t);
      assertTrue(wd >= 1e-8 && wd <= 1e-4, t);
      assertTrue(number(t, "val_acc") >= 0 && number(t, "val_acc") <= 1, t);
    }
    List<String> best = r.lines("best ");
    assertEquals(4, best.size());
    for (int k = 1; k < best.size(); k++) {
      assertTrue(number(best.get(k), "val_acc") <= number(best.get(k - 1), "val_acc"), r.out);
    }
    String result = r.lines("RESULT ").get(0);
    assertEquals(number(best.get(0), "val_acc"), number(result, "best_val_acc"), result);
    assertEquals(number(best.get(0), "lr"), number(result, "best_lr"), result);
    assertPng(png, 4 * 240, 180);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
  void learnedFiltersAreSmoothAndTheirResponsesAreTheCorrelation() throws Exception {
    Path dir = data(1000, 10);
    Path png = tmp.resolve("filters.png");
    Path apply = tmp.resolve("apply.png");
    CliRun trained =
        ok("convnet-filters", "--data-dir", dir.toString(), "--iterations", "30", "--plot",
            png.toString(), "--apply", apply.toString());
    assertEquals(30, trained.lines("filter ").size());
    String result = trained.lines("RESULT ").get(0);
    // Random filters: neighbours uncorrelated (-0.05 here); after 30 steps 0.30.
    assertTrue(number(result, "before_smoothness") < 0.1, result);
    assertTrue(number(result, "after_smoothness") > number(result, "before_smoothness") + 0.15, result);
    assertPng(png, 10 * (5 * 10 + 6), 6 * (5 * 10 + 6 + 14));
    assertPng(apply, 8 * (28 * 3 + 6), 2 * (28 * 3 + 6 + 14));

    // A saved net's filters, applied to test image 3: the printed extremes are those of the
    // 2-D correlation computed here directly, to float32's rounding of 25 products.
    Path model = tmp.resolve("convnet.npz");
    ok("train-convnet", "--data-dir", dir.toString(), "--epochs", "1", "--save", model.toString());
    CliRun loaded =
        ok("convnet-filters", "--data-dir", dir.toString(), "--model", model.toString(), "--image", "3");
    SimpleConvNet net = new SimpleConvNet(DType.FLOAT32, 0);
    ModelFiles.loadInto(net, model);
    float[] w = net.namedParameters().get("layers.conv1.W").value().toFloatArray();
    float[] b = net.namedParameters().get("layers.conv1.b").value().toFloatArray();
    float[] img = dev.zerograd.data.mnist.Mnist.load(dir).test().images().select(0, 3).toFloatArray();
    for (int k = 0; k < 30; k++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double magnitude = Math.abs(b[k]);
      for (int i = 0; i < 24; i++) {
        for (int j = 0; j < 24; j++) {
          double s = b[k];
          for (int u = 0; u < 5; u++) {
            for (int v = 0; v < 5; v++) {
              s += (double) w[k * 25 + u * 5 + v] * img[(i + u) * 28 + j + v];
              magnitude = Math.max(magnitude, Math.abs(w[k * 25 + u * 5 + v]));
            }
          }
          lo = Math.min(lo, s);
          hi = Math.max(hi, s);
        }
      }
      String line = loaded.lines("apply filter " + k + " image 3 ").get(0);
      double tol = 0.5e-5 + 26 * 26 * Math.ulp(1f) * magnitude; // printed to 5 decimals
      assertEquals(lo, number(line, "min"), tol, line);
      assertEquals(hi, number(line, "max"), tol, line);
    }
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
  void deepConvNetLearnsAndKeepsItsAccuracyIn16BitWeights() throws Exception {
    Path dir = data(1000, 500);
    Path png = tmp.resolve("misclassified.png");
    Path model = tmp.resolve("deep.safetensors");
    CliRun r =
        ok("train-deepconvnet", "--data-dir", dir.toString(), "--epochs", "3", "--misclassified",
            png.toString(), "--save", model.toString());
    String result = r.lines("RESULT ").get(0);
    double acc = number(result, "test_acc");
    // 30 steps: 0.48 here, far from chance (0.1).
    assertTrue(acc > 0.25, result);
    for (String p : List.of("float16", "bfloat16")) {
      String line = r.lines("PRECISION " + p + " ").get(0);
      // Rounding the weights (relatively by 2^-11 and 2^-8) moves the scores by about as much:
      // it may flip a near tie, never 5 % of the images.
      assertEquals(acc, number(line, "test_acc"), 0.05, line);
    }
    // Over a hundred of the 500 are wrong, so the grid shows its 40 in 4 rows of 10.
    assertTrue((1 - acc) * 500 > 100, result);
    assertTrue(r.err.contains("drew 40 misclassified images"), r.err);
    assertPng(png, 10 * (28 * 2 + 6), 4 * (28 * 2 + 6 + 14));
    // The saved file names its architecture: evaluate rebuilds the net from the file alone.
    String evaluated =
        ok("evaluate", "--model", model.toString(), "--data-dir", dir.toString()).lines("RESULT ").get(0);
    assertTrue(number(evaluated, "test_acc") > 0.25, evaluated);
  }

  @Test
  void badCountsAndOutputsAreOneLineBeforeAnyWork() throws Exception {
    String[][] cases = {
      {"gradient-descent", "--steps", "0"},
      {"gradient-descent", "--learning-rate", "-0.1"},
      {"optimizer-paths", "--steps", "-3"},
      {"optimizer-comparison", "--iterations", "0"},
      {"weight-init-comparison", "--iterations", "0"},
      {"batch-norm-comparison", "--scales", "0"},
      {"batch-norm-comparison", "--epochs", "0"},
      {"overfit", "--regularization", "l1"},
      {"overfit", "--epochs", "0"},
      {"hyperparameter-search", "--trials", "0"},
      {"hyperparameter-search", "--epochs", "-1"},
      {"train-numerical", "--hidden", "0"},
      {"convnet-filters", "--image", "-1"},
      {"convnet-filters", "--model", tmp.resolve("none.npz").toString()},
      {"train-deepconvnet", "--misclassified", tmp.resolve("wrong.jpg").toString()},
      {"activation-histograms", "--plot", tmp.resolve("no/such/dir/h.png").toString()},
    };
    String[] expected = {
      "--steps 0 must be at least 1",
      "--learning-rate -0.1 must be a positive number",
      "--steps -3 must be at least 1",
      "--iterations 0 must be at least 1",
      "--iterations 0 must be at least 1",
      "--scales 0 must be at least 1",
      "--epochs 0 must be at least 1",
      "--regularization l1: use none, weight-decay or dropout",
      "--epochs 0 must be at least 1",
      "--trials 0 must be at least 1",
      "--epochs -1 must be at least 1",
      "--hidden 0 must be at least 1",
      "--image -1 must be 0 or more",
      "none.npz: no such file",
      "the file name must end in .png",
      "does not exist",
    };
    for (int i = 0; i < cases.length; i++) {
      CliRun r = CliRun.of(cases[i]);
      String what = Arrays.toString(cases[i]) + "\n" + r.err;
      assertEquals(2, r.code, what);
      assertTrue(r.err.lines().findFirst().orElse("").contains(expected[i]), what);
      assertEquals("", r.out, what);
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(0, files.count(), "nothing written");
    }
  }

  @Test
  void anImageBeyondTheTestSetIsNamedWithTheRange() throws Exception {
    Path dir = tmp.resolve("fake");
    dev.zerograd.data.mnist.FakeMnist.write(dir, 100, 5, false);
    CliRun r = CliRun.of("convnet-filters", "--data-dir", dir.toString(), "--image", "5");
    assertEquals(1, r.code, r.toString());
    assertEquals(
        "error: convnet-filters: --image 5, but the test set has 5 images; give 0 to 4",
        r.err.lines().filter(l -> l.startsWith("error")).findFirst().orElse(r.err));
  }

  @Test
  void aModelFileOfAnotherNetIsRefusedBeforeTheDataIsRead() throws Exception {
    Path dir = tmp.resolve("fake");
    dev.zerograd.data.mnist.FakeMnist.write(dir, 100, 5, false);
    Path two = tmp.resolve("two.npz");
    ok("train-mnist", "--data-dir", dir.toString(), "--iterations", "2", "--save", two.toString());
    CliRun r = CliRun.of("convnet-filters", "--data-dir", dir.toString(), "--model", two.toString());
    assertEquals(1, r.code, r.toString());
    assertTrue(r.err.startsWith("error: cannot load " + two + " into SimpleConvNet: missing 'layers.conv1.W'"), r.err);
    assertEquals(1, r.err.lines().count(), r.err);
  }

  @Test
  void precisionRoundsAsPyTorchDoes() throws Exception {
    assumeTrue(Torch.installed(), "/usr/bin/python3 with torch and numpy is not installed");
    Generator g = new Generator(8);
    // Values across float32's range (normal, subnormal in float16, beyond float16), with ties.
    float[] v = new float[20_000];
    for (int i = 0; i < v.length; i++) {
      double e = Math.scalb(1.0, -30 + (int) (g.nextDouble() * 50));
      v[i] = (float) ((g.nextDouble() < 0.5 ? -1 : 1) * e * (1 + g.nextDouble()));
    }
    v[0] = 1 + 0x1p-11f;
    v[1] = 1 + 0x1p-8f;
    v[2] = 65519.99f;
    v[3] = 65520f;
    v[4] = Float.MAX_VALUE;
    v[5] = Float.MIN_VALUE;
    v[6] = -0f;
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("x", Tensor.of(v));
    Map<String, Tensor> torch = Torch.run(getClass(), "/torch_precision.py", in, tmp);
    for (Precision p : Precision.values()) {
      float[] theirs = torch.get(p.name().toLowerCase(Locale.ROOT)).toFloatArray();
      float[] ours = p.round(Tensor.of(v)).toFloatArray();
      for (int i = 0; i < v.length; i++) {
        assertEquals(
            Float.floatToIntBits(theirs[i]), Float.floatToIntBits(ours[i]), p + " of " + v[i]);
      }
    }
  }

  @Test
  void precisionRoundsToTheNearestSixteenBitValueTiesToEven() {
    // float16: 11 significant bits, largest 65504, subnormal step 2^-24.
    assertEquals(0.333251953125f, Precision.FLOAT16.round(1f / 3));
    assertEquals(1f, Precision.FLOAT16.round(1 + 0x1p-11f)); // tie: to the even 1
    assertEquals(1 + 0x1p-9f, Precision.FLOAT16.round(1 + 3 * 0x1p-11f)); // tie: to even
    assertEquals(65504f, Precision.FLOAT16.round(65519f));
    assertEquals(Float.POSITIVE_INFINITY, Precision.FLOAT16.round(65520f));
    assertEquals(2 * 0x1p-24f, Precision.FLOAT16.round(1e-7f));
    assertEquals(-0f, Precision.FLOAT16.round(-0f));
    // bfloat16: 8 significant bits, float32's range.
    assertEquals(0.333984375f, Precision.BFLOAT16.round(1f / 3));
    assertEquals(1f, Precision.BFLOAT16.round(1 + 0x1p-8f));
    assertEquals(1 + 0x1p-6f, Precision.BFLOAT16.round(1 + 3 * 0x1p-8f));
    assertEquals(Float.POSITIVE_INFINITY, Precision.BFLOAT16.round(Float.MAX_VALUE)); // > (2 - 2^-8) 2^127
    Tensor t = Tensor.of(new float[] {1f / 3, -2.5f, 1e-30f}).reshape(1, 3);
    Tensor r = Precision.BFLOAT16.round(t);
    assertArrayEquals(new int[] {1, 3}, r.shape().toArray());
    assertEquals(Precision.BFLOAT16.round(1e-30f), r.toFloatArray()[2]);
  }
}
