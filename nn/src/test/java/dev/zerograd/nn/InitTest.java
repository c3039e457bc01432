package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
  private static double std(Tensor t) {
    return Math.sqrt(t.pow(2).mean().item());
  }

  @Test
  void standardDeviationsFollowTheFans() {
    Shape s = Shape.of(400, 100);
    Generator g = new Generator(1);
    assertEquals(0.01, std(Init.normal(0.01).initialize(s, DType.FLOAT64, g)), 0.0003);
    assertEquals(Math.sqrt(2.0 / 500), std(Init.xavier().initialize(s, DType.FLOAT64, g)), 0.002);
    assertEquals(Math.sqrt(2.0 / 400), std(Init.he().initialize(s, DType.FLOAT64, g)), 0.002);
    assertEquals(0.0, Init.zeros().initialize(s, DType.FLOAT32, g).abs().sum().item());
  }

  @Test
  void sameSeedSameWeights() {
    Shape s = Shape.of(3, 4);
    assertEquals(
        Init.he().initialize(s, DType.FLOAT32, new Generator(7)),
        Init.he().initialize(s, DType.FLOAT32, new Generator(7)));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Init.normal(-1));
    assertThrows(IllegalArgumentException.class, () -> Init.normal(Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> Init.he().initialize(Shape.of(0, 3), DType.FLOAT32, new Generator(0)));
  }
}
