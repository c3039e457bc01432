package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  @Test
  void sameSeedSameNumbers() {
    assertArrayEquals(
        new Generator(42).normal(DType.FLOAT64, 0, 1, 50).toDoubleArray(),
        new Generator(42).normal(DType.FLOAT64, 0, 1, 50).toDoubleArray());
    assertFalse(
        Arrays.equals(
            new Generator(42).normal(DType.FLOAT64, 0, 1, 5).toDoubleArray(),
            new Generator(43).normal(DType.FLOAT64, 0, 1, 5).toDoubleArray()));
  }

  @Test
  void sequenceIsPinnedAcrossRuns() {
    // SplitMix64's published first output for seed 0; guards against accidental changes.
    assertEquals(0xE220A8397B1DCDAFL, new Generator(0).nextLong());
  }

  @Test
  void normalHasTheRequestedMoments() {
    Tensor t = new Generator(1).normal(DType.FLOAT64, 3, 0.5, 200_000);
    double mean = t.mean().item();
    double var = t.sub(mean).pow(2).mean().item();
    assertEquals(3.0, mean, 0.01);
    assertEquals(0.25, var, 0.01);
  }

  @Test
  void uniformStaysInRange() {
    Tensor t = new Generator(2).uniform(DType.FLOAT32, -1, 3, 10_000);
    assertTrue(t.min().item() >= -1);
    assertTrue(t.max().item() < 3);
    assertEquals(1.0, t.mean().item(), 0.05);
  }

  @Test
  void integersCoverTheRangeWithReplacement() {
    int[] draws = new Generator(3).integers(5, 10, 10_000);
    int[] counts = new int[10];
    for (int d : draws) {
      assertTrue(d >= 5 && d < 10, "draw " + d);
      counts[d]++;
    }
    for (int v = 5; v < 10; v++) {
      assertEquals(2000, counts[v], 200, "value " + v);
    }
  }

  @Test
  void permutationIsAPermutation() {
    int[] p = new Generator(4).permutation(100);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 100; i++) {
      assertEquals(i, sorted[i]);
    }
  }

  @Test
  void nanAndBadParametersAreRejected() {
    Generator g = new Generator(5);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> g.normal(DType.FLOAT32, Double.NaN, 1, 3));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> g.normal(DType.FLOAT32, 0, -1, 3));
    assertThrows(
        IllegalArgumentException.class, () -> g.uniform(DType.FLOAT32, 0, Double.NaN, 3));
    assertThrows(IllegalArgumentException.class, () -> g.integers(3, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> g.nextInt(0));
  }
}
