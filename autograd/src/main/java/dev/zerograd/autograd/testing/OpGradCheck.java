package dev.zerograd.autograd.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.autograd.GradCheck;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Gradient-checks an op on random shapes in one line: each case draws input shapes, fills them
 * with seeded random float64 values, and runs {@link GradCheck} twice, once on contiguous inputs
 * and once on non-contiguous views of the same values (transposed matrices, strided vectors).
 *
 * <pre>{@code
 * @Test void swish() { OpGradCheck.of(new Swish()).check(); }          // plain JUnit
 *
 * @TestFactory Stream<DynamicTest> swishCases() {                     // one test per case
 *   return OpGradCheck.of(new Swish()).dynamicTests();
 * }
 * }</pre>
 *
 * <p>By default a one-input op gets one random shape, and an op of more inputs gets shapes that
 * broadcast together; {@link #shapes} sets others, {@link #domain} the value range (positive for
 * log or sqrt). Immutable: every setter returns a new check.
 */
public final class OpGradCheck {
  private final String name;
  private final Function<List<Variable>, Variable> f;
  private final ShapeSampler shapes;
  private final double low;
  private final double high;
  private final int cases;
  private final long seed;
  private final GradCheck checker;
  private final int[] constants;
  private final InputFactory factory;
  /** The checker of second derivatives, or null to check first order only. */
  private final GradCheck secondOrder;

  /**
   * The default tolerances of the second-order check: Hessian-vector products agree with central
   * differences of the gradient to a relative 1e-6 (float64).
   */
  public static final double SECOND_ORDER_ATOL = 1e-8;

  /** See {@link #SECOND_ORDER_ATOL}. */
  public static final double SECOND_ORDER_RTOL = 1e-6;

  /** Makes the value of one input from its shape; the default is uniform in the domain. */
  @FunctionalInterface
  public interface InputFactory {
    /**
     * @param index the input's position
     * @param shape its drawn shape
     * @param g the case's generator
     * @param low lower end of the domain
     * @param high upper end of the domain
     * @return the input's value, of the given shape
     */
    Tensor make(int index, Shape shape, Generator g, double low, double high);
  }

  private OpGradCheck(
      String name,
      Function<List<Variable>, Variable> f,
      ShapeSampler shapes,
      double low,
      double high,
      int cases,
      long seed,
      GradCheck checker,
      int[] constants,
      InputFactory factory,
      GradCheck secondOrder) {
    this.name = name;
    this.f = f;
    this.shapes = shapes;
    this.low = low;
    this.high = high;
    this.cases = cases;
    this.seed = seed;
    this.checker = checker;
    this.constants = constants;
    this.factory = factory;
    this.secondOrder = secondOrder;
  }

  /**
   * A check of {@code op} with shapes for its arity: one random shape for a one-input op,
   * broadcast-compatible shapes for more.
   *
   * @param op the op checked
   * @return a check of {@code op} with shapes for its arity: one random shape for a one-input op,
   *     broadcast-compatible shapes for more
   * @throws IllegalArgumentException for a variadic op (use {@link #of(String, Function,
   *     ShapeSampler)})
   */
  public static OpGradCheck of(Op op) {
    checkArgument(
        op.arity() >= 1,
        "OpGradCheck.of: op '%s' has arity %s; use of(name, function, shapes)",
        op.name(),
        op.arity());
    ShapeSampler s =
        op.arity() == 1 ? ShapeSampler.same(1) : ShapeSampler.broadcast(op.arity());
    OpGradCheck c = of(op.name(), in -> op.apply(in.toArray(new Variable[0])), s);
    return op.hasDifferentiableBackward() ? c : c.firstOrderOnly();
  }

  /**
   * A check of any function of variables, with inputs drawn by {@code shapes}.
   *
   * @param name the name printed in reports
   * @param f the function checked
   * @param shapes the shapes
   * @return a check of any function of variables, with inputs drawn by {@code shapes}
   */
  public static OpGradCheck of(
      String name, Function<List<Variable>, Variable> f, ShapeSampler shapes) {
    return new OpGradCheck(
        checkNotNull(name),
        checkNotNull(f),
        checkNotNull(shapes),
        -1,
        1,
        6,
        0,
        GradCheck.defaults(),
        new int[0],
        (i, s, g, lo, hi) -> g.uniform(DType.FLOAT64, lo, hi, s.toArray()),
        GradCheck.defaults().tolerance(SECOND_ORDER_ATOL, SECOND_ORDER_RTOL));
  }

  /**
   * This check with other input shapes.
   *
   * @param sampler the shape sampler
   * @return this check with other input shapes
   */
  public OpGradCheck shapes(ShapeSampler sampler) {
    return new OpGradCheck(
        name, f, checkNotNull(sampler), low, high, cases, seed, checker, constants, factory,
        secondOrder);
  }

