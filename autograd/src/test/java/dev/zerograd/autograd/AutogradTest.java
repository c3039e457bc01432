package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradients as values, and gradients of gradients. */
class AutogradTest {
  private static final DType F64 = DType.FLOAT64;

  private static Variable param(double... values) {
    return Variable.parameter(Tensor.of(values), "x");
  }

  @Test
  void secondDerivativeOfACubeIsSixX() {
    Variable x = param(-1, 0.5, 2);
    Variable g = Autograd.grad(x.pow(3).sum(), x, true); // 3 x^2, recorded
    assertArrayEquals(new double[] {3, 0.75, 12}, g.value().toDoubleArray(), 1e-12);
    assertTrue(g.requiresGrad());
    Variable h = Autograd.grad(g.sum(), x, false); // 6 x
    assertArrayEquals(new double[] {-6, 3, 12}, h.value().toDoubleArray(), 1e-12);
    assertFalse(h.requiresGrad(), "without createGraph the result is a constant");
    assertNull(x.grad(), "grad() leaves the parameter's gradient alone");
  }

  @Test
  void hessianVectorProductOfAQuadraticFormIsExact() {
    // L = x^T A x / 2 has Hessian (A + A^T) / 2; integers keep every step exact.
    Tensor a = Tensor.of(new double[][] {{2, 1, 0}, {3, 4, 1}, {0, -1, 5}});
    Variable x = param(1, -2, 3);
    Variable loss = x.matmul(Variable.of(a).matmul(x)).mul(0.5);
    Tensor v = Tensor.of(new double[] {1, 0, -1});
    Variable g = Autograd.grad(loss, x, true);
    Variable hv = Autograd.grad(g.mul(Variable.of(v)).sum(), x, false);
    Tensor expected = a.add(a.transpose()).mul(0.5).matmul(v);
    assertEquals(expected, hv.value());
  }

