package dev.zerograd.tensor;

import dev.zerograd.tensor.cpu.CpuBlas;

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
   * The number of threads the BLAS uses: as set for the bundled OpenBLAS, 1 for pure Java, and
   * {@code -1} (unknown) for a system library.
   *
   * @return the number of threads the BLAS uses: as set for the bundled OpenBLAS, 1 for pure Java,
   *     and {@code -1} (unknown) for a system library
   * @throws IllegalStateException when the chosen library cannot be loaded
   */
  public static int threads() {
    return CpuBlas.threads();
  }

  /**
   * Sets the number of threads of the bundled OpenBLAS. On two cores, small products (batch 100)
   * can run faster on one thread than on two; measure.
   *
   * @param n the number of threads, at least 1
   * @throws IllegalArgumentException when {@code n < 1}
   * @throws IllegalStateException when the running backend cannot change its thread count: a
   *     system library reads {@code OPENBLAS_NUM_THREADS} at start; pure Java has one thread
   */
  public static void setThreads(int n) {
    CpuBlas.setThreads(n);
  }
}
