package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A seeded source of random numbers: the same seed gives the same numbers on every run, every
 * JVM and every platform (SplitMix64, with Marsaglia's polar method for normals).
 *
 * <p>Not thread-safe: give each thread its own generator.
 */
public final class Generator {
  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  /**
   * A generator whose sequence is fixed by {@code seed}.
   *
   * @param seed the seed of the random generator
   */
  public Generator(long seed) {
    this.state = seed;
  }

  /**
   * The next 64 uniformly random bits.
   *
   * @return the next 64 uniformly random bits
   */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A uniform double in [0, 1).
   *
   * @return a uniform double in [0, 1)
   */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * A uniform integer in [0, bound), without modulo bias.
   *
   * @param bound the bound
   * @return a uniform integer in [0, bound), without modulo bias
   * @throws IllegalArgumentException when bound is not positive
   */
  public int nextInt(int bound) {
    checkArgument(bound > 0, "nextInt: bound %s must be > 0", bound);
    // Lemire's multiply-and-reject.
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /**
   * A standard normal sample (mean 0, standard deviation 1).
   *
   * @return a standard normal sample (mean 0, standard deviation 1)
   */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double factor = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * factor;
    hasSpare = true;
    return u * factor;
  }

  /**
   * A tensor of normal samples: {@code mean + std * N(0, 1)}.
   *
   * @param dtype the element type
   * @param mean the mean
   * @param std the standard deviation
   * @param dims the dimensions, outermost first
   * @return a tensor of normal samples: {@code mean + std * N(0, 1)}
   * @throws IllegalArgumentException when mean or std is NaN or infinite, std is negative, or a
   *     size is negative
   */
  public Tensor normal(DType dtype, double mean, double std, int... dims) {
    checkArgument(
        Double.isFinite(mean) && Double.isFinite(std) && std >= 0,
        "normal: mean %s and std %s must be finite, with std >= 0",
        mean,
        std);
    Tensor t = Tensor.zeros(Shape.of(dims), dtype);
    t.kernels().generate(t.view(), () -> mean + std * nextGaussian());
    return t;
  }

  /**
   * A tensor of uniform samples in [low, high).
   *
   * @param dtype the element type
   * @param low the lower bound (inclusive)
   * @param high the upper bound (exclusive)
   * @param dims the dimensions, outermost first
   * @return a tensor of uniform samples in [low, high)
   * @throws IllegalArgumentException when a bound is NaN or infinite, {@code low > high}, or a size
   *     is
   *     negative
   */
  public Tensor uniform(DType dtype, double low, double high, int... dims) {
    checkArgument(
        Double.isFinite(low) && Double.isFinite(high) && low <= high,
        "uniform: bounds [%s, %s) must be finite with low <= high",
        low,
        high);
    Tensor t = Tensor.zeros(Shape.of(dims), dtype);
    t.kernels().generate(t.view(), () -> low + (high - low) * nextDouble());
    return t;
  }

  /**
   * {@code count} integers drawn uniformly from [low, high) with replacement: the indices of a
   * mini-batch.
   *
   * @param low the lower bound (inclusive)
   * @param high the upper bound (exclusive)
   * @param count the count
   * @return {@code count} integers drawn uniformly from [low, high) with replacement: the indices
   *     of a mini-batch
   * @throws IllegalArgumentException when {@code low >= high} or {@code count < 0}
   */
  public int[] integers(int low, int high, int count) {
    checkArgument(low < high, "integers: range [%s, %s) is empty; need low < high", low, high);
    checkArgument(count >= 0, "integers: count %s must be >= 0", count);
    int span = high - low;
    checkArgument(span > 0, "integers: range [%s, %s) is too wide", low, high);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = low + nextInt(span);
    }
    return out;
  }

  /**
   * A random permutation of {@code 0..n-1} (Fisher-Yates): the order of an epoch without
   * replacement.
   *
   * @param n the number of elements
   * @return a random permutation of {@code 0..n-1} (Fisher-Yates): the order of an epoch without
   *     replacement
   * @throws IllegalArgumentException when {@code n < 0}
   */
  public int[] permutation(int n) {
    checkArgument(n >= 0, "permutation: n %s must be >= 0", n);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }
}