  @Test
  void aGradientPenaltyTrainsThroughTheGradient() {
    // Minimise |dL/dw|^2 for L = sum(tanh(x w)): gradient descent on the penalty itself.
    Generator gen = new Generator(3);
    Tensor x = gen.uniform(F64, -1, 1, 8, 3);
    Variable w = Variable.parameter(gen.uniform(F64, -1, 1, 3, 1), "w");
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 50; step++) {
      Variable loss = Variable.of(x).matmul(w).tanh().sum();
      Variable dw = Autograd.grad(loss, w, true);
      Variable penalty = dw.mul(dw).sum();
      Variable grad = Autograd.grad(penalty, w, false);
      try (NoGrad scope = NoGrad.enter()) {
        w.value().addScaledInPlace(-0.05, grad.value());
      }
      last = penalty.item();
      first = step == 0 ? last : first;
    }
    assertTrue(last < first / 2, first + " -> " + last);
  }

  @Test
  void backwardWithCreateGraphLeavesADifferentiableGradient() {
    Variable x = param(2, 3);
    x.mul(x).mul(x).sum().backward(null, true, true); // grad = 3 x^2
    Variable g = x.gradVariable();
    assertTrue(g.requiresGrad());
    assertArrayEquals(new double[] {12, 27}, x.grad().toDoubleArray(), 0.0);
    Variable h = Autograd.grad(g.sum(), x, false);
    assertArrayEquals(new double[] {12, 18}, h.value().toDoubleArray(), 0.0);
  }

  @Test
  void gradientsWithRespectToAnIntermediateValue() {
    Variable x = param(1, 2);
    Variable y = x.mul(3);
    Variable loss = y.mul(y).sum();
    List<Variable> gs = Autograd.grad(List.of(loss), null, List.of(y, x), false, false, false);
    assertArrayEquals(new double[] {6, 12}, gs.get(0).value().toDoubleArray(), 0.0);
    assertArrayEquals(new double[] {18, 36}, gs.get(1).value().toDoubleArray(), 0.0);
  }

  @Test
  void seedsWeightNonScalarOutputs() {
    Variable x = param(1, 2);
    Variable y = x.mul(x);
    Variable z = x.exp();
    List<Variable> gs =
        Autograd.grad(
            List.of(y, z),
            List.of(Tensor.of(new double[] {1, 10}), Tensor.of(new double[] {0, 1})),
            List.of(x),
            false,
            false,
            false);
    assertArrayEquals(
        new double[] {2, 40 + Math.exp(2)}, gs.get(0).value().toDoubleArray(), 1e-12);
  }

  @Test
  void retainGraphFollowsCreateGraphAsInPyTorch() {
    Variable x = param(1, 2);
    Variable loss = x.exp().sum();
    Autograd.grad(loss, x, true);
    Autograd.grad(loss, x, false); // kept by the first call
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Autograd.grad(loss, x, false));
    assertTrue(e.getMessage().contains("already released"), e.getMessage());
  }

  @Test
  void unusedInputsAreAnErrorUnlessAllowed() {
    Variable x = param(1);
    Variable unused = param(2);
    Variable loss = x.mul(2).sum();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Autograd.grad(List.of(loss), null, List.of(x, unused), true, false, false));
    assertEquals(
        "Autograd.grad: input 1 (Variable(x, shape=(1,), float64, requiresGrad)) is not used to"
            + " compute the outputs; pass allowUnused to get null for it",
        e.getMessage());
    List<Variable> gs = Autograd.grad(List.of(loss), null, List.of(x, unused), false, false, true);
    assertEquals(2.0, gs.get(0).item());
    assertNull(gs.get(1));
    IllegalArgumentException constant =
        assertThrows(
            IllegalArgumentException.class,
            () -> Autograd.grad(x.mul(2).sum(), Variable.of(Tensor.ones(F64, 1)), false));
    assertTrue(constant.getMessage().contains("does not require a gradient"), constant.getMessage());
  }

  /** x^2 with a first-order (tensor) backward only. */
  private static final class TensorSquare extends Op {
    TensorSquare() {
      super("tensorSquare", 1);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.save(in[0]);
      return in[0].mul(in[0]);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor dy) {
      return new Tensor[] {dy.mul(ctx.saved(0)).mul(2)};
    }
  }

  @Test
  void aFirstOrderOnlyOpWorksUntilItsGradientIsDifferentiated() {
    Op square = new TensorSquare();
    assertFalse(square.hasDifferentiableBackward());
    Variable x = param(3);
    Variable g = Autograd.grad(square.apply(x).sum(), x, true); // first order: fine
    assertEquals(6.0, g.item());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Autograd.grad(g.sum(), x, false));
    assertEquals(
        "op 'tensorSquare' has only a first-order backward(Context, Tensor), so its gradient"
            + " cannot be differentiated again; write backward(Context, Variable) with Variable"
            + " operations (ctx.input, ctx.output, ctx.saved(i, recompute)) to give it higher"
            + " derivatives",
        e.getMessage());
    Variable y = param(2);
    square.apply(y).sum().backward();
    assertEquals(4.0, y.grad().item(), "an ordinary backward is unaffected");
  }

  @Test
  void anOpMustOverrideExactlyOneBackward() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Op("nothing", 1) {
                  @Override
                  protected Tensor forward(Context ctx, Tensor... in) {
                    return in[0];
                  }
                });
    assertTrue(e.getMessage().startsWith("Op 'nothing' ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("it overrides neither"), e.getMessage());
  }

  @Test
  void thirdDerivativesFollow() {
    Variable x = param(0.3, -0.7);
    Variable g1 = Autograd.grad(x.tanh().sum(), x, true);
    Variable g2 = Autograd.grad(g1.sum(), x, true);
    Variable g3 = Autograd.grad(g2.sum(), x, false);
    // d^3/dx^3 tanh(x) = -2 (1 - t^2)(1 - 3 t^2), t = tanh(x)
    double[] expected =
        Arrays.stream(new double[] {0.3, -0.7})
            .map(v -> Math.tanh(v))
            .map(t -> -2 * (1 - t * t) * (1 - 3 * t * t))
            .toArray();
    assertArrayEquals(expected, g3.value().toDoubleArray(), 1e-12);
  }

  @Test
  void gradWithNoInputsIsRefusedAsInPyTorch() {
    Variable x = Variable.parameter(Tensor.of(new double[] {1, 2}), "x");
    Variable y = x.mul(x).sum();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y, List.of(), false));
    assertEquals(
        "Autograd.grad: give at least one input to differentiate with respect to", e.getMessage());
  }
}
