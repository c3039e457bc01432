package dev.zerograd.tensor;

import dev.zerograd.tensor.cpu.Blas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlasTest {
  /** The backend chosen by -Dzerograd.blas (CI runs the suite once per backend), or null. */
  private static final String CHOSEN = System.getProperty(Blas.PROPERTY);

  @Test
  void theChosenBackendRunsAndSaysWhatItIs() {
    String d = Blas.describe();
    if (CHOSEN == null || CHOSEN.equals("bundled")) {
      // No override: the bundled library must win on linux-x86_64.
      assertEquals(Blas.Backend.BUNDLED_OPENBLAS, Blas.backend(), d);
      assertTrue(d.startsWith("BLAS: bundled OpenBLAS 0.3.31, core "), d);
      assertTrue(d.contains("libopenblas.so.0"), d);
      // CI forces another CPU's kernels with OPENBLAS_CORETYPE: the pass must really run them.
      String forced = System.getenv("OPENBLAS_CORETYPE");
      if (forced != null && !forced.isEmpty()) {
        assertTrue(
            d.toLowerCase(Locale.ROOT).contains(", core " + forced.toLowerCase(Locale.ROOT) + ","),
            "OPENBLAS_CORETYPE=" + forced + " but " + d);
      }
    } else if (CHOSEN.equals("java")) {
      assertEquals(Blas.Backend.JAVA, Blas.backend(), d);
      assertTrue(d.startsWith("BLAS: pure Java"), d);
    } else {
      assertEquals(Blas.Backend.SYSTEM, Blas.backend(), d);
      assertTrue(d.startsWith("BLAS: system "), d);
    }
  }

  @Test
  void threadCountCanBeSetOnTheBundledLibrary() {
    assumeTrue(Blas.backend() == Blas.Backend.BUNDLED_OPENBLAS, "only the bundled library");
    try {
      Blas.setThreads(1);
      assertEquals(1, Blas.threads());
      assertTrue(Blas.describe().contains(", 1 thread,"), Blas.describe());
    } finally {
      Blas.setAutoThreads();
    }
    assertTrue(Blas.describe().contains("threads auto"), Blas.describe());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Blas.setThreads(0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Blas.setThreads(1000));
    assertTrue(
        e.getMessage().matches("Blas.setThreads: the bundled OpenBLAS runs at most \\d+ threads;"
            + " asked for 1000, give 1 to \\d+"),
        e.getMessage());
    assertTrue(Blas.describe().contains("threads auto"), "nothing changed: " + Blas.describe());
  }

  @Test
  void aBadSettingIsOneClearErrorOnEveryCall() throws Exception {
    String expected =
        "IllegalStateException: ZEROGRAD_BLAS=bogus is not understood: use bundled, system, java,"
            + " or the absolute path of a BLAS shared library";
    assertEquals(List.of(expected, expected, expected), probe("bogus"));
  }

  @Test
  void aMissingLibraryIsNamed() throws Exception {
    List<String> lines = probe("/no/such/libblas.so");
    assertEquals(3, lines.size(), lines.toString());
    for (String line : lines) {
      assertEquals(
          "IllegalStateException: ZEROGRAD_BLAS=/no/such/libblas.so: no such file; use bundled,"
              + " system, java, or the absolute path of a BLAS shared library",
          line);
    }
  }

  @Test
  void aFileThatIsNotALibraryIsNamed(@TempDir Path dir)
      throws Exception {
    Path notALibrary = Files.writeString(dir.resolve("libblas.so"), "not ELF");
    List<String> lines = probe(notALibrary.toString());
    assertEquals(3, lines.size(), lines.toString());
    for (String line : lines) {
      assertTrue(
          line.startsWith(
              "IllegalStateException: ZEROGRAD_BLAS=" + notALibrary + " cannot be loaded ("),
          line);
      assertTrue(line.endsWith("absolute path of a BLAS shared library"), line);
    }
  }

  @Test
  void aProgramThatSetsNothingGetsAutomaticThreads() throws Exception {
    assumeTrue(CHOSEN == null || CHOSEN.equals("bundled") || CHOSEN.equals("java"));
    // A fresh JVM, as a user's program starts: OpenBLAS must not be left at its own default
    // (one spinning worker per core).
    List<String> lines = probe(CHOSEN == null ? "auto" : CHOSEN);
    assertTrue(lines.get(0).contains(", threads auto (products above "), lines.get(0));
  }

  /** Runs {@link BlasChoiceProbe} in a fresh JVM with {@code ZEROGRAD_BLAS=setting}. */
  private static List<String> probe(String setting) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            BlasChoiceProbe.class.getName());
    pb.environment().put(Blas.ENVIRONMENT, setting);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD); // JVM warnings, not the probe's lines
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().toList();
  }
}
