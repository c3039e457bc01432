package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Proves gradients: compares the analytic gradients that backward computes with central finite
 * differences {@code (f(x + eps) - f(x - eps)) / 2 eps}, in float64, for a function of any number
 * of inputs.
 *
 * <p>A non-scalar output is projected onto fixed random weights {@code r} first: the check
 * compares {@code d(sum(f(x) * r))/dx}, which is the backward pass seeded with {@code r}. An
 * element passes when {@code |analytic - numeric| <= atol + rtol * |numeric|}.
 *
 * <pre>{@code
 * GradCheck.defaults().assertPasses(in -> in.get(0).mul(in.get(1)).sum(), a, b);  // in JUnit
 * GradCheck.Report r = GradCheck.defaults().tolerance(1e-6, 1e-4).check(f, x);     // to inspect
 * }</pre>
 *
 * <p>Float32 inputs are converted to float64 copies. Float64 inputs are used as given, so that
 * views (transposed, sliced) are checked as views: their elements are perturbed in place one at a
 * time and restored exactly, which leaves their storage version advanced.
 *
 * <p>Immutable: {@link #tolerance}, {@link #eps}, {@link #seed} and {@link #constants} return a
 * configured copy, and {@link #check} and {@link #assertPasses} run with that configuration.
 * {@link #defaults()} is the only static method, so no setting can be dropped by calling a
 * static method through a configured instance.
 */
public final class GradCheck {
  /** The default step: 1e-6. */
  public static final double DEFAULT_EPS = 1e-6;

  /** The default absolute tolerance: 1e-5. */
  public static final double DEFAULT_ATOL = 1e-5;

  /** The default relative tolerance: 1e-3. */
  public static final double DEFAULT_RTOL = 1e-3;

  private static final GradCheck DEFAULT =
      new GradCheck(DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, 0, new int[0]);

  private final double eps;
  private final double atol;
  private final double rtol;
  private final long seed;
  private final int[] constants;

  private GradCheck(double eps, double atol, double rtol, long seed, int[] constants) {
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    this.seed = seed;
    this.constants = constants;
  }

  /** A checker with the default step ({@value #DEFAULT_EPS}) and tolerances. */
  public static GradCheck defaults() {
    return DEFAULT;
  }

  /**
   * This checker with other tolerances: an element passes when {@code |analytic - numeric| <=
   * atol + rtol * |numeric|}.
   *
   * @throws IllegalArgumentException for negative or NaN tolerances
   */
  public GradCheck tolerance(double atol, double rtol) {
    checkArgument(
        atol >= 0 && rtol >= 0, "GradCheck: tolerances %s, %s must be >= 0 (and not NaN)", atol, rtol);
    return new GradCheck(eps, atol, rtol, seed, constants);
  }

  /** This checker with another finite-difference step. */
  public GradCheck eps(double step) {
    checkArgument(step > 0 && Double.isFinite(step), "GradCheck: eps %s must be > 0", step);
    return new GradCheck(step, atol, rtol, seed, constants);
  }

  /** This checker with another seed for the projection weights. */
  public GradCheck seed(long s) {
    return new GradCheck(eps, atol, rtol, s, constants);
  }

  /**
   * This checker treating the given inputs as constants (masks, indices): they are passed to the
   * function but neither differentiated nor perturbed.
   */
  public GradCheck constants(int... indices) {
    return new GradCheck(eps, atol, rtol, seed, indices.clone());
  }

  /** Gradient errors for one input. */
  public static final class InputReport {
    private final int index;
    private final Shape shape;
    private final double maxAbsError;
    private final double maxRelError;
    private final boolean passed;
    private final String worst;

    InputReport(
        int index, Shape shape, double maxAbs, double maxRel, boolean passed, String worst) {
      this.index = index;
      this.shape = shape;
      this.maxAbsError = maxAbs;
      this.maxRelError = maxRel;
      this.passed = passed;
      this.worst = worst;
    }

    /** Position of the input. */
    public int index() {
      return index;
    }

    /** Shape of the input. */
    public Shape shape() {
      return shape;
    }

    /** Largest {@code |analytic - numeric|} over the input's elements. */
    public double maxAbsError() {
      return maxAbsError;
    }

    /** Largest {@code |analytic - numeric| / max(|numeric|, 1e-12)}. */
    public double maxRelError() {
      return maxRelError;
    }

    /** Whether every element was within tolerance. */
    public boolean passed() {
      return passed;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "input %d %s: max abs error %.3e, max rel error %.3e, %s%s",
          index,
          shape,
          maxAbsError,
          maxRelError,
          passed ? "ok" : "FAILED",
          passed ? "" : " (worst " + worst + ")");
    }
  }

  /** The outcome of one check: a report per differentiated input. */
  public static final class Report {
    private final List<InputReport> inputs;

    Report(List<InputReport> inputs) {
      this.inputs = List.copyOf(inputs);
    }

    /** One report per differentiated input, in input order. */
    public List<InputReport> inputs() {
      return inputs;
    }

    /** Whether every input passed. */
    public boolean passed() {
      return inputs.stream().allMatch(InputReport::passed);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("gradient check ");
      sb.append(passed() ? "passed" : "FAILED");
      for (InputReport r : inputs) {
        sb.append("\n  ").append(r);
      }
      return sb.toString();
    }
  }

  /**
   * Checks {@code f} and throws when it fails.
   *
   * @throws AssertionError listing every input's errors when one fails
   */
  public void assertPasses(Function<List<Variable>, Variable> f, Tensor... inputs) {
    Report r = check(f, inputs);
    if (!r.passed()) {
      throw new AssertionError(r.toString());
    }
  }

  /**
   * Checks {@code f} at {@code inputs}.
   *
   * @param f the function: takes one variable per input, returns the output
   * @throws IllegalArgumentException when the output requires no gradient (it does not depend on
   *     any input), or an input is a broadcast view that cannot be perturbed
   */
  public Report check(Function<List<Variable>, Variable> f, Tensor... inputs) {
    checkNotNull(f, "GradCheck: the function is null");
    int n = inputs.length;
    boolean[] constant = new boolean[n];
    for (int c : constants) {
      checkArgument(c >= 0 && c < n, "GradCheck: constant input %s is not in [0, %s)", c, n);
      constant[c] = true;
    }
    List<Variable> vars = new ArrayList<>(n);
    Tensor[] x = new Tensor[n];
    for (int i = 0; i < n; i++) {
      checkNotNull(inputs[i], "GradCheck: input %s is null", i);
      x[i] = inputs[i].dtype() == DType.FLOAT64 ? inputs[i] : inputs[i].to(DType.FLOAT64);
      vars.add(constant[i] ? Variable.of(x[i]) : Variable.parameter(x[i], "input" + i));
    }
    Variable out = f.apply(vars);
    checkArgument(
        out.requiresGrad(),
        "GradCheck: the function's output does not depend on any differentiated input");
    Tensor weights =
        new Generator(seed).normal(DType.FLOAT64, 0, 1, out.shape().toArray());
    out.backward(weights.to(out.dtype()));
    List<InputReport> reports = new ArrayList<>();
    try (NoGrad scope = NoGrad.enter()) {
      for (int i = 0; i < n; i++) {
        if (!constant[i]) {
          reports.add(compare(i, x[i], vars.get(i).grad(), () -> project(f, vars, weights)));
        }
      }
    }
    return new Report(reports);
  }

  private static double project(
      Function<List<Variable>, Variable> f, List<Variable> vars, Tensor weights) {
    return f.apply(vars).value().to(DType.FLOAT64).mul(weights).sum().item();
  }

  private InputReport compare(int index, Tensor x, Tensor analytic, DoubleSupplier loss) {
    Tensor numeric = NumericalGradient.of(x, loss, eps).flatten();
    Tensor a = analytic == null ? Tensor.zeros(numeric.shape(), DType.FLOAT64) : analytic.to(DType.FLOAT64).flatten();
    if (numeric.size() == 0) {
      return new InputReport(index, x.shape(), 0, 0, true, "");
    }
    Tensor size = numeric.abs();
    Tensor error = a.sub(numeric).abs(); // NaN where either is NaN: it fails and is reported
    Tensor ok = error.le(size.mul(rtol).add(atol));
    boolean passed = ok.min().item() == 1;
    double maxAbs = error.max().item();
    double maxRel = error.div(size.maximum(1e-12)).max().item();
    // The first element that fails, else the largest error.
    int worst = passed ? error.argmax() : ok.neg().argmax();
    String where =
        String.format(
            Locale.ROOT,
            "at flat index %d: analytic %.9g, numeric %.9g",
            worst,
            a.get(worst),
            numeric.get(worst));
    return new InputReport(index, x.shape(), maxAbs, maxRel, passed, where);
  }
}
