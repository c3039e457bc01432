package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AnomalyModeTest {
  @Test
  void nanInAnOutputNamesTheOpAndTheLineThatCreatedIt() {
    Variable x = Variable.parameter(Tensor.of(new double[] {1, -1}), "x");
    try (AnomalyMode scope = AnomalyMode.enable()) {
      assertTrue(AnomalyMode.isEnabled());
      AnomalyException e = assertThrows(AnomalyException.class, () -> x.log());
      assertEquals("log", e.opName());
      assertTrue(e.getMessage().startsWith("anomaly: op 'log' produced NaN in its output"), e.getMessage());
      assertTrue(e.getMessage().contains("AnomalyModeTest.java"), e.getMessage());
    }
    assertFalse(AnomalyMode.isEnabled());
    assertTrue(Double.isNaN(x.log().value().get(1)), "off: no check");
  }

  @Test
  void infinityInAGradientNamesTheOpAndItsCreationSite() {
    Variable x = Variable.parameter(Tensor.zeros(DType.FLOAT64, 2), "x");
    try (AnomalyMode scope = AnomalyMode.enable()) {
      Variable loss = x.sqrt().sum(); // forward is fine: sqrt(0) = 0
      int line = new Throwable().getStackTrace()[0].getLineNumber() - 1;
      AnomalyException e = assertThrows(AnomalyException.class, loss::backward);
      assertEquals("sqrt", e.opName());
      assertTrue(e.getMessage().contains("infinity in its gradient for input 0"), e.getMessage());
      assertTrue(
          e.getMessage().contains("AnomalyModeTest.java:" + line), e.getMessage() + " line " + line);
    }
  }

  @Test
  void withoutAnomaliesNothingIsThrown() {
    Variable x = Variable.parameter(Tensor.ones(DType.FLOAT32, 3), "x");
    try (AnomalyMode scope = AnomalyMode.enable()) {
      x.exp().log().sum().backward();
    }
    assertEquals(1.0, x.grad().get(0), 1e-6);
  }
}
