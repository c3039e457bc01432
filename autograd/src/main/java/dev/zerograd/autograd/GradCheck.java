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

  /**
   * A checker with the default step ({@value #DEFAULT_EPS}) and tolerances.
   *
   * @return a checker with the default step ({@value #DEFAULT_EPS}) and tolerances
   */
  public static GradCheck defaults() {
    return DEFAULT;
  }

  /**
   * This checker with other tolerances: an element passes when {@code |analytic - numeric| <=
   * atol + rtol * |numeric|}.
   *
   * @param atol the absolute tolerance
   * @param rtol the relative tolerance
   * @return this checker with other tolerances: an element passes when {@code |analytic - numeric|
   *     <= atol + rtol * |numeric|}
   * @throws IllegalArgumentException for negative or NaN tolerances
   */
  public GradCheck tolerance(double atol, double rtol) {
    checkArgument(
        atol >= 0 && rtol >= 0,
        "GradCheck: tolerances %s, %s must be >= 0 (and not NaN)",
        atol,
        rtol);
    return new GradCheck(eps, atol, rtol, seed, constants);
  }

  /**
   * This checker with another finite-difference step.
   *
   * @param step the finite-difference step
   * @return this checker with another finite-difference step
   */
  public GradCheck eps(double step) {
    checkArgument(step > 0 && Double.isFinite(step), "GradCheck: eps %s must be > 0", step);
    return new GradCheck(step, atol, rtol, seed, constants);
  }

  /**
   * This checker with another seed for the projection weights.
   *
   * @param s the seed
   * @return this checker with another seed for the projection weights
   */
  public GradCheck seed(long s) {
    return new GradCheck(eps, atol, rtol, s, constants);
  }

  /**
   * This checker treating the given inputs as constants (masks, indices): they are passed to the
   * function but neither differentiated nor perturbed.
   *
   * @param indices the positions along the axis
   * @return this checker treating the given inputs as constants (masks, indices): they are passed
   *     to the function but neither differentiated nor perturbed
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

    /**
     * Position of the input.
     *
     * @return position of the input
     */
    public int index() {
      return index;
    }

    /**
     * Shape of the input.
     *
     * @return shape of the input
     */
    public Shape shape() {
      return shape;
    }

    /**
     * Largest {@code |analytic - numeric|} over the input's elements.
     *
     * @return largest {@code |analytic - numeric|} over the input's elements
     */
    public double maxAbsError() {
      return maxAbsError;
    }

    /**
     * Largest {@code |analytic - numeric| / max(|numeric|, 1e-12)}.
     *
     * @return largest {@code |analytic - numeric| / max(|numeric|, 1e-12)}
     */
    public double maxRelError() {
      return maxRelError;
    }

    /**
     * Whether every element was within tolerance.
     *
     * @return whether every element was within tolerance
     */
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

    /**
     * One report per differentiated input, in input order.
     *
     * @return one report per differentiated input, in input order
     */
    public List<InputReport> inputs() {
      return inputs;
    }

    /**
     * Whether every input passed.
     *
     * @return whether every input passed
     */
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
   * @param f the function checked, of the inputs wrapped as variables
   * @param inputs the inputs
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
   * @param inputs the inputs
   * @return the report: the worst error per input and whether each passed
   * @throws IllegalArgumentException when the output requires no gradient (it does not depend on
   *     any input), or an input is a broadcast view that cannot be perturbed
   */
  public Report check(Function<List<Variable>, Variable> f, Tensor... inputs) {
    Inputs in = prepare(f, inputs);
    Variable out = f.apply(in.vars);
    checkArgument(
        out.requiresGrad(),
        "GradCheck: the function's output does not depend on any differentiated input");
    Tensor weights = new Generator(seed).normal(DType.FLOAT64, 0, 1, out.shape().toArray());
    out.backward(weights.to(out.dtype()));
    List<InputReport> reports = new ArrayList<>();
    try (NoGrad scope = NoGrad.enter()) {
      for (int i = 0; i < in.x.length; i++) {
        if (!in.constant[i]) {
          Tensor numeric = NumericalGradient.of(in.x[i], () -> project(f, in.vars, weights), eps);
          reports.add(compare(i, in.x[i].shape(), in.vars.get(i).grad(), numeric));
        }
      }
    }
    return new Report(reports);
  }

  /**
   * Checks second derivatives of {@code f} at {@code inputs}: Hessian-vector products computed by
   * differentiating backward ({@link Autograd#grad} with {@code createGraph}) against central
   * differences of the first-order gradient along the same direction, {@code (grad L(x + eps v) -
   * grad L(x - eps v)) / 2 eps}.
   *
   * <p>The scalar differentiated is {@code L = sum(r f(x)) + sum(q f(x)^2) / 2} with fixed random
   * weights r and q, so that the gradient flowing into f's backward depends on x and the check
   * covers how backward uses it, not only f's own second derivative; the direction v is random
   * too. An op whose backward is first-order only fails here, with the engine's message naming
   * it.
   *
   * @param f the function checked, of the inputs wrapped as variables
   * @param inputs the inputs
   * @return the report: the worst error per input and whether each passed
   * @throws IllegalArgumentException as {@link #check}
   */
  public Report checkSecondOrder(Function<List<Variable>, Variable> f, Tensor... inputs) {
    Inputs in = prepare(f, inputs);
    Generator g = new Generator(seed);
    Variable probe = f.apply(in.vars);
    checkArgument(
        probe.requiresGrad(),
        "GradCheck: the function's output does not depend on any differentiated input");
    int[] outDims = probe.shape().toArray();
    Tensor r = g.normal(DType.FLOAT64, 0, 1, outDims).to(probe.dtype());
    Tensor q = g.normal(DType.FLOAT64, 0, 1, outDims).to(probe.dtype());
    List<Variable> wrt = new ArrayList<>();
    List<Tensor> directions = new ArrayList<>();
    for (int i = 0; i < in.x.length; i++) {
      if (!in.constant[i]) {
        wrt.add(in.vars.get(i));
        directions.add(g.normal(DType.FLOAT64, 0, 1, in.x[i].shape().toArray()));
      }
    }
    Function<List<Variable>, Variable> loss =
        vs -> {
          Variable y = f.apply(vs);
          return y.mul(Variable.of(r)).sum().add(y.mul(y).mul(Variable.of(q)).sum().mul(0.5));
        };
    // Analytic: d/dx (grad L . v), differentiating the recorded backward. An input that does not
    // reach the output has zero derivatives of every order (checked against the numeric ones).
    List<Variable> grads =
        Autograd.grad(List.of(loss.apply(in.vars)), null, wrt, true, true, true);
    Variable gv = null;
    for (int k = 0; k < grads.size(); k++) {
      if (grads.get(k) == null) {
        continue;
      }
      Variable term = grads.get(k).mul(Variable.of(directions.get(k))).sum();
      gv = gv == null ? term : gv.add(term);
    }
    List<Variable> hv =
        gv != null && gv.requiresGrad()
            ? Autograd.grad(List.of(gv), null, wrt, false, false, true)
            : new ArrayList<>(java.util.Collections.nCopies(wrt.size(), (Variable) null));
    // Numeric: central differences of the first-order gradient along v.
    List<Tensor> plus = shiftedGradient(loss, in, wrt, directions, eps);
    List<Tensor> minus = shiftedGradient(loss, in, wrt, directions, -eps);
    List<InputReport> reports = new ArrayList<>();
    for (int k = 0, i = 0; i < in.x.length; i++) {
      if (!in.constant[i]) {
        Tensor numeric = plus.get(k).sub(minus.get(k)).div(2 * eps);
        reports.add(
            compare(i, in.x[i].shape(), hv.get(k) == null ? null : hv.get(k).value(), numeric));
        k++;
      }
    }
    return new Report(reports);
  }

  /**
   * Checks second derivatives and throws when they fail.
   *
   * @param f the function checked, of the inputs wrapped as variables
   * @param inputs the inputs
   * @throws AssertionError listing every input's errors when one fails
   */
  public void assertSecondOrderPasses(Function<List<Variable>, Variable> f, Tensor... inputs) {
    Report r = checkSecondOrder(f, inputs);
    if (!r.passed()) {
      throw new AssertionError("second order: " + r);
    }
  }

  /** The first-order gradient of {@code loss} with every input moved by {@code step * v}. */
  private static List<Tensor> shiftedGradient(
      Function<List<Variable>, Variable> loss,
      Inputs in,
      List<Variable> wrt,
      List<Tensor> directions,
      double step) {
    List<Tensor> originals = new ArrayList<>();
    for (int k = 0; k < wrt.size(); k++) {
      Tensor x = wrt.get(k).value();
      originals.add(x.copy());
      x.addScaledInPlace(step, directions.get(k));
    }
    try {
      List<Tensor> out = new ArrayList<>();
      List<Variable> grads =
          Autograd.grad(List.of(loss.apply(in.vars)), null, wrt, false, false, true);
      for (Variable gk : grads) {
        out.add(gk == null ? null : gk.value().to(DType.FLOAT64));
      }
      for (int k = 0; k < out.size(); k++) {
        if (out.get(k) == null) {
          out.set(k, Tensor.zeros(wrt.get(k).shape(), DType.FLOAT64));
        }
      }
      return out;
    } finally {
      for (int k = 0; k < wrt.size(); k++) {
        wrt.get(k).value().assignInPlace(originals.get(k));
      }
    }
  }

  /** The inputs as float64 tensors (views kept) and as variables, constants marked. */
  private static final class Inputs {
    final Tensor[] x;
    final boolean[] constant;
    final List<Variable> vars;

    Inputs(Tensor[] x, boolean[] constant, List<Variable> vars) {
      this.x = x;
      this.constant = constant;
      this.vars = vars;
    }
  }

  private Inputs prepare(Function<List<Variable>, Variable> f, Tensor[] inputs) {
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
    return new Inputs(x, constant, vars);
  }

  private static double project(
      Function<List<Variable>, Variable> f, List<Variable> vars, Tensor weights) {
    return f.apply(vars).value().to(DType.FLOAT64).mul(weights).sum().item();
  }

  private InputReport compare(int index, Shape shape, Tensor analytic, Tensor numericGradient) {
    Tensor numeric = numericGradient.to(DType.FLOAT64).flatten();
    Tensor a =
        analytic == null
            ? Tensor.zeros(numeric.shape(), DType.FLOAT64)
            : analytic.to(DType.FLOAT64).flatten();
    if (numeric.size() == 0) {
      return new InputReport(index, shape, 0, 0, true, "");
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
    return new InputReport(index, shape, maxAbs, maxRel, passed, where);
  }
}