  /**
   * This check with input values drawn uniformly from [low, high).
   *
   * @param lo the lower bound (inclusive)
   * @param hi the upper bound (exclusive)
   * @return this check with input values drawn uniformly from [low, high)
   */
  public OpGradCheck domain(double lo, double hi) {
    checkArgument(lo < hi, "OpGradCheck.domain: need low < high, got [%s, %s)", lo, hi);
    return new OpGradCheck(
        name, f, shapes, lo, hi, cases, seed, checker, constants, factory, secondOrder);
  }

  /**
   * This check with {@code n} random cases (each run contiguous and as views).
   *
   * @param n the number of random cases
   * @return this check with {@code n} random cases (each run contiguous and as views)
   */
  public OpGradCheck cases(int n) {
    checkArgument(n >= 1, "OpGradCheck.cases: %s must be >= 1", n);
    return new OpGradCheck(
        name, f, shapes, low, high, n, seed, checker, constants, factory, secondOrder);
  }

  /**
   * This check with another seed.
   *
   * @param s the seed
   * @return this check with another seed
   */
  public OpGradCheck seed(long s) {
    return new OpGradCheck(
        name, f, shapes, low, high, cases, s, checker, constants, factory, secondOrder);
  }

  /**
   * This check with other tolerances (defaults: {@link GradCheck#DEFAULT_ATOL}, ...).
   *
   * @param atol the absolute tolerance
   * @param rtol the relative tolerance
   * @return this check with other tolerances (defaults: {@link GradCheck#DEFAULT_ATOL}, ...)
   */
  public OpGradCheck tolerance(double atol, double rtol) {
    return new OpGradCheck(
        name, f, shapes, low, high, cases, seed, checker.tolerance(atol, rtol), constants,
        factory, secondOrder);
  }

  /**
   * This check with another finite-difference step (default {@link GradCheck#DEFAULT_EPS}), at
   * both orders: larger for a function that rounds through float32, whose differences would
   * otherwise drown in rounding.
   *
   * @param step the finite-difference step
   * @return this check with another finite-difference step (default {@link GradCheck#DEFAULT_EPS}),
   *     at both orders: larger for a function that rounds through float32, whose differences would
   *     otherwise drown in rounding
   */
  public OpGradCheck eps(double step) {
    return new OpGradCheck(
        name, f, shapes, low, high, cases, seed, checker.eps(step), constants, factory,
        secondOrder == null ? null : secondOrder.eps(step));
  }

  /**
   * This check without second derivatives: for a function that uses an op whose backward is
   * first-order only ({@link Op#hasDifferentiableBackward()} false). {@link #of(Op)} sets it for
   * such an op by itself.
   *
   * @return this check without second derivatives: for a function that uses an op whose backward is
   *     first-order only ({@link Op#hasDifferentiableBackward()} false)
   */
  public OpGradCheck firstOrderOnly() {
    return new OpGradCheck(
        name, f, shapes, low, high, cases, seed, checker, constants, factory, null);
  }

  /**
   * This check with other tolerances for the second derivatives (defaults: {@link
   * #SECOND_ORDER_ATOL}, {@link #SECOND_ORDER_RTOL}).
   *
   * @param atol the absolute tolerance
   * @param rtol the relative tolerance
   * @return this check with other tolerances for the second derivatives (defaults: {@link
   *     #SECOND_ORDER_ATOL}, {@link #SECOND_ORDER_RTOL})
   * @throws IllegalStateException on a first-order-only check
   */
  public OpGradCheck secondOrderTolerance(double atol, double rtol) {
    if (secondOrder == null) {
      throw new IllegalStateException(
          "OpGradCheck '" + name + "': second derivatives are not checked; nothing to tolerate");
    }
    return new OpGradCheck(
        name, f, shapes, low, high, cases, seed, checker, constants, factory,
        secondOrder.tolerance(atol, rtol));
  }

  /**
   * Whether this check also compares second derivatives (Hessian-vector products).
   *
   * @return whether this check also compares second derivatives (Hessian-vector products)
   */
  public boolean checksSecondOrder() {
    return secondOrder != null;
  }

  /**
   * This check with some inputs made by {@code inputs} (e.g. 0/1 masks) and held constant: not
   * differentiated, not perturbed.
   *
   * @param inputs the inputs
   * @param indices the positions along the axis
   * @return this check, with the inputs at {@code indices} made by {@code inputs} and held constant
   */
  public OpGradCheck constants(InputFactory inputs, int... indices) {
    return new OpGradCheck(
        name, f, shapes, low, high, cases, seed, checker.constants(indices), indices.clone(),
        (i, s, g, lo, hi) ->
            Arrays.stream(indices).anyMatch(c -> c == i)
                ? inputs.make(i, s, g, lo, hi)
                : factory.make(i, s, g, lo, hi),
        secondOrder == null ? null : secondOrder.constants(indices));
  }

