package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Bounds on floating-point rounding, for comparing results that two code paths computed from the
 * same numbers (another batch size, another split across threads, another BLAS kernel): such
 * results are not bitwise equal, and a fixed tolerance is either loose enough to hide a bug or
 * tight enough for another CPU's rounding to cross. The bounds here hold for every order of
 * summation, with or without fused multiply-adds, on any CPU and BLAS (N. Higham, <i>Accuracy and
 * Stability of Numerical Algorithms</i>, 2nd ed., Lemma 3.1 and section 3.5): like PyTorch's
 * {@code torch.testing.assert_close}, they derive the tolerance from the type, and they also
 * take the length of the reduction and the size of its terms into account.
 *
 * <pre>{@code
 * Tensor bound = Rounding.productErrorBound(x, w).mul(2);    // two evaluations, each within it
 * assertTrue(Rounding.within(batched, whole, bound), Rounding.describe(batched, whole, bound));
 * }</pre>
 */
public final class Rounding {
  private Rounding() {}

  /**
   * The unit roundoff u of a type, half its machine epsilon: {@code 2^-24} for float32, {@code
   * 2^-53} for float64. Every correctly rounded operation is within a factor {@code (1 + d)},
   * {@code |d| <= u}, of the exact result.
   *
   * @param dtype the type
   * @return the unit roundoff of {@code dtype}
   */
  public static double unitRoundoff(DType dtype) {
    checkNotNull(dtype, "Rounding.unitRoundoff: dtype is null");
    return dtype == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
  }

  /**
   * {@code gamma_n = n u / (1 - n u)}: the relative error of {@code n} successive roundings in
   * {@code dtype}; a sum or dot product of {@code n} terms, in any order, is within {@code gamma_n}
   * times the sum of the terms' absolute values of the exact result.
   *
   * @param dtype the type the operations round to
   * @param n the number of roundings, at least 0
   * @return {@code gamma_n}
   * @throws IllegalArgumentException when n is negative or {@code n u >= 1/2} (no useful bound)
   */
  public static double gamma(DType dtype, long n) {
    checkArgument(n >= 0, "Rounding.gamma: n %s must be >= 0", n);
    double nu = n * unitRoundoff(dtype);
    checkArgument(
        nu < 0.5,
        "Rounding.gamma: %s roundings in %s bound nothing (n u = %s >= 1/2)",
        n,
        dtype,
        nu);
    return nu / (1 - nu);
  }

  /**
   * An elementwise bound on the rounding error of the matrix product {@code a b} computed in the
   * operands' promoted type, in any summation order: {@code gamma_k |a| |b|} for {@code a (m, k)}
   * and {@code b (k, n)} (a vector operand is a single row or column), computed in float64 (so
   * that the bound's own rounding, relative {@code 1e-16 k}, is far below it).
   *
   * @param a the left operand, 1-D or 2-D
   * @param b the right operand, 1-D or 2-D
   * @return a float64 tensor of the product's shape: for each element, how far a correctly
   *     computed {@code a b} may lie from the exact product
   * @throws IllegalArgumentException when the shapes do not multiply
   */
  public static Tensor productErrorBound(Tensor a, Tensor b) {
    checkNotNull(a, "Rounding.productErrorBound: a is null");
    checkNotNull(b, "Rounding.productErrorBound: b is null");
    checkArgument(
        a.rank() >= 1 && a.rank() <= 2 && b.rank() >= 1 && b.rank() <= 2,
        "Rounding.productErrorBound: give 1-D or 2-D operands, got %s and %s",
        a.shape(),
        b.shape());
    int k = a.dim(-1);
    DType dt = DType.promote(a.dtype(), b.dtype());
    Tensor magnitude = a.to(DType.FLOAT64).abs().dot(b.to(DType.FLOAT64).abs());
    return magnitude.mul(gamma(dt, k) * (1 + 1e-12));
  }

  /**
   * An elementwise bound on the error of an affine map {@code y = x' w + b} computed in the
   * operands' type, where {@code x'} is a computed approximation of an exact input {@code x}
   * within {@code xError}: {@code gamma_(k+1) ((|x'| + xError) |w| + |b|) + xError |w|}. The error
   * a layer inherits and the error it adds, so that a chain of affine layers is bounded layer by
   * layer; ReLU, being 1-Lipschitz and exact, passes an error bound through unchanged.
   *
   * @param x the computed input {@code (m, k)}
   * @param xError how far x may lie from the exact input, of x's shape; null when x is exact
   * @param w the weights {@code (k, n)}
   * @param b the bias {@code (n)}, or null for none
   * @return a float64 {@code (m, n)} bound on {@code |y computed - y exact|}
   * @throws IllegalArgumentException when the shapes do not fit
   */
  public static Tensor affineErrorBound(Tensor x, Tensor xError, Tensor w, Tensor b) {
    checkNotNull(x, "Rounding.affineErrorBound: x is null");
    checkNotNull(w, "Rounding.affineErrorBound: w is null");
    checkArgument(
        x.rank() == 2 && w.rank() == 2 && x.dim(1) == w.dim(0),
        "Rounding.affineErrorBound: x %s and w %s do not multiply; give x (m, k) and w (k, n)",
        x.shape(),
        w.shape());
    checkArgument(
        xError == null || xError.shape().equals(x.shape()),
        "Rounding.affineErrorBound: xError %s must have x's shape %s",
        xError == null ? null : xError.shape(),
        x.shape());
    checkArgument(
        b == null || b.shape().equals(Shape.of(w.dim(1))),
        "Rounding.affineErrorBound: b %s must be (%s)",
        b == null ? null : b.shape(),
        w.dim(1));
    DType dt = DType.promote(x.dtype(), w.dtype());
    Tensor ax = x.to(DType.FLOAT64).abs();
    Tensor aw = w.to(DType.FLOAT64).abs();
    Tensor err = xError == null ? null : xError.to(DType.FLOAT64);
    Tensor magnitude = (err == null ? ax : ax.add(err)).dot(aw);
    if (b != null) {
      magnitude = magnitude.add(b.to(DType.FLOAT64).abs());
    }
    Tensor own = magnitude.mul(gamma(dt, x.dim(1) + 1L) * (1 + 1e-12));
    return err == null ? own : own.add(err.dot(aw).mul(1 + 1e-12));
  }

