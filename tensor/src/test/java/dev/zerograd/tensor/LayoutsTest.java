package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Views beyond transpose and reshape: stepped slices, as-strided, unfold; pad and concat. */
class LayoutsTest {
  private static final DType F64 = DType.FLOAT64;

  @Test
  void steppedSliceIsAView() {
    Tensor x = Tensor.arange(10, F64);
    Tensor s = x.slice(0, 1, 8, 3);
    assertArrayEquals(new double[] {1, 4, 7}, s.toDoubleArray(), 0.0);
    assertSame(x.storage(), s.storage());
    assertArrayEquals(new int[] {3}, s.strides());
    assertEquals(1, s.offset());
    assertEquals(0, x.slice(0, 4, 4, 2).size());
    assertThrows(IllegalArgumentException.class, () -> x.slice(0, 0, 5, 0));
  }

  @Test
  void asStridedBuildsWindowsAndStaysInsideTheStorage() {
    Tensor x = Tensor.arange(6, F64);
    Tensor windows = x.asStrided(new int[] {4, 3}, new int[] {1, 1}, 0);
    assertEquals(
        Tensor.of(new double[][] {{0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}}), windows.copy());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> x.asStrided(new int[] {4, 3}, new int[] {2, 1}, 0));
    assertEquals(
        "asStrided: dims [4, 3], strides [2, 1] and offset 0 reach element 8 of a storage of 6;"
            + " keep every element within [0, 6)",
        e.getMessage());
    assertEquals(0, x.asStrided(new int[] {0, 100}, new int[] {1, 1000}, 5).size());
  }

  @Test
  void unfoldSlidesAWindowAlongAnAxis() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5});
    assertEquals(Tensor.of(new double[][] {{1, 2, 3}, {2, 3, 4}, {3, 4, 5}}), x.unfold(0, 3, 1).copy());
    assertEquals(Tensor.of(new double[][] {{1, 2}, {3, 4}}), x.unfold(0, 2, 2).copy());
    Tensor m = Tensor.arange(8, F64).reshape(2, 4);
    assertEquals(Shape.of(2, 2, 3), m.unfold(1, 3, 1).shape());
    assertEquals(5.0, m.unfold(1, 3, 1).get(1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> x.unfold(0, 6, 1));
  }

  @Test
  void padSurroundsWithAConstant() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor p = x.pad(new int[] {1, 0}, new int[] {0, 2}, -1);
    assertEquals(DType.FLOAT32, p.dtype());
    assertEquals(
        Tensor.of(new float[][] {{-1, -1, -1, -1}, {1, 2, -1, -1}, {3, 4, -1, -1}}), p);
    assertEquals(x, x.transpose().pad(new int[] {0, 0}, new int[] {0, 0}, 0).transpose());
    assertThrows(IllegalArgumentException.class, () -> x.pad(new int[] {1}, new int[] {1}, 0));
  }

  @Test
  void concatJoinsAlongAnAxisAndPromotes() {
    Tensor a = Tensor.of(new float[][] {{1, 2}});
    Tensor b = Tensor.of(new double[][] {{3, 4}, {5, 6}});
    Tensor rows = Tensor.concat(0, a, b);
    assertEquals(F64, rows.dtype());
    assertEquals(Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}), rows);
    Tensor cols = Tensor.concat(1, b, b.transpose());
    assertEquals(Tensor.of(new double[][] {{3, 4, 3, 5}, {5, 6, 4, 6}}), cols);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(1, a, b));
    assertEquals(
        "concat: shapes (1, 2) and (2, 2) differ on axis 0; only axis 1 may differ",
        e.getMessage());
  }

  @Test
  void stridesAndOffsetDescribeTheLayout() {
    Tensor m = Tensor.zeros(F64, 3, 4);
    assertArrayEquals(new int[] {4, 1}, m.strides());
    assertArrayEquals(new int[] {1, 4}, m.transpose().strides());
    assertArrayEquals(new int[] {0, 1}, Tensor.zeros(F64, 4).broadcastTo(3, 4).strides());
    assertEquals(5, m.select(0, 1).slice(0, 1, 3).offset());
    assertEquals(Backend.defaultBackend(), m.backend(), "made from nothing: the default backend");
  }
}
