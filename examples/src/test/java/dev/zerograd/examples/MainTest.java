package dev.zerograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.data.mnist.FakeMnist;
import dev.zerograd.tensor.cpu.Blas;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  @TempDir Path tmp;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void helpListsEverySubcommand() {
    CliRun r = run("--help");
    assertEquals(0, r.code);
    for (String sub :
        List.of(
            "train-mnist", "train-convnet", "train-deepconvnet", "evaluate", "gradient-check",
            "buy-apple", "buy-apple-orange", "custom-op", "graph", "hvp", "train-numerical",
            "gradient-descent", "optimizer-paths", "optimizer-comparison", "activation-histograms",
            "weight-init-comparison", "batch-norm-comparison", "overfit", "hyperparameter-search",
            "convnet-filters")) {
      assertTrue(r.out.contains(sub), r.out);
      CliRun h = run(sub, "--help");
      assertEquals(0, h.code, sub);
      assertTrue(h.out.startsWith("Usage: zerograd-examples " + sub), h.out);
    }
    assertTrue(run("train-mnist", "--help").out.contains("--learning-rate"));
  }

  @Test
  void everyHelpTextFormatsWithoutAStrayPercentSign() {
    // picocli formats descriptions with String.format: a bare '%' makes it print a warning to
    // System.err and show the raw text.
    CommandLine main = new CommandLine(new Main());
    List<String> texts = new java.util.ArrayList<>();
    for (CommandLine sub : main.getSubcommands().values()) {
      texts.addAll(Arrays.asList(sub.getCommandSpec().usageMessage().description()));
      sub.getCommandSpec().options().forEach(o -> texts.addAll(Arrays.asList(o.description())));
    }
    for (String t : texts) {
      String stripped = t.replace("%%", "").replace("%n", "");
      assertFalse(stripped.contains("%"), "a bare % in: " + t);
      String.format(t); // and it formats
    }
    assertTrue(texts.size() > 100, "descriptions read: " + texts.size());
  }

  @Test
  void badUsageGivesOneLineTheUsageAndExitCode2() {
    String[][] cases = {
      {"train-mnist", "--iterations", "-5"},
      {"train-mnist", "--batch-size", "0"},
      {"train-mnist", "--batch-size", "60001"},
      {"train-mnist", "--dtype", "float16"},
      {"train-mnist", "--optimizer", "lbfgs"},
      {"train-mnist", "--learning-rate", "-1"},
      {"train-mnist", "--bogus"},
      {"no-such-command"},
    };
    String[] expected = {
      "--iterations -5 must be at least 1",
      "--batch-size 0 must be at least 1",
      "--batch-size 60001 is larger than the MNIST training set (60000)",
      "unknown dtype 'float16': use float32 or float64",
      "unknown optimizer 'lbfgs'",
      "--learning-rate -1.0 must be a positive number",
      "Unknown option: '--bogus'",
      "Unmatched argument at index 0: 'no-such-command'",
    };
    for (int i = 0; i < cases.length; i++) {
      CliRun r = run(cases[i]);
      String what = Arrays.toString(cases[i]) + "\n" + r.err;
      assertEquals(2, r.code, what);
      assertTrue(r.err.lines().findFirst().orElse("").contains(expected[i]), what);
      assertTrue(r.err.contains("Usage: zerograd-examples"), what);
      assertEquals("", r.out, what);
    }
  }

  @Test
  void badUsageTouchesNoFiles() throws Exception {
    Path save = tmp.resolve("net.npz");
    Path plot = tmp.resolve("curves.png");
    CliRun r =
        run(
            "train-mnist",
            "--save",
            save.toString(),
            "--plot",
            plot.toString(),
            "--iterations",
            "-1");
    assertEquals(2, r.code);
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(0, files.count());
    }
    CliRun dir = run("train-mnist", "--save", tmp.resolve("missing/net.npz").toString());
    assertEquals(2, dir.code);
    assertTrue(dir.err.contains("does not exist"), dir.err);
  }

  @Test
  void trainMnistPrintsTheContractSavesPlotsAndResumes() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 500, 100, true);
    Path save = tmp.resolve("net.npz");
    Path plot = tmp.resolve("curves.png");
    CliRun r =
        run(
            "train-mnist", "--data-dir", data.toString(), "--iterations", "12", "--batch-size",
            "100", "--hidden", "8", "--save", save.toString(), "--plot", plot.toString());
    assertEquals(0, r.code, r.err);
    List<String> lines = r.out.lines().toList();
    assertTrue(lines.get(0).startsWith("BLAS: "), r.out);
    // 5 iterations per epoch (500 / 100): evaluations after iterations 0, 5, 10 and 11.
    assertEquals(6, lines.size(), r.out);
    assertTrue(
        lines.get(1).matches("epoch 0 iter 0 loss \\d+\\.\\d{4} train_acc \\d\\.\\d{4} test_acc \\d\\.\\d{4}"),
        lines.get(1));
    assertTrue(lines.get(3).startsWith("epoch 2 iter 10 "), r.out);
    assertTrue(lines.get(4).startsWith("epoch 2 iter 11 "), r.out);
    assertTrue(
        lines.get(5).matches(
            "RESULT dtype=float32 iterations=12 train_acc=\\d\\.\\d{4} test_acc=\\d\\.\\d{4} train_seconds=\\d+\\.\\d\\d"),
        lines.get(5));
    assertTrue(Files.size(save) > 0);
    byte[] png = Files.readAllBytes(plot);
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    CliRun resumed =
        run(
            "train-mnist", "--data-dir", data.toString(), "--iterations", "15", "--hidden", "8",
            "--dtype", "float32", "--resume", save.toString());
    assertEquals(0, resumed.code, resumed.err);
    assertTrue(resumed.err.contains("resumed from " + save + " at iteration 12"), resumed.err);
    Path state = dev.zerograd.interop.ModelFiles.optimizerFile(save);
    assertEquals(
        "error: " + state + " holds SGD's state, not Adam's; resume with the optimiser it was saved"
            + " with, or delete the file to start Adam afresh",
        errorLine(
            run("train-mnist", "--data-dir", data.toString(), "--iterations", "15", "--hidden", "8",
                "--resume", save.toString(), "--optimizer", "adam")));
  }

  @Test
  void resumeWithAMismatchingFileFailsBeforeTraining() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    Path save = tmp.resolve("small.npz");
    assertEquals(
        0,
        run("train-mnist", "--data-dir", data.toString(), "--iterations", "1", "--hidden", "4",
            "--save", save.toString()).code);
    CliRun r =
        run("train-mnist", "--data-dir", data.toString(), "--iterations", "1", "--hidden", "8",
            "--resume", save.toString());
    assertEquals(1, r.code);
    assertTrue(r.err.contains("'W1' is (784, 4) float32 in the file but (784, 8) float32"), r.err);
    assertFalse(r.out.contains("epoch"), r.out);
  }

  @Test
  void batchLargerThanASmallDatasetIsAUsageError() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 50, 10, false);
    CliRun r = run("train-mnist", "--data-dir", data.toString(), "--batch-size", "100");
    assertEquals(2, r.code, r.err);
    assertTrue(r.err.contains("larger than the training set (50)"), r.err);
  }

  @Test
  void float64Training() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    CliRun r =
        run("train-mnist", "--data-dir", data.toString(), "--iterations", "3", "--dtype", "float64");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("RESULT dtype=float64 iterations=3 "), r.out);
  }

  @Test
  void threadsSetTheBundledLibrarysThreadCount() throws Exception {
    assumeTrue(Blas.backend() == Blas.Backend.BUNDLED_OPENBLAS, "only the bundled library");
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    CliRun r = run("train-mnist", "--data-dir", data.toString(), "--iterations", "3", "--threads", "1");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains(", 1 thread,"), r.out);
  }

  @Test
  void shoppingGraphsPrintPriceAndGradients() {
    assertEquals(
        List.of("price: 220", "dapple: 2.2", "dapple_num: 110", "dtax: 200"),
        run("buy-apple").out.lines().toList());
    assertEquals(
        List.of(
            "price: 715", "dapple: 2.2", "dapple_num: 110", "dorange: 3.3", "dorange_num: 165",
            "dtax: 650"),
        run("buy-apple-orange").out.lines().toList());
  }

  @Test
  void gradientCheckPassesOnMnistShapedData() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 5, 5, false);
    CliRun r = run("gradient-check", "--data-dir", data.toString());
    assertEquals(0, r.code, r.out + r.err);
    List<String> lines = r.out.lines().toList();
    assertEquals(4, lines.size(), r.out);
    assertTrue(lines.get(0).matches("W1: \\d\\.\\d{3}e-\\d\\d ok \\(< 1e-8\\)"), r.out);
  }

  @Test
  void hvpAgreesWithFiniteDifferences() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 5, 5, false);
    CliRun r = run("hvp", "--data-dir", data.toString(), "--seed", "3");
    assertEquals(0, r.code, r.out + r.err);
    List<String> lines = r.out.lines().toList();
    assertEquals(1, lines.size(), r.out);
    String line = lines.get(0);
    assertTrue(line.matches("HVP rel_err_vs_finite_difference=\\d\\.\\d{3}e-\\d\\d"), line);
    double err = Double.parseDouble(line.substring(line.indexOf('=') + 1));
    assertTrue(err < HvpCommand.LIMIT, line);
  }

  @Test
  void graphWritesDot() throws Exception {
    Path dot = tmp.resolve("step.dot");
    CliRun r = run("graph", "--output", dot.toString());
    assertEquals(0, r.code, r.err);
    String text = Files.readString(dot);
    assertTrue(text.contains("W1\\n(784, 50)"), text);
    assertTrue(text.contains("softmaxCrossEntropy"), text);
    assertTrue(r.out.contains("wrote " + dot), r.out);
  }

  /** Whether this JVM runs as root, which file permissions do not stop. */
  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Asserts exit code 2 and a first line of stderr equal to {@code line}, before the usage. */
  private static void assertUsageError(CliRun r, String line) {
    assertEquals(2, r.code, r.err);
    assertEquals(line, r.err.lines().findFirst().orElse(""), r.err);
    assertTrue(r.err.contains("Usage: zerograd-examples"), r.err);
    assertFalse(r.err.contains("Exception"), r.err);
  }

  @Test
  void outputOptionsNamingADirectoryAreRefusedBeforeTraining() throws Exception {
    assertUsageError(
        run("train-mnist", "--save", "/"), "--save /: is a directory; give a file name");
    assertUsageError(
        run("train-mnist", "--plot", "/"), "--plot /: is a directory; give a file name");
    assertUsageError(run("graph", "-o", "/"), "--output /: is a directory; give a file name");
    Path existing = Files.createDirectories(tmp.resolve("net.npz"));
    assertUsageError(
        run("train-mnist", "--save", existing.toString()),
        "--save " + existing + ": is a directory; give a file name");
  }

  @Test
  void outputInAReadOnlyDirectoryIsRefusedBeforeTraining() throws Exception {
    assumeFalse(isRoot(), "root writes anywhere");
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    Path save = ro.resolve("net.npz");
    assertUsageError(
        run("train-mnist", "--save", save.toString()),
        "--save " + save + ": permission denied: cannot create files in " + ro);
  }

  @Test
  void permissionErrorsSaySo() {
    assertEquals(
        "/data/train-labels-idx1-ubyte: permission denied",
        Main.describe(new AccessDeniedException("/data/train-labels-idx1-ubyte")));
    assertEquals(
        "/x/net.npz: no such file or directory",
        Main.describe(new NoSuchFileException("/x/net.npz")));
    assertEquals(
        "/x: Read-only file system",
        Main.describe(new FileSystemException("/x", null, "Read-only file system")));
  }

  @Test
  void anUnreadableDataFileSaysPermissionDenied() throws Exception {
    assumeFalse(isRoot(), "root reads anything");
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 20, 10, false);
    Path labels = data.resolve("train-labels-idx1-ubyte");
    Files.setPosixFilePermissions(labels, PosixFilePermissions.fromString("-w-------"));
    CliRun r = run("train-mnist", "--data-dir", data.toString(), "--iterations", "1");
    assertEquals(1, r.code, r.err);
    assertTrue(r.err.contains("error: " + labels + ": permission denied"), r.err);
  }

  @Test
  void aCorruptResumeFileIsNamedBeforeTraining() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    Path save = tmp.resolve("net.npz");
    assertEquals(
        0,
        run("train-mnist", "--data-dir", data.toString(), "--iterations", "1", "--save",
            save.toString()).code);
    byte[] all = Files.readAllBytes(save);
    Files.write(save, Arrays.copyOf(all, all.length / 2));
    CliRun r =
        run("train-mnist", "--data-dir", data.toString(), "--iterations", "1", "--resume",
            save.toString());
    assertEquals(1, r.code, r.err);
    assertTrue(
        r.err.lines().anyMatch(l -> l.startsWith("error: " + save + ": corrupt or truncated")),
        r.err);
    assertFalse(r.out.contains("epoch"), r.out);
  }

  @Test
  void converterErrorsShowOnlyTheMessage() {
    CliRun r = run("train-mnist", "--dtype", "float16");
    assertUsageError(
        r,
        "Invalid value for option '--dtype': unknown dtype 'float16': use float32 or float64");
  }

  @Test
  void moreThreadsThanCoresIsRefused() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertUsageError(
        run("train-mnist", "--threads", "1000"),
        "--threads 1000 is more than the " + cores + " cores this machine has; use 1 to " + cores);
  }

  @Test
  void anEmptyTrainingSetIsADataError() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 0, 10, false);
    CliRun r = run("train-mnist", "--data-dir", data.toString());
    assertEquals(1, r.code, r.err);
    assertEquals(
        "error: " + data.resolve("train-images-idx3-ubyte") + ": holds no images; give a file"
            + " with at least one",
        r.err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(r.err));
  }

  /** The one "error: " line of a failed run, checked to carry no stack trace. */
  private static String errorLine(CliRun r) {
    assertEquals(1, r.code, r.err);
    assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), r.err);
    return r.err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(r.err);
  }

  @Test
  void countsDerivedFromOptionsThatOverflowNameTheOption() throws Exception {
    assertUsageError(
        run("train-convnet", "--epochs", "2147483647"),
        "--epochs 2147483647: 2147483647 epochs of 600 iterations is more than 2147483647"
            + " iterations; give at most 3579139");
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    // Checked once the data set says how many pixels an image has, before the network exists.
    CliRun huge = run("train-mnist", "--data-dir", data.toString(), "--hidden", "3000000");
    assertEquals(2, huge.code, huge.err);
    assertTrue(
        huge.err.contains(
            "\n--hidden 3000000: W1 (784 x 3000000) and the activations would have up to"
                + " 3000000000 elements, more than a tensor holds (2147483639); give --hidden at"
                + " most 2147483\n"),
        huge.err);
    CliRun big = run("train-mnist", "--data-dir", data.toString(), "--hidden", "1000000");
    assertEquals(2, big.code, big.err);
    assertFalse(big.err.contains("Exception"), big.err);
    String line = big.err.lines().filter(l -> l.startsWith("--hidden")).findFirst().orElse("");
    assertTrue(line.startsWith("--hidden 1000000: training needs about "), line);
    assertTrue(line.endsWith("give a smaller --hidden or run java with a larger -Xmx"), line);
  }

  @Test
  void aDataDirectoryThatIsNoneSaysWhich() throws Exception {
    Path none = tmp.resolve("none");
    assertEquals(
        "error: " + none + ": no such directory; give the directory that holds the MNIST files",
        errorLine(run("train-mnist", "--data-dir", none.toString())));
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertEquals(
        "error: " + file + ": not a directory; give the directory that holds the MNIST files",
        errorLine(run("train-mnist", "--data-dir", file.toString())));
  }

  @Test
  void aDataSetThatDoesNotFitTheProgramIsNamedAsSuch() throws Exception {
    Path small = tmp.resolve("twenty");
    Files.createDirectories(small);
    for (String[] part : new String[][] {{"train", "60"}, {"t10k", "10"}}) {
      int n = Integer.parseInt(part[1]);
      Files.write(
          small.resolve(part[0] + "-images-idx3-ubyte"),
          FakeMnist.idx(new int[] {n, 20, 20}, new byte[n * 400]));
      Files.write(small.resolve(part[0] + "-labels-idx1-ubyte"), FakeMnist.idx(new int[] {n}, new byte[n]));
    }
    assertEquals(
        "error: train-convnet: the images are 20x20, but SimpleConvNet takes MNIST's 28x28; give a"
            + " data set of 28x28 images",
        errorLine(run("train-convnet", "--data-dir", small.toString(), "--epochs", "1")));
    Path fifty = tmp.resolve("fifty");
    FakeMnist.write(fifty, 50, 10, false);
    assertEquals(
        "error: train-convnet: the training set has 50 image(s), fewer than one batch of 100; give"
            + " a data set with at least 100 training images",
        errorLine(run("train-convnet", "--data-dir", fifty.toString(), "--epochs", "1")));
    Path two = tmp.resolve("two");
    FakeMnist.write(two, 2, 2, false);
    for (String program : new String[] {"hvp", "gradient-check"}) {
      assertEquals(
          "error: " + program + ": the training set has 2 image(s), fewer than the first 3 that the"
              + " check uses; give a data set with at least 3 training images",
          errorLine(run(program, "--data-dir", two.toString())));
    }
  }

  @Test
  void aDivergingRunStopsWithOneLineAndExitCode1() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    Path saved = tmp.resolve("never.npz");
    assertEquals(
        "error: training diverged: the mini-batch loss is NaN at iteration 1; try a smaller"
            + " --learning-rate (it is 1.0E300)",
        errorLine(
            run("train-mnist", "--data-dir", data.toString(), "--learning-rate", "1e300",
                "--iterations", "50", "--save", saved.toString())));
    assertFalse(Files.exists(saved));
    String rose =
        errorLine(
            run("train-mnist", "--data-dir", data.toString(), "--learning-rate", "1e6",
                "--iterations", "200", "--save", saved.toString()));
    assertTrue(rose.startsWith("error: training diverged: the mini-batch loss rose from "), rose);
    assertTrue(rose.endsWith("try a smaller --learning-rate (it is 1000000.0); " + saved + " was not written"), rose);
    assertFalse(Files.exists(saved));
  }

  @Test
  void resumingADirectoryOrANanCheckpointIsRefused() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    assertUsageError(
        run("train-mnist", "--data-dir", data.toString(), "--resume", tmp.toString()),
        "--resume " + tmp + ": is a directory, not an .npz file");
    Path nan = tmp.resolve("nan.npz");
    dev.zerograd.nn.TwoLayerNet net =
        new dev.zerograd.nn.TwoLayerNet(784, 50, 10, 0.01, dev.zerograd.tensor.DType.FLOAT32, 0);
    net.namedParameters().get("b2").value().setInPlace(Double.NaN, 3);
    dev.zerograd.nn.Checkpoint.save(net, nan);
    assertEquals(
        "error: --resume " + nan + ": 'b2' holds NaN or infinite values (saved from a diverged"
            + " run?); resume from an earlier checkpoint",
        errorLine(run("train-mnist", "--data-dir", data.toString(), "--resume", nan.toString())));
  }

  @Test
  void aDataSetLargerThanTheHeapIsOneLineNamingTheHeapItNeeds() throws Exception {
    Path data = tmp.resolve("big");
    FakeMnist.write(data, 20_000, 100, false); // 63 MB of float32 pixels
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(), "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train-mnist", "--data-dir", data.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.waitFor(), out);
    assertFalse(out.contains("Exception") || out.contains("\tat "), out);
    String line = out.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(out);
    assertTrue(line.startsWith("error: " + data + ": the 20100 images need about "), line);
    assertTrue(line.contains("MiB of heap"), line);
    assertTrue(line.endsWith("or more"), line);
  }

  /** The {@code RESULT} line's {@code test_acc} of a run. */
  private static String testAccuracy(CliRun r) {
    assertEquals(0, r.code, r.err);
    return r.out.lines()
        .filter(l -> l.startsWith("RESULT "))
        .map(l -> l.replaceAll(".*test_acc=([0-9.]+).*", "$1"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no RESULT line: " + r.out));
  }

  @Test
  void everyFormatSavesAndEvaluatesFromTheFileAlone() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    for (String[] save :
        new String[][] {
          {"net.npz", "zerograd"}, {"net-pt.npz", "pytorch"}, {"net.safetensors", "zerograd"},
          {"net-pt.safetensors", "pytorch"}, {"net.onnx", "zerograd"}
        }) {
      Path file = tmp.resolve(save[0]);
      String trained =
          testAccuracy(
              run("train-mnist", "--data-dir", data.toString(), "--iterations", "30", "--save",
                  file.toString(), "--layout", save[1]));
      // The same products on the same numbers: the same accuracy to the last digit.
      assertEquals(
          trained,
          testAccuracy(run("evaluate", "--model", file.toString(), "--data-dir", data.toString())),
          save[0]);
      assertEquals(
          !save[0].endsWith(".onnx"),
          Files.exists(dev.zerograd.interop.ModelFiles.optimizerFile(file)),
          "the optimiser's state beside " + save[0]);
    }
    Path conv = tmp.resolve("conv.onnx");
    String convAcc =
        testAccuracy(
            run("train-convnet", "--data-dir", data.toString(), "--epochs", "1", "--save", conv.toString()));
    String evaluated =
        testAccuracy(run("evaluate", "--model", conv.toString(), "--data-dir", data.toString()));
    assertTrue(evaluated.matches("0\\.\\d{4}"), evaluated + " (trained: " + convAcc + ")");
    assertUsageError(
        run("evaluate", "--model", tmp.resolve("net.pt").toString()),
        "--model " + tmp.resolve("net.pt") + ": the file name must end in .npz, .safetensors or"
            + " .onnx (the format is chosen by it)");
    Path bare = tmp.resolve("bare.npz");
    dev.zerograd.nn.Checkpoint.save(java.util.Map.of("w", dev.zerograd.tensor.Tensor.zeros(dev.zerograd.tensor.DType.FLOAT32, 2)), bare);
    assertEquals(
        "error: " + bare + ": the file names no architecture (zerograd.architecture), so it cannot"
            + " be evaluated alone; save it with train-mnist or train-convnet, or export it as .onnx",
        errorLine(run("evaluate", "--model", bare.toString(), "--data-dir", data.toString())));
  }

  @Test
  void aResumedRunIsBitForBitTheWholeRun() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    Path whole = tmp.resolve("whole.npz");
    Path half = tmp.resolve("half.npz");
    Path resumed = tmp.resolve("resumed.npz");
    String[] common = {"train-mnist", "--data-dir", data.toString(), "--optimizer", "adam",
        "--learning-rate", "0.01"};
    testAccuracy(run(concat(common, "--iterations", "40", "--save", whole.toString())));
    testAccuracy(run(concat(common, "--iterations", "20", "--save", half.toString())));
    CliRun r = run(concat(common, "--iterations", "40", "--resume", half.toString(), "--save", resumed.toString()));
    testAccuracy(r);
    assertTrue(r.err.contains("resumed from " + half + " at iteration 20"), r.err);
    assertEquals(dev.zerograd.nn.Checkpoint.read(whole), dev.zerograd.nn.Checkpoint.read(resumed));
    assertEquals(
        dev.zerograd.nn.Checkpoint.read(dev.zerograd.interop.ModelFiles.optimizerFile(whole)),
        dev.zerograd.nn.Checkpoint.read(dev.zerograd.interop.ModelFiles.optimizerFile(resumed)));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void versionIsTheBuiltOne() {
    CliRun r = run("--version");
    assertEquals(0, r.code);
    assertTrue(r.out.matches("zerograd examples \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), r.out);
  }

  @Test
  void aShortRunsMemoryLineSaysWhatWasNotMeasured() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    CliRun r = run("train-mnist", "--data-dir", data.toString(), "--iterations", "2");
    assertEquals(0, r.code, r.err);
    String memory = r.err.lines().filter(l -> l.startsWith("memory ")).findFirst().orElse("");
    assertTrue(
        memory.matches(
            "memory heap_after_gc_mib epoch2=(n/a|\\d+) end=(n/a|\\d+) heap_peak_mib=\\d+"
                + " heap_max_mib=\\d+"),
        memory);
    assertTrue(memory.contains("epoch2=n/a"), "2 iterations never reach epoch 2: " + memory);
  }

  @Test
  void garbageInAGzFileNamesTheGzFile() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 20, 10, true);
    Path images = data.resolve("train-images-idx3-ubyte.gz");
    Files.writeString(images, "garbage");
    CliRun r = run("train-mnist", "--data-dir", data.toString(), "--iterations", "1");
    assertEquals(1, r.code, r.err);
    assertTrue(
        r.err.contains(
            "error: " + images + ": named .gz but not gzip data; replace it with the original"
                + " file"),
        r.err);
  }

  @Test
  void noSubcommandIsBadUsage() {
    CliRun r = run();
    assertEquals(2, r.code, r.err);
    assertTrue(r.err.startsWith("Missing subcommand: give one of train-mnist,"), r.err);
    assertTrue(r.err.contains("Usage: zerograd-examples"), r.err);
    assertEquals("", r.out);
  }

  @Test
  void aBadBlasSettingIsOneLineAndExitCode1() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "train-mnist",
            "--iterations",
            "1");
    pb.environment().put("ZEROGRAD_BLAS", "bogus");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, p.waitFor(), err);
    assertEquals("", out);
    assertEquals(
        List.of(
            "error: ZEROGRAD_BLAS=bogus is not understood: use bundled, system, java, or the"
                + " absolute path of a BLAS shared library"),
        err.lines().toList());
  }
}
