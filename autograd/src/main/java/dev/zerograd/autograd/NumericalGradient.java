package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.function.DoubleSupplier;

/**
 * The gradient of a scalar function by central differences, {@code (f(x + h) - f(x - h)) / 2h}
 * per element: the textbook's {@code numerical_gradient}. Slow (two evaluations per element) and
 * approximate, which is what makes it a check of backprop.
 */
public final class NumericalGradient {
  private NumericalGradient() {}

  /**
   * Perturbs each element of {@code x} in place by ±h, evaluates {@code f} (which must read
   * {@code x}), and restores the element exactly.
   *
   * @param x the tensor to differentiate with respect to; modified during the call, restored
   *     after; any layout but a broadcast view
   * @param f the function's value at the current {@code x}
   * @param h the step, > 0
   * @return {@code df/dx}, float64, of x's shape
   * @throws IllegalArgumentException when h is not positive or x is a broadcast view
   */
  public static Tensor of(Tensor x, DoubleSupplier f, double h) {
    checkArgument(h > 0 && Double.isFinite(h), "NumericalGradient: h %s must be > 0", h);
    int[] dims = x.shape().toArray();
    int[] idx = new int[dims.length];
    Tensor grad = Tensor.zeros(x.shape(), DType.FLOAT64);
    for (int flat = 0; flat < x.size(); flat++) {
      double orig = x.get(idx);
      x.setInPlace(orig + h, idx);
      double plus = f.getAsDouble();
      x.setInPlace(orig - h, idx);
      double minus = f.getAsDouble();
      x.setInPlace(orig, idx);
      grad.setInPlace((plus - minus) / (2 * h), idx);
      for (int d = dims.length - 1; d >= 0 && ++idx[d] == dims[d]; d--) {
        idx[d] = 0;
      }
    }
    return grad;
  }
}
