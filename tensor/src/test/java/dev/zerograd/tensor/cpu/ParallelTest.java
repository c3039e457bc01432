package dev.zerograd.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.tensor.cpu.Blas;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void everyPartRunsExactlyOnce() {
    for (int parts : new int[] {0, 1, 2, 3, 7, 64}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(parts, 1));
      for (int round = 0; round < 50; round++) {
        Parallel.run(parts, runs::incrementAndGet);
      }
      for (int i = 0; i < parts; i++) {
        assertEquals(50, runs.get(i), "part " + i + " of " + parts);
      }
    }
  }

  @Test
  void partZeroRunsOnTheCaller() {
    Thread[] ran = new Thread[1];
    Parallel.run(2, i -> {
      if (i == 0) {
        ran[0] = Thread.currentThread();
      }
    });
    assertSame(Thread.currentThread(), ran[0]);
  }

  @Test
  void aFailingPartIsRethrownAfterAllPartsFinish() {
    AtomicInteger finished = new AtomicInteger();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Parallel.run(
                    4,
                    i -> {
                      if (i == 3) {
                        throw new IllegalStateException("part 3 failed");
                      }
                      finished.incrementAndGet();
                    }));
    assertEquals("part 3 failed", e.getMessage());
    assertEquals(3, finished.get());
    // The helpers survive a failure.
    AtomicInteger after = new AtomicInteger();
    Parallel.run(4, i -> after.incrementAndGet());
    assertEquals(4, after.get());
  }

  @Test
  void callsFromSeveralThreadsAtOnceNeverWaitForABusyHelper() throws Exception {
    int threads = 4;
    CountDownLatch start = new CountDownLatch(1);
    Set<String> errors = ConcurrentHashMap.newKeySet();
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] = new Thread(() -> {
        try {
          start.await();
          for (int round = 0; round < 200; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(3);
            Parallel.run(3, runs::incrementAndGet);
            for (int i = 0; i < 3; i++) {
              if (runs.get(i) != 1) {
                errors.add("part " + i + " ran " + runs.get(i) + " times");
              }
            }
          }
        } catch (InterruptedException e) {
          errors.add(e.toString());
        }
      });
      ts[t].start();
    }
    start.countDown();
    for (Thread t : ts) {
      t.join(TimeUnit.MINUTES.toMillis(1));
      assertTrue(!t.isAlive(), "a caller is stuck");
    }
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void aSerialScopeKeepsTheCallOnItsThread() {
    assertEquals(Parallel.maxParts(), Parallel.parts());
    try (Blas.Scope outer = Blas.serial()) {
      try (Blas.Scope inner = Blas.serial()) {
        assertEquals(1, Parallel.parts());
      }
      assertEquals(1, Parallel.parts(), "the outer scope is still open");
      outer.close();
      outer.close(); // twice is harmless
      assertEquals(Parallel.maxParts(), Parallel.parts());
    }
  }

  @Test
  void aThreadCapScopeBoundsTheSplitAndNestsToTheSmaller() {
    int cores = Parallel.maxParts();
    try (Blas.Scope two = Blas.threadsAtMost(2)) {
      assertEquals(Math.min(2, cores), Parallel.parts());
      try (Blas.Scope wide = Blas.threadsAtMost(64)) {
        assertEquals(Math.min(2, cores), Parallel.parts(), "an inner scope cannot widen the cap");
      }
      try (Blas.Scope one = Blas.threadsAtMost(1)) {
        assertEquals(1, Parallel.parts());
        if (CpuBlas.splits()) {
          assertEquals(1, Blas.threads(), "Blas.threads() reports this thread's cap");
        }
        // A product big enough to split stays on this thread.
        long before = Parallel.handOffs();
        Generator g = new Generator(5);
        g.uniform(DType.FLOAT32, -1, 1, 1000, 784).matmul(g.uniform(DType.FLOAT32, -1, 1, 784, 50));
        assertEquals(before, Parallel.handOffs(), "a part was handed to a helper");
      }
      assertEquals(Math.min(2, cores), Parallel.parts(), "the cap before the inner scope is back");
    }
    assertEquals(cores, Parallel.parts());
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Blas.threadsAtMost(0));
    assertEquals("Blas.threadsAtMost: thread count 0 must be >= 1", e.getMessage());
  }

  /**
   * Split products against the same products on one thread: both compute every element with one
   * single-threaded BLAS call over the whole of k, so they agree to rounding (bitwise on the
   * kernels measured); the tolerance is k units in the last place of the largest |element|.
   */
  @Test
  void splitProductsAgreeWithUnsplitOnes() {
    assumeTrue(Parallel.maxParts() >= 2, "one core: nothing is split");
    assumeTrue(CpuBlas.splits(), "a system BLAS keeps its own threads");
    Generator g = new Generator(3);
    // By rows (m >= n), by columns (n > m), transposed operands, odd sizes, both dtypes.
    int[][] shapes = {{1000, 784, 50}, {37, 300, 1001}, {513, 129, 257}};
    for (DType dtype : DType.values()) {
      for (int[] s : shapes) {
        assertTrue((long) s[0] * s[1] * s[2] >= 2 * Products.MIN_PART_WORK, "big enough to split");
        for (boolean transposeA : new boolean[] {false, true}) {
          Tensor a = transposeA
              ? g.uniform(dtype, -1, 1, s[1], s[0]).transpose()
              : g.uniform(dtype, -1, 1, s[0], s[1]);
          Tensor b = g.uniform(dtype, -1, 1, s[2], s[1]).transpose();
          Tensor split = a.matmul(b);
          Tensor serial;
          try (Blas.Scope one = Blas.serial()) {
            serial = a.matmul(b);
          }
          double[] x = split.toDoubleArray();
          double[] y = serial.toDoubleArray();
          double ulp = dtype == DType.FLOAT32 ? Math.ulp(1f) : Math.ulp(1.0);
          double tol = s[1] * ulp * s[1]; // |element| <= k
          for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], x[i], tol, dtype + " " + java.util.Arrays.toString(s) + " at " + i);
          }
        }
      }
    }
  }

  @Test
  void onlyLargeProductsAreHandedToHelpers() {
    assumeTrue(Parallel.maxParts() >= 2, "one core: nothing is split");
    assumeTrue(CpuBlas.splits(), "a system BLAS keeps its own threads");
    Generator g = new Generator(4);
    // The batch-100 training step's product stays on its thread (measured faster so) ...
    Tensor x = g.uniform(DType.FLOAT32, 0, 1, 100, 784);
    Tensor w = g.uniform(DType.FLOAT32, 0, 1, 784, 50);
    long before = Parallel.handOffs();
    x.matmul(w);
    assertEquals(before, Parallel.handOffs(), "100 x 784 x 50 was split");
    // ... an evaluation's is split.
    Tensor big = g.uniform(DType.FLOAT32, 0, 1, 2000, 784);
    big.matmul(w);
    assertTrue(Parallel.handOffs() > before, "2000 x 784 x 50 was not split");
    try (Blas.Scope serial = Blas.serial()) {
      long inside = Parallel.handOffs();
      big.matmul(w);
      assertEquals(inside, Parallel.handOffs(), "split inside a serial scope");
    }
  }

  /**
   * Elementwise passes, pooling and batched products split across the cores compute every
   * element exactly as on one thread: bitwise equal, on broadcast operands and strided views.
   */
  @Test
  void largeKernelsSplitGiveTheSerialResultBitwise() {
    assumeTrue(Parallel.maxParts() >= 2, "one core: nothing is split");
    assumeTrue(CpuBlas.splits(), "a system BLAS keeps its own threads");
    Generator g = new Generator(5);
    for (DType dtype : DType.values()) {
      Tensor x = g.uniform(dtype, -1, 1, 101, 31, 24, 26);
      Tensor bias = g.uniform(dtype, -1, 1, 1, 31, 1, 1);
      Tensor view = x.slice(3, 1, 25).transpose(0, 1, 3, 2); // strided
      Tensor w = g.uniform(dtype, -1, 1, 31, 25);
      Tensor cols = g.uniform(dtype, -1, 1, 101, 25, 577);
      java.util.function.Supplier<Tensor[]> all =
          () ->
              new Tensor[] {
                x.add(bias),
                view.mul(view).relu(),
                x.thresholdBackward(x.mul(bias), 0),
                view.contiguous(),
                x.maxPool2d(2, 2).values(),
                w.matmul(cols)
              };
      long before = Parallel.handOffs();
      Tensor[] split = all.get();
      assertTrue(Parallel.handOffs() > before + 5, "the large kernels were split");
      Tensor[] serial;
      try (Blas.Scope one = Blas.serial()) {
        serial = all.get();
      }
      for (int i = 0; i < split.length; i++) {
        assertArrayEquals(serial[i].toDoubleArray(), split[i].toDoubleArray(), dtype + " result " + i);
      }
      int[] where = x.maxPool2d(2, 2).indices();
      try (Blas.Scope one = Blas.serial()) {
        assertArrayEquals(x.maxPool2d(2, 2).indices(), where, dtype + " argmax");
      }
    }
  }
}
