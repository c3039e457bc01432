package dev.zerograd.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.interop.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's interop section as it stands: the Java program compiled and run in a fresh JVM on a
 * PyTorch-exported {@code mlp.onnx}, then the Python block, where PyTorch is installed.
 */
class ReadmeInteropTest {
  private static final Path FIXTURES =
      Path.of("..", "interop", "src", "test", "resources", "dev", "zerograd", "interop");
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private static boolean torch() throws Exception {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy").start();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static String python(Path work, String... args) throws Exception {
    Process p =
        new ProcessBuilder(List.of(args))
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, out);
    return out;
  }

  @Test
  void theInteropProgramRunsAsWritten(@TempDir Path dir) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    boolean torch = torch();
    if (torch) { // PyTorch makes mlp.onnx, as the section says
      Path made = Files.createDirectories(dir.resolve("made"));
      python(dir, PYTHON.toString(), FIXTURES.resolve("torch_onnx_fixtures.py").toAbsolutePath().toString(), made.toString());
      Files.copy(made.resolve("mlp.onnx"), work.resolve("mlp.onnx"));
    } else {
      Files.copy(FIXTURES.resolve("torch").resolve("mlp.onnx"), work.resolve("mlp.onnx"));
    }
    Path classes = ReadmeProgramTest.compile(dir, "interop-program");
    String out = ReadmeProgramTest.run(classes, work, "Interop", work.toString());

    Matcher served = Pattern.compile("(?m)^image (\\d): ONNX Runtime (\\d), zerograd (\\d)$").matcher(out);
    int images = 0;
    while (served.find()) {
      images++;
    }
    assertEquals(4, images, out);
    Matcher tuned = Pattern.compile("(?m)^fine-tuning step (\\d+) loss ([0-9.]+)$").matcher(out);
    assertTrue(tuned.find(), out);
    double first = Double.parseDouble(tuned.group(2));
    assertTrue(tuned.find(), out);
    double last = Double.parseDouble(tuned.group(2));
    // 100 steps on one fixed batch of 32 rows: measured 2.28 -> about 1; a quarter off the
    // start is far from both that and a net that does not learn.
    assertTrue(last < 0.75 * first, "loss " + first + " -> " + last);
    assertEquals(10, OnnxModel.read(work.resolve("mlp-tuned.onnx")).predict(
        dev.zerograd.tensor.Tensor.zeros(dev.zerograd.tensor.DType.FLOAT32, 1, 20)).dim(1));
    assertTrue(Files.isRegularFile(work.resolve("net.npz")));
    if (torch) {
      Path script = work.resolve("load.py");
      Files.writeString(script, ReadmeProgramTest.readmeBlock("interop-python"), UTF_8);
      String loaded = python(work, PYTHON.toString(), script.toString());
      assertTrue(
          loaded.contains("loaded ['Affine1.bias', 'Affine1.weight', 'Affine2.bias', 'Affine2.weight']"),
          loaded);
    }
  }
}
