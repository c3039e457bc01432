package dev.zerograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.examples.mnist.FakeMnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path tmp;

  /** Exit code, stdout and stderr of one run. */
  private static final class Run {
    final int code;
    final String out;
    final String err;

    Run(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEverySubcommand() {
    Run r = run("--help");
    assertEquals(0, r.code);
    for (String sub :
        List.of("train-mnist", "gradient-check", "buy-apple", "buy-apple-orange", "custom-op", "graph")) {
      assertTrue(r.out.contains(sub), r.out);
      Run h = run(sub, "--help");
      assertEquals(0, h.code, sub);
      assertTrue(h.out.startsWith("Usage: zerograd-examples " + sub), h.out);
    }
    assertTrue(run("train-mnist", "--help").out.contains("--learning-rate"));
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
      Run r = run(cases[i]);
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
    Run r =
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
    Run dir = run("train-mnist", "--save", tmp.resolve("missing/net.npz").toString());
    assertEquals(2, dir.code);
    assertTrue(dir.err.contains("does not exist"), dir.err);
  }

  @Test
  void trainMnistPrintsTheContractSavesPlotsAndResumes() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 500, 100, true);
    Path save = tmp.resolve("net.npz");
    Path plot = tmp.resolve("curves.png");
    Run r =
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
    Run resumed =
        run(
            "train-mnist", "--data-dir", data.toString(), "--iterations", "1", "--hidden", "8",
            "--dtype", "float32", "--resume", save.toString(), "--optimizer", "adam");
    assertEquals(0, resumed.code, resumed.err);
    assertTrue(resumed.err.contains("resumed from"), resumed.err);
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
    Run r =
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
    Run r = run("train-mnist", "--data-dir", data.toString(), "--batch-size", "100");
    assertEquals(2, r.code, r.err);
    assertTrue(r.err.contains("larger than the training set (50)"), r.err);
  }

  @Test
  void float64Training() throws Exception {
    Path data = tmp.resolve("data");
    FakeMnist.write(data, 200, 50, false);
    Run r =
        run("train-mnist", "--data-dir", data.toString(), "--iterations", "3", "--dtype", "float64",
            "--threads", "1");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("RESULT dtype=float64 iterations=3 "), r.out);
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
    Run r = run("gradient-check", "--data-dir", data.toString());
    assertEquals(0, r.code, r.out + r.err);
    List<String> lines = r.out.lines().toList();
    assertEquals(4, lines.size(), r.out);
    assertTrue(lines.get(0).matches("W1: \\d\\.\\d{3}e-\\d\\d ok \\(< 1e-8\\)"), r.out);
  }

  @Test
  void graphWritesDot() throws Exception {
    Path dot = tmp.resolve("step.dot");
    Run r = run("graph", "--output", dot.toString());
    assertEquals(0, r.code, r.err);
    String text = Files.readString(dot);
    assertTrue(text.contains("W1\\n(784, 50)"), text);
    assertTrue(text.contains("softmaxCrossEntropy"), text);
    assertTrue(r.out.contains("wrote " + dot), r.out);
  }
}
