package dev.zerograd.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** Ten rows whose feature is the row number and whose label is the row number mod 3. */
  private static TensorDataset rows(int n) {
    int[] labels = new int[n];
    Arrays.setAll(labels, i -> i % 3);
    return new TensorDataset(Tensor.arange(n, DType.FLOAT32).reshape(n, 1), labels);
  }

  /** The row numbers of every batch of one epoch, from the features. */
  private static List<int[]> epoch(DataLoader loader) {
    List<int[]> out = new ArrayList<>();
    for (Batch b : loader) {
      float[] f = b.features().toFloatArray();
      int[] r = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        r[i] = (int) f[i];
        assertEquals(r[i] % 3, b.labels()[i], "labels follow their rows");
      }
      out.add(r);
    }
    return out;
  }

  @Test
  void withoutReplacementEveryRowOncePerEpochInAFreshOrder() {
    DataLoader loader = DataLoader.builder(rows(10)).batchSize(4).shuffle(true).seed(7).build();
    assertEquals(3, loader.batchesPerEpoch());
    List<int[]> first = epoch(loader);
    List<int[]> second = epoch(loader);
    for (List<int[]> e : List.of(first, second)) {
      assertEquals(List.of(4, 4, 2), e.stream().map(b -> b.length).toList());
      int[] all = e.stream().flatMapToInt(Arrays::stream).sorted().toArray();
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all);
    }
    assertNotEquals(
        Arrays.toString(first.get(0)), Arrays.toString(second.get(0)), "a fresh order per epoch");
    // The same seed gives the same epochs.
    DataLoader again = DataLoader.builder(rows(10)).batchSize(4).shuffle(true).seed(7).build();
    assertArrayEquals(first.get(1), epoch(again).get(1));
  }

  @Test
  void inOrderWithDropLast() {
    DataLoader loader = DataLoader.builder(rows(10)).batchSize(4).dropLast(true).build();
    List<int[]> e = epoch(loader);
    assertEquals(2, e.size());
    assertArrayEquals(new int[] {0, 1, 2, 3}, e.get(0));
    assertArrayEquals(new int[] {4, 5, 6, 7}, e.get(1));
  }

  @Test
  void withReplacementDrawsTheGivenNumberOfBatches() {
    DataLoader loader =
        DataLoader.builder(rows(5)).batchSize(8).sampleWithReplacement(6).seed(3).build();
    List<int[]> e = epoch(loader);
    assertEquals(6, e.size());
    assertTrue(e.stream().allMatch(b -> b.length == 8), "batches larger than the dataset");
    assertTrue(e.stream().flatMapToInt(Arrays::stream).allMatch(r -> r >= 0 && r < 5));
  }

  @Test
  void prefetchingGivesTheSameBatches() {
    List<int[]> plain =
        epoch(DataLoader.builder(rows(23)).batchSize(5).shuffle(true).seed(11).build());
    List<int[]> ahead =
        epoch(
            DataLoader.builder(rows(23)).batchSize(5).shuffle(true).seed(11).prefetch(true).build());
    assertEquals(plain.size(), ahead.size());
    for (int i = 0; i < plain.size(); i++) {
      assertArrayEquals(plain.get(i), ahead.get(i));
    }
    try (DataLoader.Epoch e =
        DataLoader.builder(rows(23)).batchSize(5).prefetch(true).build().iterator()) {
      e.next(); // left early and closed
      e.close();
      assertTrue(!e.hasNext());
      assertThrows(java.util.NoSuchElementException.class, e::next);
    }
  }

  @Test
  void anEpochSharedByManyThreadsHandsEachBatchToExactlyOne() throws Exception {
    for (boolean prefetch : new boolean[] {false, true}) {
      DataLoader loader =
          DataLoader.builder(rows(997)).batchSize(3).shuffle(true).seed(5).prefetch(prefetch).build();
      for (int trial = 0; trial < 60; trial++) {
        DataLoader.Epoch epoch = loader.iterator();
        int threads = 8;
        java.util.concurrent.ConcurrentLinkedQueue<Integer> seen =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Thread w =
              new Thread(
                  () -> {
                    try {
                      go.await();
                      while (epoch.hasNext()) { // a for-each loop's calls, on each thread
                        for (float f : epoch.next().features().toFloatArray()) {
                          seen.add((int) f);
                        }
                      }
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                  });
          w.start();
          workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
          w.join(30_000);
          assertTrue(!w.isAlive(), "a worker hung (prefetch " + prefetch + ", trial " + trial + ")");
        }
        assertTrue(errors.isEmpty(), "prefetch " + prefetch + ": " + errors);
        int[] rows = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] all = new int[997];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, rows, "every row exactly once (prefetch " + prefetch + ")");
      }
    }
  }

  @Test
  void epochsLeftWithBreakLeaveNoThreadBehind() throws Exception {
    DataLoader loader = DataLoader.builder(rows(500)).batchSize(10).prefetch(true).build();
    for (int epoch = 0; epoch < 50; epoch++) {
      for (Batch b : loader) {
        if (b.size() > 0) {
          break; // early stopping, no close()
        }
      }
    }
    int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
    assertTrue(prefetchThreads() <= cores, prefetchThreads() + " prefetch threads after 50 epochs");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (prefetchThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(0, prefetchThreads(), "idle prefetch threads end by themselves");
  }

  private static long prefetchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("zerograd-prefetch") && t.isAlive())
        .count();
  }

  @Test
  void everyFailureOfTheDatasetReachesTheConsumerEvenAnError() {
    for (Throwable failure :
        new Throwable[] {new StackOverflowError("deep"), new IllegalStateException("broken row")}) {
      TensorDataset good = rows(30);
      Dataset flaky =
          new Dataset() {
            @Override
            public int size() {
              return good.size();
            }

            @Override
            public Batch get(int[] rows) {
              if (rows[0] == 10) {
                if (failure instanceof Error) {
                  throw (Error) failure;
                }
                throw (RuntimeException) failure;
              }
              return good.get(rows);
            }
          };
      for (boolean prefetch : new boolean[] {false, true}) {
        DataLoader.Epoch e =
            DataLoader.builder(flaky).batchSize(5).prefetch(prefetch).build().iterator();
        assertEquals(0.0, e.next().features().get(0, 0));
        assertEquals(5.0, e.next().features().get(0, 0));
        Throwable thrown = assertThrows(Throwable.class, e::next);
        assertTrue(thrown == failure, "prefetch " + prefetch + ": " + thrown);
        assertEquals(15.0, e.next().features().get(0, 0), "the epoch goes on after a failure");
      }
    }
  }

  @Test
  void featuresAreConvertedWhenAsked() {
    DataLoader loader = DataLoader.builder(rows(4)).batchSize(2).dtype(DType.FLOAT64).build();
    assertEquals(DType.FLOAT64, loader.iterator().next().features().dtype());
  }

  @Test
  void badSettingsAreNamed() {
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(rows(3)).batchSize(0).build());
    assertEquals("DataLoader: batch size 0 must be >= 1", size.getMessage());
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> DataLoader.builder(rows(3)).batchSize(4).dropLast(true).build());
    assertEquals(
        "DataLoader: batch size 4 is larger than the dataset (3 rows) and dropLast would leave no"
            + " batch",
        none.getMessage());
    IllegalArgumentException labels =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TensorDataset(Tensor.zeros(DType.FLOAT32, 3, 2), new int[] {1, 2}));
    assertEquals(
        "TensorDataset: 2 labels for features of shape (3, 2); give one label per row",
        labels.getMessage());
  }

  @Test
  void aDatasetWithoutLabelsIsNamed() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> new TensorDataset(Tensor.zeros(DType.FLOAT32, 2, 1), null));
    assertEquals("TensorDataset: labels is null; give one class per row", e.getMessage());
  }
}
