package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlasTest {
  @Test
  void bundledOpenBlasIsTheDefaultAndSaysWhatRuns() {
    // The test JVM sets no override, so the bundled library must win on linux-x86_64.
    String d = Blas.describe();
    assertEquals(Blas.Backend.BUNDLED_OPENBLAS, Blas.backend(), d);
    assertTrue(d.startsWith("BLAS: bundled OpenBLAS 0.3.31, core "), d);
    assertTrue(d.contains("libopenblas.so.0"), d);
  }

  @Test
  void threadCountCanBeSet() {
    int before = Blas.threads();
    try {
      Blas.setThreads(1);
      assertEquals(1, Blas.threads());
      assertTrue(Blas.describe().contains(", 1 thread,"), Blas.describe());
    } finally {
      Blas.setThreads(before);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Blas.setThreads(0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
  }
}
