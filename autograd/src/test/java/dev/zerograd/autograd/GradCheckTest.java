package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradCheckTest {
  /** exp(x) with a backward that forgets the factor exp(x): wrong everywhere but at 0. */
  private static final Op WRONG_EXP =
      new Op("wrong-exp", 1) {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
          return in[0].exp();
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
          return new Tensor[] {dy};
        }
      };

  @Test
  void correctGradientsPassWithTinyErrors() {
    Generator g = new Generator(3);
    Tensor a = g.uniform(DType.FLOAT64, -1, 1, 3, 4);
    Tensor b = g.uniform(DType.FLOAT32, -1, 1, 4);
    GradCheck.Report r = GradCheck.defaults().check(in -> in.get(0).mul(in.get(1)).tanh(), a, b);
    assertTrue(r.passed(), r.toString());
    assertEquals(2, r.inputs().size());
    assertTrue(r.inputs().get(0).maxAbsError() < 1e-8, r.toString());
    assertEquals(4, r.inputs().get(1).shape().dim(0));
    GradCheck.defaults().assertPasses(in -> in.get(0).mul(in.get(1)).sum(), a, b);
  }

  @Test
  void wrongBackwardIsCaughtAndReported() {
    Tensor x = Tensor.of(new double[] {0.5, 1.5});
    GradCheck.Report r = GradCheck.defaults().check(in -> WRONG_EXP.apply(in.get(0)), x);
    assertFalse(r.passed());
    assertTrue(r.inputs().get(0).maxAbsError() > 0.5, r.toString());
    assertTrue(r.toString().contains("FAILED"), r.toString());
    assertTrue(r.toString().contains("numeric"), r.toString());
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> GradCheck.defaults().assertPasses(in -> WRONG_EXP.apply(in.get(0)), x));
    assertTrue(e.getMessage().contains("input 0 (2,)"), e.getMessage());
  }

  @Test
  void inputsAreRestoredExactly() {
    Tensor x = new Generator(9).uniform(DType.FLOAT64, -1, 1, 5);
    double[] before = x.toDoubleArray();
    GradCheck.defaults().check(in -> in.get(0).exp().sum(), x);
    assertEquals(Tensor.of(before), x);
  }

  @Test
  void constantsAreNeitherDifferentiatedNorReported() {
    Tensor mask = Tensor.of(new double[] {1, 0, 1});
    Tensor x = Tensor.of(new double[] {0.3, 0.6, 0.9});
    GradCheck.Report r =
        GradCheck.defaults()
            .constants(0)
            .check(in -> Variable.where(in.get(0).value(), in.get(1), in.get(1).exp()), mask, x);
    assertTrue(r.passed(), r.toString());
    assertEquals(1, r.inputs().size());
    assertEquals(1, r.inputs().get(0).index());
  }

  @Test
  void aFunctionOfNoInputIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCheck.defaults().check(in -> Variable.of(Tensor.ones(DType.FLOAT64, 1)), Tensor.ones(DType.FLOAT64, 1)));
    assertTrue(e.getMessage().contains("does not depend"), e.getMessage());
  }

  @Test
  void numericalGradientOfASumOfSquaresIsTwoX() {
    Tensor x = Tensor.of(new double[][] {{1, -2}, {0.5, 3}}).transpose();
    Tensor before = x.copy();
    Tensor g = NumericalGradient.of(x, () -> x.pow(2).sum().item(), 1e-4);
    assertTrue(g.allClose(x.mul(2), 0, 1e-8), g.toString());
    assertEquals(before, x);
    assertThrows(IllegalArgumentException.class, () -> NumericalGradient.of(x, () -> 0, 0));
  }

  /** exp(x) whose gradient is 0.05 % too large: passes rtol 1e-3, fails rtol 1e-4. */
  private static final Op SLIGHTLY_WRONG_EXP =
      new Op("slightly-wrong-exp", 1) {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
          Tensor y = in[0].exp();
          ctx.save(y);
          return y;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
          return new Tensor[] {dy.mul(ctx.saved(0)).mul(1.0005)};
        }
      };

  @Test
  void theConfiguredToleranceIsTheOneThatJudges() {
    Tensor x = Tensor.of(new double[] {0.5, 1.5, 2.5});
    GradCheck loose = GradCheck.defaults();
    GradCheck tight = GradCheck.defaults().tolerance(1e-6, 1e-4);
    assertTrue(loose.check(in -> SLIGHTLY_WRONG_EXP.apply(in.get(0)), x).passed());
    assertFalse(tight.check(in -> SLIGHTLY_WRONG_EXP.apply(in.get(0)), x).passed());
    assertThrows(
        AssertionError.class,
        () -> tight.assertPasses(in -> SLIGHTLY_WRONG_EXP.apply(in.get(0)), x));
  }

  @Test
  void noStaticMethodCanDropAConfiguredInstancesSettings() {
    // A static method called through an instance ignores the instance; only defaults() is static.
    List<String> statics =
        Arrays.stream(GradCheck.class.getMethods())
            .filter(m -> Modifier.isStatic(m.getModifiers()))
            .map(Method::getName)
            .toList();
    assertEquals(List.of("defaults"), statics);
  }

  /**
   * x^2 whose differentiable backward uses 2x as a constant: right at first order, wrong at
   * second (it says the second derivative is 0).
   */
  private static final Op SLOPPY_SQUARE =
      new Op("sloppy-square", 1) {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
          return in[0].mul(in[0]);
        }

        @Override
        protected Variable[] backward(Context ctx, Variable dy) {
          return new Variable[] {dy.mul(Variable.of(ctx.input(0).value().mul(2)))};
        }
      };

  @Test
  void secondOrderCheckCatchesABackwardThatIsNotDifferentiatedProperly() {
    Tensor x = new Generator(4).uniform(DType.FLOAT64, -1, 1, 3);
    GradCheck check = GradCheck.defaults().tolerance(1e-8, 1e-6);
    assertTrue(check.check(in -> SLOPPY_SQUARE.apply(in.get(0)), x).passed());
    GradCheck.Report r = check.checkSecondOrder(in -> SLOPPY_SQUARE.apply(in.get(0)), x);
    assertFalse(r.passed(), r.toString());
    GradCheck.Report right = check.checkSecondOrder(in -> in.get(0).mul(in.get(0)), x);
    assertTrue(right.passed(), right.toString());
    assertTrue(right.inputs().get(0).maxAbsError() < 1e-8, right.toString());
  }

  @Test
  void secondOrderCheckCoversEveryInputAndKeepsTheInputs() {
    Generator g = new Generator(5);
    Tensor a = g.uniform(DType.FLOAT64, -1, 1, 2, 3);
    Tensor b = g.uniform(DType.FLOAT64, -1, 1, 3).to(DType.FLOAT32).to(DType.FLOAT64);
    Tensor before = a.copy();
    GradCheck.Report r =
        GradCheck.defaults()
            .tolerance(1e-8, 1e-6)
            .checkSecondOrder(in -> in.get(0).mul(in.get(1)).tanh(), a, b);
    assertTrue(r.passed(), r.toString());
    assertEquals(2, r.inputs().size());
    assertEquals(before, a);
  }

  @Test
  void tolerancesAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> GradCheck.defaults().tolerance(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> GradCheck.defaults().eps(0));
  }

  @Test
  void secondOrderChecksTreatAnInputThatDoesNotReachTheOutputAsZero() {
    // f(x, unused) = x^3: unused has zero derivatives of every order, which the check confirms
    // (it used to fail telling the user to pass allowUnused, which GradCheck does not take).
    GradCheck.Report r =
        GradCheck.defaults()
            .checkSecondOrder(
                vs -> vs.get(0).mul(vs.get(0)).mul(vs.get(0)),
                Tensor.of(new double[] {0.5, -1.5}),
                Tensor.of(new double[] {2, 3}));
    assertTrue(r.passed(), r.toString());
  }
}
