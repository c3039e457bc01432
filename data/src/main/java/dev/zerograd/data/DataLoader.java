package dev.zerograd.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Mini-batches of a {@link Dataset}, one epoch per {@link #iterator()} (PyTorch's {@code
 * DataLoader}):
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(100).shuffle(true).seed(42).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   for (Batch b : loader) {
 *     Variable loss = lossLayer.forward(net.forward(Variable.of(b.features())), b.labels());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Two ways to draw rows: without replacement (each epoch visits every row once, in a fresh
 * random order when shuffled, in order otherwise; the last short batch kept unless {@code
 * dropLast}), or with replacement ({@link Builder#sampleWithReplacement}: each batch drawn
 * uniformly, the textbook's {@code np.random.choice}). One seeded generator serves all epochs, so
 * the sequence of batches is the same on every run. With {@link Builder#prefetch}, a background
 * thread prepares the next batch while the current one trains.
 */
public final class DataLoader implements Iterable<Batch> {
  private final Dataset dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final int batchesWithReplacement;
  private final boolean dropLast;
  private final boolean prefetch;
  private final DType dtype;
  private final Generator rng;

  private DataLoader(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.batchesWithReplacement = b.batchesWithReplacement;
    this.dropLast = b.dropLast;
    this.prefetch = b.prefetch;
    this.dtype = b.dtype;
    this.rng = new Generator(b.seed);
  }

  /**
   * A builder over {@code dataset}: batches of 1, in order, no prefetch.
   *
   * @param dataset the dataset
   * @return a builder over {@code dataset}: batches of 1, in order, no prefetch
   */
  public static Builder builder(Dataset dataset) {
    return new Builder(checkNotNull(dataset, "DataLoader: dataset is null"));
  }

  /** The settings of a {@link DataLoader}. */
  public static final class Builder {
    private final Dataset dataset;
    private int batchSize = 1;
    private boolean shuffle;
    private int batchesWithReplacement;
    private boolean dropLast;
    private boolean prefetch;
    private DType dtype;
    private long seed;

    private Builder(Dataset dataset) {
      this.dataset = dataset;
    }

    /**
     * Rows per batch, at least 1.
     *
     * @param n the rows per batch
     * @return rows per batch, at least 1
     */
    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    /**
     * Whether each epoch visits the rows in a fresh random order (default: in order).
     *
     * @param on whether it is on
     * @return whether each epoch visits the rows in a fresh random order (default: in order)
     */
    public Builder shuffle(boolean on) {
      this.shuffle = on;
      return this;
    }

    /**
     * Draws every batch's rows uniformly with replacement instead, {@code batches} batches per
     * epoch: the textbook's sampling ({@code np.random.choice(train_size, batch_size)}).
     *
     * @param batches the number of batches per epoch
     * @return this builder
     */
    public Builder sampleWithReplacement(int batches) {
      this.batchesWithReplacement = batches;
      return this;
    }

    /**
     * Whether to drop the last batch of an epoch when it is shorter than the batch size.
     *
     * @param on whether it is on
     * @return whether to drop the last batch of an epoch when it is shorter than the batch size
     */
    public Builder dropLast(boolean on) {
      this.dropLast = on;
      return this;
    }

    /**
     * Whether a background thread prepares the next batch while the current one is used.
     *
     * @param on whether it is on
     * @return whether a background thread prepares the next batch while the current one is used
     */
    public Builder prefetch(boolean on) {
      this.prefetch = on;
      return this;
    }

    /**
     * Converts the features to this type (default: as the dataset holds them).
     *
     * @param type the features' element type
     * @return this builder
     */
    public Builder dtype(DType type) {
      this.dtype = type;
      return this;
    }

    /**
     * The seed of the shuffling or sampling (default 0).
     *
     * @param s the seed
     * @return the seed of the shuffling or sampling (default 0)
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * The loader.
     *
     * @return the loader
     * @throws IllegalArgumentException for a batch size below 1 or, without replacement, above
     *     the dataset's size, or a negative number of batches
     */
    public DataLoader build() {
      checkArgument(batchSize >= 1, "DataLoader: batch size %s must be >= 1", batchSize);
      checkArgument(
          batchesWithReplacement >= 0,
          "DataLoader: %s batches with replacement; give a positive number",
          batchesWithReplacement);
      checkArgument(
          batchesWithReplacement > 0 || batchSize <= dataset.size() || !dropLast,
          "DataLoader: batch size %s is larger than the dataset (%s rows) and dropLast would"
              + " leave no batch",
          batchSize,
          dataset.size());
      checkArgument(
          batchesWithReplacement == 0 || dataset.size() > 0,
          "DataLoader: cannot sample with replacement from an empty dataset");
      return new DataLoader(this);
    }
  }

  /**
   * Number of batches per epoch.
   *
   * @return number of batches per epoch
   */
  public int batchesPerEpoch() {
    if (batchesWithReplacement > 0) {
      return batchesWithReplacement;
    }
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /**
   * The batches of the next epoch. With prefetch, a daemon thread runs ahead by one batch; an
   * epoch left unfinished leaves it waiting, so iterate to the end or call {@link Epoch#close()}.
   */
  @Override
  public Epoch iterator() {
    int[][] plan = plan();
    return prefetch ? new Prefetching(plan) : new Epoch(plan);
  }

  /** The rows of every batch of the next epoch, drawn now from the seeded generator. */
  private synchronized int[][] plan() {
    int count = batchesPerEpoch();
    int[][] out = new int[count][];
    if (batchesWithReplacement > 0) {
      for (int b = 0; b < count; b++) {
        out[b] = rng.integers(0, dataset.size(), batchSize);
      }
      return out;
    }
    int n = dataset.size();
    int[] order = shuffle ? rng.permutation(n) : identity(n);
    for (int b = 0; b < count; b++) {
      out[b] = Arrays.copyOfRange(order, b * batchSize, Math.min(n, (b + 1) * batchSize));
    }
    return out;
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    return p;
  }

  private Batch load(int[] rows) {
    Batch b = dataset.get(rows);
    return dtype == null || b.features().dtype() == dtype
        ? b
        : new Batch(b.features().to(dtype), b.labels());
  }

  /** One epoch's batches. */
  public class Epoch implements Iterator<Batch>, AutoCloseable {
    final int[][] plan;
    int next;

    Epoch(int[][] plan) {
      this.plan = plan;
    }

    @Override
    public boolean hasNext() {
      return next < plan.length;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("DataLoader: the epoch has ended; call iterator() again");
      }
      return load(plan[next++]);
    }

    /** Stops the epoch early (and its prefetching thread, if any). */
    @Override
    public void close() {
      next = plan.length;
    }
  }

  /** An epoch whose next batch is prepared on a background thread. */
  private final class Prefetching extends Epoch {
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(1);
    private final Thread worker;

    Prefetching(int[][] plan) {
      super(plan);
      worker =
          new Thread(
              () -> {
                try {
                  for (int[] rows : plan) {
                    Object item;
                    try {
                      item = load(rows);
                    } catch (RuntimeException e) {
                      item = e;
                    }
                    ready.put(item);
                  }
                } catch (InterruptedException e) {
                  // closed early
                }
              },
              "zerograd-prefetch");
      worker.setDaemon(true);
      worker.start();
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("DataLoader: the epoch has ended; call iterator() again");
      }
      next++;
      Object item;
      try {
        item = ready.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
      }
      if (item instanceof RuntimeException) {
        throw (RuntimeException) item;
      }
      return (Batch) item;
    }

    @Override
    public void close() {
      super.close();
      worker.interrupt();
    }
  }
}