  /** One drawn case: its description and its inputs. */
  private static final class Case {
    final String description;
    final Tensor[] inputs;

    Case(String description, Tensor[] inputs) {
      this.description = description;
      this.inputs = inputs;
    }
  }

  private List<Case> draw() {
    Generator g = new Generator(seed);
    List<Case> out = new ArrayList<>();
    for (int c = 0; c < cases; c++) {
      List<Shape> drawn = shapes.sample(g);
      Tensor[] contiguous = new Tensor[drawn.size()];
      Tensor[] views = new Tensor[drawn.size()];
      for (int i = 0; i < contiguous.length; i++) {
        contiguous[i] = factory.make(i, drawn.get(i), g, low, high).to(DType.FLOAT64);
        views[i] = asView(contiguous[i]);
      }
      String what = name + " case " + c + " " + drawn;
      out.add(new Case(what + " contiguous", contiguous));
      out.add(new Case(what + " as views", views));
    }
    return out;
  }

  /** The same values, stored so that the tensor is not contiguous (where its shape allows). */
  static Tensor asView(Tensor t) {
    int r = t.rank();
    if (r >= 2) {
      int[] perm = new int[r];
      for (int i = 0; i < r; i++) {
        perm[i] = r - 1 - i;
      }
      return t.transpose(perm).copy().transpose(perm); // copy() of the transpose is its storage
    }
    if (r == 1) {
      int n = t.dim(0);
      Tensor wide = Tensor.zeros(t.dtype(), n, 2);
      wide.select(1, 0).assignInPlace(t);
      return wide.select(1, 0); // stride 2
    }
    return t;
  }

  private void run(Case c) {
    GradCheck.Report r = refusedShapes(c, () -> checker.check(f, c.inputs));
    if (!r.passed()) {
      throw new AssertionError(c.description + ": " + r);
    }
  }

  private void runSecondOrder(Case c) {
    GradCheck.Report r = refusedShapes(c, () -> secondOrder.checkSecondOrder(f, c.inputs));
    if (!r.passed()) {
      throw new AssertionError(c.description + " (second order): " + r);
    }
  }

  /**
   * Runs a check, turning a refusal of the drawn shapes into a message that says how to give
   * the op shapes it takes: {@link #of(Op)} draws broadcastable shapes of any rank, which an op
   * that does not broadcast (matmul, a layer) refuses.
   */
  private GradCheck.Report refusedShapes(Case c, java.util.function.Supplier<GradCheck.Report> run) {
    try {
      return run.get();
    } catch (IllegalArgumentException e) {
      throw new AssertionError(
          c.description
              + ": the function refused the drawn input shapes ("
              + e.getMessage()
              + "); OpGradCheck draws broadcastable shapes of rank 0 to 3 unless told otherwise:"
              + " give the shapes it takes with .shapes(ShapeSampler.fixed(...)) or a sampler of"
              + " your own",
          e);
    }
  }

  /**
   * Runs every case.
   *
   * @throws AssertionError naming each failing case (shapes and layout) and its errors
   */
  public void check() {
    List<String> failures = new ArrayList<>();
    for (Case c : draw()) {
      try {
        run(c);
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
      if (secondOrder != null) {
        try {
          runSecondOrder(c);
        } catch (AssertionError e) {
          failures.add(e.getMessage());
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(
          failures.size() + " of " + caseCount() + " checks failed:\n"
              + String.join("\n", failures));
    }
  }

  /**
   * The number of checks run by {@link #check()}: two layouts per drawn case, each checked at
   * first order and, unless {@link #firstOrderOnly()}, at second order.
   *
   * @return the number of checks run by {@link #check()}: two layouts per drawn case, each checked
   *     at first order and, unless {@link #firstOrderOnly()}, at second order
   */
  public int caseCount() {
    return (secondOrder == null ? 2 : 4) * cases;
  }

  /**
   * Every check as a JUnit 5 dynamic test, for a {@code @TestFactory} method.
   *
   * @return every check as a JUnit 5 dynamic test, for a {@code @TestFactory} method
   */
  public Stream<DynamicTest> dynamicTests() {
    return draw().stream()
        .flatMap(
            c ->
                secondOrder == null
                    ? Stream.of(DynamicTest.dynamicTest(c.description, () -> run(c)))
                    : Stream.of(
                        DynamicTest.dynamicTest(c.description, () -> run(c)),
                        DynamicTest.dynamicTest(
                            c.description + " second order", () -> runSecondOrder(c))));
  }
}
