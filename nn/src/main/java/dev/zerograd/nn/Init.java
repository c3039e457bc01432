package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/** The common {@link Initializer}s: all draw from the seeded generator they are given. */
public final class Init {
  private Init() {}

  /**
   * Normal with mean 0 and the given standard deviation: the textbook's {@code weight_init_std *
   * np.random.randn(...)} with 0.01.
   *
   * @param std the standard deviation
   * @return normal with mean 0 and the given standard deviation: the textbook's {@code
   *     weight_init_std * np.random.randn(...)} with 0.01
   * @throws IllegalArgumentException when std is negative or not finite
   */
  public static Initializer normal(double std) {
    checkArgument(std >= 0 && Double.isFinite(std), "Init.normal: std %s must be >= 0", std);
    return (shape, dtype, g) -> g.normal(dtype, 0, std, shape.toArray());
  }

  /**
   * Xavier/Glorot normal, for sigmoid and tanh layers: std {@code sqrt(2 / (fanIn + fanOut))}.
   *
   * @return xavier/Glorot normal, for sigmoid and tanh layers: std {@code sqrt(2 / (fanIn +
   *     fanOut))}
   */
  public static Initializer xavier() {
    return (ByFans)
        (shape, f, dtype, g) ->
            g.normal(dtype, 0, Math.sqrt(2.0 / (f.in() + f.out())), shape.toArray());
  }

  /**
   * He (Kaiming) normal, for ReLU layers: std {@code sqrt(2 / fanIn)}.
   *
   * @return he (Kaiming) normal, for ReLU layers: std {@code sqrt(2 / fanIn)}
   */
  public static Initializer he() {
    return (ByFans)
        (shape, f, dtype, g) -> g.normal(dtype, 0, Math.sqrt(2.0 / f.in()), shape.toArray());
  }

  /**
   * PyTorch's default for {@code Linear} and {@code Conv2d}, weights and biases alike: uniform
   * in {@code [-1 / sqrt(fanIn), 1 / sqrt(fanIn))} ({@code kaiming_uniform_} with {@code a =
   * sqrt(5)} for the weight; the bias drawn with the weight's fan-in).
   *
   * @return uniform in {@code [-1 / sqrt(fanIn), 1 / sqrt(fanIn))}
   */
  public static Initializer pytorchDefault() {
    return (ByFans)
        (shape, f, dtype, g) -> {
          double bound = 1 / Math.sqrt(f.in());
          return g.uniform(dtype, -bound, bound, shape.toArray());
        };
  }

  /**
   * The generator that layers built without one draw from (PyTorch's default generator): seeded
   * with 0 when the program starts, reseeded by {@link #manualSeed}. Layers draw from it one at
   * a time, so layers built on several threads get distinct, but schedule-dependent, values;
   * pass a generator of your own where that matters.
   *
   * @return the shared default generator
   */
  public static synchronized Generator defaultGenerator() {
    return defaultGenerator;
  }

  /**
   * Reseeds {@link #defaultGenerator} (PyTorch's {@code torch.manual_seed}): the layers built
   * after this call get the same initial values on every run.
   *
   * @param seed the seed
   */
  public static synchronized void manualSeed(long seed) {
    defaultGenerator = new Generator(seed);
  }

  private static Generator defaultGenerator = new Generator(0);

  /** An initialiser that draws with the fans; guesses them from the shape when not given. */
  @FunctionalInterface
  private interface ByFans extends Initializer {
    Tensor draw(Shape shape, Fans fans, DType dtype, Generator g);

    @Override
    default Tensor initialize(Shape shape, DType dtype, Generator g) {
      return draw(shape, fans(shape), dtype, g);
    }

    @Override
    default Tensor initialize(Shape shape, Fans fans, DType dtype, Generator g) {
      return draw(shape, fans, dtype, g);
    }
  }

  /**
   * All zeros: the textbook's biases.
   *
   * @return all zeros: the textbook's biases
   */
  public static Initializer zeros() {
    return (shape, dtype, g) -> Tensor.zeros(shape, dtype);
  }

  /**
   * The fans guessed from a weight's layout, for an initialiser called without them: {@code (in,
   * out)} for a matrix {@code (in, out)}; {@code (in kh kw, out kh kw)} for convolution filters
   * {@code (out, in, kh, kw)} (as PyTorch computes them); the size for a vector.
   */
  static Fans fans(Shape shape) {
    checkArgument(shape.size() > 0, "Init: cannot compute fans of the empty shape %s", shape);
    if (shape.rank() < 2) {
      int n = shape.size();
      return new Fans(n, n);
    }
    if (shape.rank() == 2) {
      return new Fans(shape.dim(0), shape.dim(1));
    }
    int receptive = shape.size() / (shape.dim(0) * shape.dim(1));
    return new Fans(shape.dim(1) * receptive, shape.dim(0) * receptive);
  }
}
