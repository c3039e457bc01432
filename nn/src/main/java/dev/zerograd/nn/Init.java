package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

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
    return (shape, dtype, g) -> {
      int[] f = fans(shape);
      return g.normal(dtype, 0, Math.sqrt(2.0 / (f[0] + f[1])), shape.toArray());
    };
  }

  /**
   * He (Kaiming) normal, for ReLU layers: std {@code sqrt(2 / fanIn)}.
   *
   * @return he (Kaiming) normal, for ReLU layers: std {@code sqrt(2 / fanIn)}
   */
  public static Initializer he() {
    return (shape, dtype, g) -> g.normal(dtype, 0, Math.sqrt(2.0 / fans(shape)[0]), shape.toArray());
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
   * Fan-in and fan-out of a weight: {@code (in, out)} for an Affine matrix {@code (in, out)};
   * {@code (in kh kw, out kh kw)} for convolution filters {@code (out, in, kh, kw)} (as
   * PyTorch computes them); the size for a vector.
   */
  static int[] fans(Shape shape) {
    checkArgument(shape.size() > 0, "Init: cannot compute fans of the empty shape %s", shape);
    if (shape.rank() < 2) {
      int n = shape.size();
      return new int[] {n, n};
    }
    if (shape.rank() == 2) {
      return new int[] {shape.dim(0), shape.dim(1)};
    }
    int receptive = shape.size() / (shape.dim(0) * shape.dim(1));
    return new int[] {shape.dim(1) * receptive, shape.dim(0) * receptive};
  }
}
