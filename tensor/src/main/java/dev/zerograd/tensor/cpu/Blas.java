package dev.zerograd.tensor.cpu;


/**
 * The BLAS library behind matrix products on the CPU: which one runs, and how many threads it
 * uses.
 *
 * <p>Chosen once, at the first matrix product, in this order:
 *
 * <ol>
 *   <li>the bundled OpenBLAS 0.3.31 from {@code org.bytedeco:openblas} (no system install);
 *   <li>the system's {@code libblas.so.3};
 *   <li>netlib's pure-Java implementation.
 * </ol>
 *
 * <p>The system property {@code zerograd.blas} (or else the environment variable {@code
 * ZEROGRAD_BLAS}) overrides the order: {@code bundled}, {@code system}, {@code java}, or the
 * absolute path of a BLAS shared library. An explicit choice that cannot be loaded is an error,
 * not a silent fallback: every method here, and every matrix product, then throws an {@code
 * IllegalStateException} naming the setting and the accepted values. {@link #describe()} says
 * what runs.
 */
public final class Blas {
  /** The kind of implementation that runs. */
  public enum Backend {
    /** OpenBLAS from the {@code org.bytedeco:openblas} jar. */
    BUNDLED_OPENBLAS,
    /** A native BLAS of the system (by default {@code libblas.so.3}) or a given path. */
    SYSTEM,
    /** netlib's pure-Java BLAS. */
    JAVA
  }

  /** The property naming the BLAS to use; see the class comment. */
  public static final String PROPERTY = CpuBlas.PROPERTY;

  /** The environment variable read when the property is not set. */
  public static final String ENVIRONMENT = CpuBlas.ENVIRONMENT;

  private Blas() {}

  /**
   * Which kind of BLAS runs (loading it if this is the first use).
   *
   * @return which kind of BLAS runs (loading it if this is the first use)
   * @throws IllegalStateException when the chosen library cannot be loaded
   */
  public static Backend backend() {
    return Backend.valueOf(CpuBlas.kind().name());
  }

  /**
   * One line saying what runs: backend, library, version, kernel (core name) and threads, plus
   * why earlier choices were skipped. For example: {@code BLAS: bundled OpenBLAS 0.3.31, core
   * Cooperlake, 2 threads, library /root/.javacpp/cache/.../libopenblas.so.0}.
   *
   * @return one line saying what runs: backend, library, version, kernel (core name) and threads,
   *     plus why earlier choices were skipped
   * @throws IllegalStateException when the chosen library cannot be loaded
   */
  public static String describe() {
    return CpuBlas.describe();
  }

  /**
   * The number of threads one matrix product on this thread may use: in automatic mode (the
   * default) the cores a large product is split across (at most the count of an open {@link
   * #threadsAtMost} scope); after {@link #setThreads} the count set; {@code -1}
   * (unknown) for a system library.
   *
   * @return the threads one product may use, or {@code -1} when unknown
   * @throws IllegalStateException when the chosen library cannot be loaded
   */
  public static int threads() {
    return CpuBlas.threads();
  }

  /**
   * Turns automatic threading off and gives the BLAS {@code n} threads of its own. Rarely
   * needed: by default the bundled OpenBLAS runs one thread per call and zerograd splits products
   * above 2 MFLOP across the cores, with helper threads that park when idle; OpenBLAS's own
   * workers keep spinning for about a tenth of a second after each call, which slows every other
   * thread of a busy machine. {@link #setAutoThreads()} returns to the default.
   *
   * @param n the number of threads, at least 1
   * @throws IllegalArgumentException when {@code n < 1}, or above the most threads the bundled
   *     OpenBLAS was built for (64), naming that maximum; nothing is changed then
   * @throws IllegalStateException when the running backend cannot change its thread count: a
   *     system library reads {@code OPENBLAS_NUM_THREADS} at start; pure Java has one thread
   */
  public static void setThreads(int n) {
    CpuBlas.setThreads(n);
  }

  /**
   * Returns to the default, automatic threading: one BLAS thread per call, and products above 2
   * MFLOP split across the cores by zerograd (for the bundled OpenBLAS and pure Java; a system
   * library keeps its own threads).
   *
   * @throws IllegalStateException when the chosen library cannot be loaded
   */
  public static void setAutoThreads() {
    CpuBlas.setAutoThreads();
  }

  /**
   * Opens a scope in which this thread's matrix products run on this thread alone, not split
   * across the cores: for a background thread (an evaluation beside training, say) that should
   * leave the other cores to the thread that matters. Close it, with try-with-resources, on the
   * thread that opened it.
   *
   * <pre>{@code
   * try (Blas.Scope serial = Blas.serial()) {
   *   double accuracy = net.accuracy(images, labels);
   * }
   * }</pre>
   *
   * @return the scope; closing it lets this thread's products be split again
   */
  public static Scope serial() {
    return new Scope(CpuBlas.serial());
  }

  /**
   * Opens a scope in which this thread's work (matrix products, convolutions, large elementwise
   * loops) is split across at most {@code n} cores: for code that was given {@code n} cores of a
   * shared machine, such as a Spark task ({@code spark.task.cpus}). {@code threadsAtMost(1)} is
   * {@link #serial()}; a scope inside another keeps the smaller count. Close it, with
   * try-with-resources, on the thread that opened it.
   *
   * @param n the most cores this thread's calls may use, at least 1
   * @return the scope; closing it restores the count before it
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public static Scope threadsAtMost(int n) {
    return new Scope(CpuBlas.atMost(n));
  }

  /** A scope opened by {@link #serial()} or {@link #threadsAtMost}; closing it twice is harmless. */
  public static final class Scope implements AutoCloseable {
    private final Runnable close;

    private Scope(Runnable close) {
      this.close = close;
    }

    /** Ends the scope. */
    @Override
    public void close() {
      close.run();
    }
  }
}
