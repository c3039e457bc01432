package dev.zerograd.autograd.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

class OpGradCheckTest {
  /** swish(x) = x * sigmoid(x), as a user would write it. */
  static final class Swish extends Op {
    private final boolean buggy;

    Swish(boolean buggy) {
      super("swish", 1);
      this.buggy = buggy;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      Tensor s = in[0].sigmoid();
      ctx.save(in[0], s);
      return in[0].mul(s);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor dy) {
      Tensor x = ctx.saved(0);
      Tensor s = ctx.saved(1);
      Tensor local = buggy ? s : s.add(x.mul(s).mul(s.neg().add(1)));
      return new Tensor[] {dy.mul(local)};
    }
  }

  /** a * b with a backward that mishandles broadcasting by ignoring it. */
  static final class NaiveScale extends Op {
    NaiveScale() {
      super("naive-scale", 2);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.save(in[0], in[1]);
      return in[0].mul(in[1]);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor dy) {
      // Wrong: multiplies by the mean of the other operand instead of elementwise.
      return new Tensor[] {
        dy.mul(ctx.saved(1).mean()), dy.mul(ctx.saved(0).mean())
      };
    }
  }

  @Test
  void aCorrectCustomOpPassesInOneLine() {
    OpGradCheck.of(new Swish(false)).check();
  }

  @Test
  void aBuggyCustomOpFailsNamingTheCase() {
    AssertionError e =
        assertThrows(AssertionError.class, () -> OpGradCheck.of(new Swish(true)).check());
    assertTrue(e.getMessage().contains("swish case 0"), e.getMessage());
    assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
  }

  @Test
  void aBroadcastingBugIsCaught() {
    assertThrows(AssertionError.class, () -> OpGradCheck.of(new NaiveScale()).cases(8).check());
  }

  @Test
  void dynamicTestsCoverBothLayoutsOfEveryCase() {
    List<DynamicTest> tests =
        OpGradCheck.of(new Swish(false)).cases(3).dynamicTests().collect(Collectors.toList());
    assertEquals(6, tests.size());
    assertEquals(6, OpGradCheck.of(new Swish(false)).cases(3).caseCount());
    assertTrue(tests.get(0).getDisplayName().endsWith("contiguous"));
    assertTrue(tests.get(1).getDisplayName().endsWith("as views"));
  }

  @Test
  void anOpThatRefusesTheDrawnShapesIsToldToGiveItsShapes() {
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> OpGradCheck.of(new dev.zerograd.autograd.ops.MatMul()).check());
    assertTrue(e.getMessage().contains("the function refused the drawn input shapes"), e.getMessage());
    assertTrue(e.getMessage().contains(".shapes(ShapeSampler.fixed(...))"), e.getMessage());
  }

  @Test
  void anOpWithADifferentiableBackwardIsCheckedAtBothOrders() {
    OpGradCheck check = OpGradCheck.of(dev.zerograd.autograd.ops.Unary.of(dev.zerograd.tensor.spi.UnaryOp.TANH)).cases(2);
    assertTrue(check.checksSecondOrder());
    assertEquals(8, check.caseCount());
    List<DynamicTest> tests = check.dynamicTests().collect(Collectors.toList());
    assertEquals(8, tests.size());
    assertTrue(tests.get(1).getDisplayName().endsWith("contiguous second order"));
    check.check();
    assertFalse(OpGradCheck.of(new Swish(false)).checksSecondOrder(), "a tensor backward");
  }

  @Test
  void viewsHoldTheSameValuesInANonContiguousLayout() {
    Tensor m = new Generator(1).uniform(DType.FLOAT64, -1, 1, 3, 4);
    Tensor v = OpGradCheck.asView(m);
    assertFalse(v.isContiguous());
    assertEquals(m, v);
    Tensor vec = Tensor.of(new double[] {1, 2, 3});
    Tensor strided = OpGradCheck.asView(vec);
    assertFalse(strided.isContiguous());
    assertEquals(vec, strided);
  }

  @Test
  void broadcastSamplerDrawsCompatibleShapes() {
    Generator g = new Generator(5);
    for (int i = 0; i < 50; i++) {
      List<Shape> s = ShapeSampler.broadcast(3).sample(g);
      assertEquals(3, s.size());
      assertDoesNotThrow(
          () -> Shape.broadcast("test", Shape.broadcast("test", s.get(0), s.get(1)), s.get(2)),
          s.toString());
    }
  }

  @Test
  void theCatalogOfAJdkClassIsAClearError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OpCatalog.opsInPackageOf(String.class));
    assertEquals(
        "OpCatalog.opsInPackageOf: java.lang.String is a JDK class, whose package holds no ops of"
            + " yours; pass a class of your package of ops",
        e.getMessage());
  }
}
