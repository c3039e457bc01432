package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch as the tests' reference: Debian's {@code /usr/bin/python3} with torch and NumPy (CI
 * installs them), running a script from the test resources on arrays exchanged as {@code .npz}.
 */
public final class Torch {
  private static final String PYTHON = "/usr/bin/python3";

  private Torch() {}

  /** Whether {@code /usr/bin/python3} imports torch and numpy. */
  public static boolean installed() {
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import torch, numpy").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs the resource {@code script} with {@code arrays} saved as its input and returns what it
   * saved as its output ({@code python3 SCRIPT IN.npz OUT.npz}); fails the test with the script's
   * output when it fails.
   */
  public static Map<String, Tensor> run(
      Class<?> test, String script, Map<String, Tensor> arrays, Path dir) throws Exception {
    Path in = dir.resolve("in.npz");
    Path out = dir.resolve("out.npz");
    Checkpoint.save(arrays, in);
    Path file = dir.resolve(Path.of(script).getFileName().toString());
    try (InputStream s = test.getResourceAsStream(script)) {
      Files.write(file, s.readAllBytes());
    }
    Process p =
        new ProcessBuilder(PYTHON, file.toString(), in.toString(), out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "torch timed out");
    assertEquals(0, p.exitValue(), log);
    return Checkpoint.read(out);
  }
}
