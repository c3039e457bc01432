package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** NoGrad's lambda forms: nothing recorded inside, recording again after, whatever the body does. */
class NoGradTest {
  private static Variable w() {
    return Variable.parameter(Tensor.of(new double[] {1, 2}, DType.FLOAT64, 2), "w");
  }

  @Test
  void callAndRunRecordNothingInsideAndRecordAgainAfter() {
    Variable w = w();
    Variable y = NoGrad.call(() -> {
      assertTrue(NoGrad.isActive());
      return w.mul(w);
    });
    assertFalse(y.requiresGrad(), "computed without recording");
    assertFalse(NoGrad.isActive());
    assertTrue(w.mul(w).requiresGrad(), "recording again");
    Variable[] out = new Variable[1];
    NoGrad.run(() -> out[0] = w.add(w));
    assertFalse(out[0].requiresGrad());
    assertFalse(NoGrad.isActive());
  }

  @Test
  void aBodyThatThrowsLeavesTheScopeAndItsExceptionGoesThrough() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertSame(boom, assertThrows(IllegalStateException.class, () -> NoGrad.call(() -> {
      throw boom;
    })));
    assertFalse(NoGrad.isActive(), "the scope closed on the way out");
    assertSame(boom, assertThrows(IllegalStateException.class, () -> NoGrad.run(() -> {
      throw boom;
    })));
    assertFalse(NoGrad.isActive());
    NullPointerException e = assertThrows(NullPointerException.class, () -> NoGrad.call(null));
    assertEquals("NoGrad.call: body is null", e.getMessage());
  }
}
