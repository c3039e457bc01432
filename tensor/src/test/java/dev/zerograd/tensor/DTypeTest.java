package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DTypeTest {
  @Test
  void promotionAndNames() {
    assertEquals(DType.FLOAT64, DType.promote(DType.FLOAT32, DType.FLOAT64));
    assertEquals(DType.FLOAT32, DType.promote(DType.FLOAT32, DType.FLOAT32));
    assertEquals("float32", DType.FLOAT32.toString());
    assertEquals(DType.FLOAT64, DType.parse("Float64"));
    assertEquals(DType.FLOAT32, DType.parse("f32"));
    assertEquals(8, DType.FLOAT64.byteSize());
  }

  @Test
  void unknownNameIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DType.parse("int8"));
    assertTrue(e.getMessage().contains("'int8'"), e.getMessage());
  }
}
