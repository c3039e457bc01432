package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoundingTest {
  private static final DType F32 = DType.FLOAT32;
  private static final DType F64 = DType.FLOAT64;

  @Test
  void unitRoundoffAndGammaAreTheTextbookConstants() {
    assertEquals(Math.ulp(1.0f) / 2, Rounding.unitRoundoff(F32));
    assertEquals(Math.ulp(1.0) / 2, Rounding.unitRoundoff(F64));
    double u = Rounding.unitRoundoff(F32);
    assertEquals(100 * u / (1 - 100 * u), Rounding.gamma(F32, 100));
    assertEquals(0.0, Rounding.gamma(F64, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Rounding.gamma(F32, 1L << 23));
    assertTrue(e.getMessage().contains("bound nothing"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Rounding.gamma(F32, -1));
  }

  @Test
  void float32ProductsLieWithinTheBoundOfTheExactOneAndADisplacedOneDoesNot() {
    Generator g = new Generator(5);
    for (int k : new int[] {1, 7, 64, 784, 5000}) {
      Tensor a = g.normal(F32, 0, 1, 33, k);
      Tensor b = g.uniform(F32, -1, 1, k, 17);
      Tensor exact = a.to(F64).matmul(b.to(F64)); // float64: exact to far below the bound
      Tensor computed = a.matmul(b);
      Tensor bound = Rounding.productErrorBound(a, b);
      assertTrue(Rounding.within(computed, exact, bound), Rounding.describe(computed, exact, bound));
      Tensor displaced = computed.to(F64).add(bound.mul(3));
      assertFalse(Rounding.within(displaced, exact, bound), "k " + k);
      assertTrue(Rounding.describe(displaced, exact, bound).startsWith("element "));
    }
  }

  @Test
  void aChainOfAffineLayersAndItsSoftmaxStayWithinTheirBounds() {
    Generator g = new Generator(9);
    Tensor x = g.uniform(F32, 0, 1, 40, 300);
    Tensor w1 = g.normal(F32, 0, 0.5, 300, 20);
    Tensor b1 = g.normal(F32, 0, 0.5, 20);
    Tensor w2 = g.normal(F32, 0, 0.5, 20, 6);
    Tensor b2 = g.normal(F32, 0, 0.5, 6);
    Tensor h = x.matmul(w1).add(b1).relu();
    Tensor s = h.matmul(w2).add(b2);
    Tensor hExact = x.to(F64).matmul(w1.to(F64)).add(b1.to(F64)).relu();
    Tensor sExact = hExact.matmul(w2.to(F64)).add(b2.to(F64));

    Tensor hBound = Rounding.affineErrorBound(x, null, w1, b1);
    assertTrue(Rounding.within(h, hExact, hBound), Rounding.describe(h, hExact, hBound));
    Tensor sBound = Rounding.affineErrorBound(h, hBound, w2, b2);
    assertTrue(Rounding.within(s, sExact, sBound), Rounding.describe(s, sExact, sBound));
    Tensor p = s.softmax(1);
    Tensor pBound = Rounding.softmaxErrorBound(s, sBound);
    Tensor pExact = sExact.softmax(1);
    assertTrue(Rounding.within(p, pExact, pBound), Rounding.describe(p, pExact, pBound));
    // A worst case over every summation order, yet tight enough to tell a wrong score (each
    // probability here is 1/6 on average) from rounding.
    assertTrue(pBound.max().item() < 0.05, pBound.max().toString());
  }

  @Test
  void nanIsWithinNothingAndShapesMustFit() {
    Tensor a = Tensor.of(new double[] {1, Double.NaN});
    Tensor b = Tensor.of(new double[] {1, Double.NaN});
    assertFalse(Rounding.within(a, b, Tensor.scalar(1, F64)));
    assertTrue(Rounding.within(a.slice(0, 0, 1), b.slice(0, 0, 1), Tensor.scalar(0, F64)));
    assertEquals(
        "within the bound",
        Rounding.describe(a.slice(0, 0, 1), b.slice(0, 0, 1), Tensor.scalar(0, F64)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Rounding.productErrorBound(Tensor.zeros(F32, 2, 3), Tensor.zeros(F32, 4, 2)));
    assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Rounding.affineErrorBound(
                    Tensor.zeros(F32, 2, 3), null, Tensor.zeros(F32, 3, 2), Tensor.zeros(F32, 3)));
    assertTrue(e.getMessage().contains("b (3,) must be (2)"), e.getMessage());
  }
}