  /**
   * An elementwise bound on the error of {@code softmax} along the last axis of a matrix of
   * scores computed in {@code scores}' type, where the scores may lie within {@code
   * scoresError} of the exact ones: a change of at most {@code d} in a row's scores changes each
   * probability {@code p} by a factor within {@code e^(+-2d)}, and evaluating it (the maximum
   * subtracted, {@code n} exponentials, their sum, one division) adds a relative {@code
   * gamma_(n+4) + u * max |s - max s|}.
   *
   * @param scores the computed scores {@code (m, n)}
   * @param scoresError how far they may lie from the exact scores, of their shape; null when exact
   * @return a float64 {@code (m, n)} bound on {@code |softmax computed - softmax exact|}
   * @throws IllegalArgumentException when scores is not a matrix or the shapes differ
   */
  public static Tensor softmaxErrorBound(Tensor scores, Tensor scoresError) {
    checkNotNull(scores, "Rounding.softmaxErrorBound: scores is null");
    checkArgument(
        scores.rank() == 2, "Rounding.softmaxErrorBound: scores must be (m, n), got %s",
        scores.shape());
    checkArgument(
        scoresError == null || scoresError.shape().equals(scores.shape()),
        "Rounding.softmaxErrorBound: scoresError %s must have the scores' shape %s",
        scoresError == null ? null : scoresError.shape(),
        scores.shape());
    DType dt = scores.dtype();
    Tensor s = scores.to(DType.FLOAT64);
    int[] last = {1};
    Tensor d =
        scoresError == null
            ? s.newZeros(scores.dim(0), 1)
            : scoresError.to(DType.FLOAT64).max(last, true);
    Tensor range = s.max(last, true).sub(s.min(last, true));
    // Relative error of one evaluation, per row: the exact softmax of perturbed scores, then the
    // evaluation's own roundings.
    Tensor relative =
        d.mul(2).exp().sub(1).add(range.mul(unitRoundoff(dt))).add(gamma(dt, scores.dim(1) + 4L));
    // Against the computed probabilities, which may themselves be below the exact ones.
    Tensor p = s.softmax(1).mul(relative.add(1));
    return p.mul(relative).mul(1 + 1e-6);
  }

  /**
   * Whether {@code |a - b| <= bound} elementwise (all three broadcast together); NaN is within
   * nothing.
   *
   * @param a one result
   * @param b the other result, of a shape that broadcasts with a's
   * @param bound the largest difference allowed per element, broadcast with them
   * @return whether every difference is within its bound
   * @throws IllegalArgumentException when the shapes do not broadcast together
   */
  public static boolean within(Tensor a, Tensor b, Tensor bound) {
    Tensor over = excess(a, b, bound);
    return over.size() == 0 || over.max().item() <= 0;
  }

  /**
   * The element where {@code |a - b|} exceeds {@code bound} the most, as one line for a test's
   * failure message ({@code element 17 (row-major): 0.5 vs 0.5001, difference 1.0e-4 > bound
   * 2.0e-6}), or {@code "within the bound"}.
   *
   * @param a one result
   * @param b the other result
   * @param bound the largest difference allowed per element
   * @return a description of the worst element
   * @throws IllegalArgumentException when the shapes do not broadcast together
   */
  public static String describe(Tensor a, Tensor b, Tensor bound) {
    Tensor over = excess(a, b, bound);
    if (over.size() == 0 || over.max().item() <= 0) {
      return "within the bound";
    }
    int worst = over.argmax();
    Shape s = over.shape();
    double[] x = a.to(DType.FLOAT64).broadcastTo(s.toArray()).contiguous().toDoubleArray();
    double[] y = b.to(DType.FLOAT64).broadcastTo(s.toArray()).contiguous().toDoubleArray();
    double[] t = bound.to(DType.FLOAT64).broadcastTo(s.toArray()).contiguous().toDoubleArray();
    return String.format(
        "element %d (row-major) of %s: %s vs %s, difference %.3e > bound %.3e",
        worst, s, x[worst], y[worst], Math.abs(x[worst] - y[worst]), t[worst]);
  }

  /** {@code |a - b| - bound} in float64, NaN differences counted as infinitely far. */
  private static Tensor excess(Tensor a, Tensor b, Tensor bound) {
    checkNotNull(a, "Rounding: a is null");
    checkNotNull(b, "Rounding: b is null");
    checkNotNull(bound, "Rounding: bound is null");
    Tensor d = a.to(DType.FLOAT64).sub(b.to(DType.FLOAT64)).abs();
    Tensor nan = d.ne(d);
    d = Tensor.where(nan, d.newScalar(Double.POSITIVE_INFINITY), d);
    return d.sub(bound.to(DType.FLOAT64));
  }
}
