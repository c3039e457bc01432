package dev.zerograd.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * thread prepares the next batch while the current one trains. An epoch may be shared by several
 * threads (each batch to exactly one of them), and may be left at any point without cleanup.
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
   * The batches of the next epoch. With prefetch, the next batch is loaded on a shared daemon
   * thread while the current one is used; an epoch left early (a {@code break}) needs no close:
   * at most one batch is loaded ahead, and the loading threads end when idle.
   */
  @Override
  public Epoch iterator() {
    return new Epoch(plan(), prefetch);
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

  /**
   * One epoch's batches. Safe to share between threads: each batch goes to exactly one caller,
   * in any interleaving; a {@link #hasNext()} that answers true holds the next batch for its
   * thread, so that a for-each loop on each of several threads gets every batch once and never
   * an exception. Loading errors (any {@code RuntimeException} or {@code Error} thrown by the
   * dataset, also on the prefetching thread) reach the caller of {@link #next()} for that batch.
   */
  public final class Epoch implements Iterator<Batch>, AutoCloseable {
    private final int[][] plan;
    private final boolean ahead;
    /** The prefetched loads by batch index, each started after the one before it finished. */
    private final CompletableFuture<?>[] loads;
    /** Batches taken by {@link #hasNext()} for their thread, not yet returned by next(). */
    private final Map<Thread, Integer> held = new HashMap<>();
    private int next;
    private boolean closed;

    Epoch(int[][] plan, boolean ahead) {
      this.plan = plan;
      this.ahead = ahead;
      this.loads = ahead ? new CompletableFuture<?>[plan.length] : null;
      if (ahead && plan.length > 0) {
        loads[0] = CompletableFuture.supplyAsync(() -> load(plan[0]), Prefetch.POOL);
      }
    }

    /**
     * Whether a batch remains for this thread; when true, the next {@link #next()} on this thread
     * returns it.
     */
    @Override
    public synchronized boolean hasNext() {
      Thread t = Thread.currentThread();
      if (held.containsKey(t)) {
        return true;
      }
      if (closed || next >= plan.length) {
        return false;
      }
      held.put(t, take());
      return true;
    }

    @Override
    public Batch next() {
      int index;
      synchronized (this) {
        Integer mine = held.remove(Thread.currentThread());
        if (mine != null) {
          index = mine;
        } else if (!closed && next < plan.length) {
          index = take();
        } else {
          throw new NoSuchElementException("DataLoader: the epoch has ended; call iterator() again");
        }
      }
      return ahead ? await(index) : load(plan[index]);
    }

    /** The next batch's index, and (prefetching) the start of the load after it. */
    private int take() {
      int index = next++;
      if (ahead && index + 1 < plan.length) {
        int following = index + 1;
        loads[following] =
            loads[index].handleAsync((batch, error) -> load(plan[following]), Prefetch.POOL);
      }
      return index;
    }

    private Batch await(int index) {
      CompletableFuture<?> f = loads[index];
      loads[index] = null; // handed out: the epoch keeps no batch it no longer needs
      try {
        return (Batch) f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw new IllegalStateException("DataLoader: loading a batch failed: " + cause, cause);
      }
    }

    /** Ends the epoch early; loads not yet started are cancelled. Not needed after a break. */
    @Override
    public synchronized void close() {
      closed = true;
      held.clear();
      if (loads != null) {
        for (CompletableFuture<?> f : loads) {
          if (f != null) {
            f.cancel(false);
          }
        }
      }
    }
  }

  /** The daemon threads that load batches ahead; they end after a second without work. */
  private static final class Prefetch {
    static final ThreadPoolExecutor POOL;

    static {
      int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
      POOL =
          new ThreadPoolExecutor(
              threads,
              threads,
              1,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "zerograd-prefetch");
                t.setDaemon(true);
                return t;
              });
      POOL.allowCoreThreadTimeOut(true);
    }
  }
}
