package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
  @Test
  void sizeRankAndPrinting() {
    Shape s = Shape.of(2, 3, 4);
    assertEquals(3, s.rank());
    assertEquals(24, s.size());
    assertEquals(4, s.dim(-1));
    assertEquals("(2, 3, 4)", s.toString());
    assertEquals("(3,)", Shape.of(3).toString());
    assertEquals("()", Shape.scalar().toString());
    assertEquals(1, Shape.scalar().size());
    assertEquals(0, Shape.of(3, 0).size());
  }

  @Test
  void negativeDimensionIsRejectedWithItsValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -3));
    assertTrue(e.getMessage().contains("dimension 1 is -3"), e.getMessage());
  }

  @Test
  void overflowingSizeIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 20, 1 << 20));
    assertTrue(e.getMessage().contains("more than"), e.getMessage());
  }

  @Test
  void aZeroDimensionMakesAnyOtherSizesEmptyNotTooLarge() {
    assertEquals(0, Shape.of(65536, 65536, 0).size());
    assertEquals(0, Shape.of(0, 1 << 20, 1 << 20).size());
    Tensor t = Tensor.ones(DType.FLOAT32, 65536, 65536, 0);
    assertEquals(0, t.size());
    assertEquals("(65536, 65536, 0)", t.shape().toString());
    assertEquals(Shape.of(65536, 0), t.sum(1).shape());
  }

  @Test
  void broadcastFollowsNumpy() {
    assertEquals(Shape.of(4, 3), Shape.broadcast("add", Shape.of(4, 1), Shape.of(3)));
    assertEquals(Shape.of(2, 4, 3), Shape.broadcast("add", Shape.of(2, 1, 3), Shape.of(4, 1)));
    assertEquals(Shape.of(5, 0), Shape.broadcast("add", Shape.of(5, 1), Shape.of(0)));
    assertEquals(Shape.of(2), Shape.broadcast("add", Shape.scalar(), Shape.of(2)));
  }

  @Test
  void broadcastMismatchNamesOpShapesAndDims() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Shape.broadcast("mul", Shape.of(2, 3), Shape.of(2)));
    assertEquals(
        "mul: operands could not be broadcast together with shapes (2, 3) and (2,):"
            + " 3 (dim 1) != 2 (dim 0); make them equal or 1",
        e.getMessage());
  }

  @Test
  void axesNormaliseSortAndRejectRepeats() {
    Shape s = Shape.of(2, 3, 4);
    assertArrayEquals(new int[] {0, 2}, s.axes("sum", 2, -3));
    assertArrayEquals(new int[] {0, 1, 2}, s.axes("sum"));
    IndexOutOfBoundsException oob =
        assertThrows(IndexOutOfBoundsException.class, () -> s.axis("sum", 3));
    assertTrue(oob.getMessage().contains("axis 3 is out of bounds"), oob.getMessage());
    IllegalArgumentException rep =
        assertThrows(IllegalArgumentException.class, () -> s.axes("sum", 1, -2));
    assertTrue(rep.getMessage().contains("repeats"), rep.getMessage());
  }

  @Test
  void reduceKeepsOrDropsAxes() {
    Shape s = Shape.of(2, 3, 4);
    assertEquals(Shape.of(2, 1, 4), s.reduce(new int[] {1}, true));
    assertEquals(Shape.of(2, 4), s.reduce(new int[] {1}, false));
    assertEquals(Shape.scalar(), s.reduce(new int[] {0, 1, 2}, false));
  }

  @Test
  void broadcastability() {
    assertTrue(Shape.of(1, 3).isBroadcastableTo(Shape.of(4, 3)));
    assertTrue(Shape.of(3).isBroadcastableTo(Shape.of(2, 4, 3)));
    assertFalse(Shape.of(2, 3).isBroadcastableTo(Shape.of(3)));
    assertFalse(Shape.of(2).isBroadcastableTo(Shape.of(3)));
  }

  @Test
  void equalityIsByDimensions() {
    assertEquals(Shape.of(2, 3), Shape.of(2, 3));
    assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
    assertFalse(Shape.of(2, 3).equals(Shape.of(3, 2)));
    int[] dims = {2, 3};
    Shape s = Shape.of(dims);
    dims[0] = 7;
    assertEquals(2, s.dim(0), "a shape copies its dimensions");
  }
}
