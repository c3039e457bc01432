package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
  private static final DType F32 = DType.FLOAT32;
  private static final DType F64 = DType.FLOAT64;

  private static Tensor m23() {
    return Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
  }

  // ---------------------------------------------------------------- creation

  @Test
  void creationFunctions() {
    assertArrayEquals(new double[] {0, 0, 0, 0}, Tensor.zeros(F32, 2, 2).toDoubleArray());
    assertArrayEquals(new double[] {1, 1, 1}, Tensor.ones(F64, 3).toDoubleArray());
    assertArrayEquals(new double[] {2.5, 2.5}, Tensor.full(2.5, F64, 2).toDoubleArray());
    assertTrue(Double.isNaN(Tensor.full(Double.NaN, F32, 1).get(0)));
    assertEquals(Shape.scalar(), Tensor.scalar(3, F64).shape());
    assertEquals(3.0, Tensor.scalar(3, F64).item());
    assertArrayEquals(new double[] {0, 1, 2, 3}, Tensor.arange(4, F64).toDoubleArray());
    assertArrayEquals(
        new double[] {1, 0.5, 0}, Tensor.arange(1, -0.1, -0.5, F64).toDoubleArray(), 1e-12);
    assertEquals(0, Tensor.arange(0, F32).size());
  }

  @Test
  void ofCopiesDataAndChecksSize() {
    double[] data = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(data, 2, 3);
    data[0] = 99;
    assertEquals(1.0, t.get(0, 0));
    assertEquals(Shape.of(6), Tensor.of(new float[6]).shape());
    assertEquals(F32, Tensor.of(new float[] {1, 2}).dtype());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3));
    assertEquals("of: 5 values cannot fill shape (2, 3), which holds 6", e.getMessage());
  }

  @Test
  void raggedRowsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8}}));
    assertTrue(e.getMessage().contains("row 2 has 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1}, {}}));
  }

  @Test
  void negativeSizesAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(F32, 3, -1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.arange(-2, F32));
  }

  @Test
  void ofUint8ScalesPixels() {
    Tensor t = Tensor.ofUint8(new byte[] {0, (byte) 255, (byte) 128, 1}, 255.0, F32, 2, 2);
    assertEquals(F32, t.dtype());
    assertEquals(1.0, t.get(0, 1));
    assertEquals(128 / 255f, (float) t.get(1, 0));
    assertEquals(128 / 255.0, Tensor.ofUint8(new byte[] {(byte) 128}, 255, F64).get(0));
  }

  @Test
  void oneHotAndItsBadLabel() {
    Tensor t = Tensor.oneHot(new int[] {2, 0}, 3, F64);
    assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, t.toDoubleArray());
    IndexOutOfBoundsException e =
        assertThrows(
            IndexOutOfBoundsException.class, () -> Tensor.oneHot(new int[] {1, 3}, 3, F32));
    assertEquals("oneHot: label 3 at position 1 is outside [0, 3)", e.getMessage());
  }

  // ---------------------------------------------------------------- element access

  @Test
  void getSetAndIndexErrors() {
    Tensor t = m23();
    assertEquals(6.0, t.get(1, 2));
    assertEquals(6.0, t.get(-1, -1));
    Tensor c = t.copy();
    c.setInPlace(-7, 0, 1);
    assertEquals(-7.0, c.get(0, 1));
    assertEquals(2.0, t.get(0, 1), "copy has storage of its own");
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 3));
    assertEquals(
        "get: index 3 is out of bounds for axis 1 with size 3 (shape (2, 3))", e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> t.get(0));
    assertThrows(IllegalArgumentException.class, t::item);
  }

  @Test
  void toArraysConvertAndCopy() {
    Tensor t = m23();
    float[] f = t.toFloatArray();
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f);
    double[] d = t.toDoubleArray();
    d[0] = 42;
    assertEquals(1.0, t.get(0, 0));
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, t.transpose().toDoubleArray());
  }

  // ---------------------------------------------------------------- views

  @Test
  void transposeIsAViewSharingStorage() {
    Tensor t = m23().copy();
    Tensor tt = t.transpose();
    assertEquals(Shape.of(3, 2), tt.shape());
    assertFalse(tt.isContiguous());
    t.setInPlace(100, 0, 2);
    assertEquals(100.0, tt.get(2, 0));
    assertEquals(Shape.of(4, 2, 3), Tensor.zeros(F32, 2, 3, 4).transpose(2, 0, 1).shape());
    assertThrows(IllegalArgumentException.class, () -> t.transpose(0, 0));
    assertEquals(t, t.transpose().transpose());
  }

  @Test
  void reshapeInfersAndRejects() {
    Tensor t = Tensor.arange(12, F64);
    assertEquals(Shape.of(3, 4), t.reshape(3, -1).shape());
    assertEquals(7.0, t.reshape(3, 4).get(1, 3));
    Tensor fromView = m23().transpose().reshape(6);
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, fromView.toDoubleArray());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.reshape(5, 3));
    assertTrue(e.getMessage().contains("(12,)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.reshape(-1, -1));
    assertThrows(IllegalArgumentException.class, () -> t.reshape(5, -1));
  }

  @Test
  void slicesAndSelectsAreViews() {
    Tensor t = Tensor.arange(12, F64).reshape(3, 4);
    Tensor rows = t.sliceRows(1, 3);
    assertEquals(Shape.of(2, 4), rows.shape());
    assertEquals(4.0, rows.get(0, 0));
    Tensor cols = t.sliceColumns(1, 3);
    assertArrayEquals(new double[] {1, 2, 5, 6, 9, 10}, cols.toDoubleArray());
    assertArrayEquals(new double[] {2, 6, 10}, t.select(1, 2).toDoubleArray());
    assertArrayEquals(new double[] {8, 9, 10, 11}, t.select(0, -1).toDoubleArray());
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, 2, 5));
    assertTrue(e.getMessage().contains("[2, 5)"), e.getMessage());
    assertEquals(Shape.of(0, 4), t.sliceRows(2, 2).shape());
  }

  @Test
  void tensorsBeyondTheLargestArrayOrTheHeapAreOneClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(F32, Integer.MAX_VALUE));
    assertEquals(
        "shape [2147483647] has more than 2147483639 elements, the most one tensor can hold (the"
            + " JVM's largest array); split the data into smaller tensors",
        e.getMessage());
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Runtime.getRuntime().maxMemory() < 8L * Shape.MAX_SIZE, "a heap that holds 16 GiB");
    OutOfMemoryError oom =
        assertThrows(OutOfMemoryError.class, () -> Tensor.zeros(F64, Shape.MAX_SIZE));
    assertTrue(
        oom.getMessage().startsWith("cannot allocate a tensor of 2147483639 float64 elements"),
        oom.getMessage());
    assertTrue(oom.getMessage().contains("-Xmx"), oom.getMessage());
  }

  @Test
  void aConvolutionWhoseWindowsExceedAnArrayIsRefusedBeforeAllocating() {
    // 256 channels of 300x300 with 11x11 filters: 30976 x 90000 window elements per image.
    Tensor x = Tensor.zeros(F32, 1, 256, 300, 300);
    Tensor w = Tensor.zeros(F32, 1, 256, 11, 11);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.conv2d(w, 1, 5));
    assertEquals(
        "conv2d: one image's windows (C kh kw = 30976 rows by OH OW = 90000 columns) would need"
            + " 2787840000 elements, more than an array's 2147483639; use smaller images, a larger"
            + " stride or fewer channels",
        e.getMessage());
    Tensor dy = Tensor.zeros(F32, 1, 1, 300, 300);
    e = assertThrows(IllegalArgumentException.class, () -> x.conv2dWeightGrad(dy, 11, 11, Conv2dSpec.of(1, 5)));
    assertTrue(e.getMessage().startsWith("conv2dWeightGrad: one image's windows"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> dy.conv2dInputGrad(w, new int[] {1, 256, 300, 300}, Conv2dSpec.of(1, 5)));
    assertTrue(e.getMessage().startsWith("conv2dInputGrad: one image's windows"), e.getMessage());
  }

  @Test
  void viewsWhoseElementsOverlapAreReadOnlyAndOnlyThose() {
    // Windows of [0, 1, 2, 3] of size 2, step 1 share elements: [[0, 1], [1, 2], [2, 3]].
    Tensor x = Tensor.of(new double[] {0, 1, 2, 3});
    Tensor windows = x.unfold(0, 2, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> windows.addInPlace(Tensor.ones(F64, 3, 2)));
    assertEquals(
        "addInPlace: the target of shape (3, 2) with strides [1, 1] is a view whose elements"
            + " overlap (windows of unfold or asStrided share memory), so an in-place result would"
            + " depend on the order of the writes; call copy() first",
        e.getMessage());
    assertArrayEquals(new double[] {0, 1, 2, 3}, x.toDoubleArray(), "nothing was written");
    assertEquals(0, x.storage().version(), "nor counted");
    Tensor overlapping = x.asStrided(new int[] {2, 2}, new int[] {1, 2}, 0); // 0 2 1 3: none
    overlapping.mulInPlace(1);
    Tensor six = Tensor.zeros(F64, 8);
    Tensor interleaved = six.asStrided(new int[] {3, 2}, new int[] {2, 3}, 0); // 0 3 2 5 4 7
    Tensor shared = six.asStrided(new int[] {3, 2}, new int[] {1, 2}, 0);
    for (Tensor t : new Tensor[] {shared}) {
      assertThrows(IllegalArgumentException.class, () -> t.fillInPlace(1));
      assertThrows(IllegalArgumentException.class, () -> t.mulInPlace(2));
      assertThrows(IllegalArgumentException.class, () -> t.assignInPlace(t.copy()));
    }
    assertThrows(IllegalArgumentException.class, () -> windows.subInPlace(overlapping));
    // Non-overlapping strided views stay writable: a slice, a transpose, interleaved windows.
    interleaved.fillInPlace(1);
    assertArrayEquals(new double[] {1, 0, 1, 1, 1, 1, 0, 1}, six.toDoubleArray());
    Tensor m = Tensor.zeros(F64, 3, 4);
    m.transpose().sliceRows(1, 3).fillInPlace(2);
    assertEquals(12.0, m.sum().item()); // columns 1 and 2: six elements of 2
  }

  @Test
  void broadcastToIsReadOnly() {
    Tensor b = Tensor.of(new double[] {1, 2}).broadcastTo(3, 2);
    assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2}, b.toDoubleArray());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.addInPlace(Tensor.ones(F64, 3, 2)));
    assertTrue(e.getMessage().contains("broadcast view"), e.getMessage());
  }

  @Test
  void gatherRowsRepeatsAndChecks() {
    Tensor t = Tensor.arange(6, F32).reshape(3, 2);
    Tensor g = t.gatherRows(new int[] {2, 0, 2});
    assertArrayEquals(new float[] {4, 5, 0, 1, 4, 5}, g.toFloatArray());
    assertArrayEquals(
        new double[] {1, 3, 5}, t.transpose().gatherRows(new int[] {1}).toDoubleArray());
    assertArrayEquals(
        new double[] {2, 0}, Tensor.arange(3, F64).gatherRows(new int[] {2, 0}).toDoubleArray());
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> t.gatherRows(new int[] {0, 3}));
    assertEquals(
        "gatherRows: index 3 at position 1 is out of bounds for axis 0 with size 3",
        e.getMessage());
  }

  @Test
  void gatherRowsIntoABufferConverts() {
    Tensor t = Tensor.arange(6, F32).reshape(3, 2);
    Tensor buffer = Tensor.zeros(F64, 2, 2);
    assertSame(buffer, t.gatherRows(new int[] {2, 2}, buffer));
    assertArrayEquals(new double[] {4, 5, 4, 5}, buffer.toDoubleArray());
    Tensor back = Tensor.zeros(F32, 1, 2);
    Tensor.of(new double[][] {{0.25, 0.5}}).gatherRows(new int[] {0}, back);
    assertArrayEquals(new float[] {0.25f, 0.5f}, back.toFloatArray());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> t.gatherRows(new int[] {0}, Tensor.zeros(F32, 2, 2)));
    assertTrue(e.getMessage().contains("need an output of shape (1, 2)"), e.getMessage());
  }

  // ---------------------------------------------------------------- elementwise

  @Test
  void arithmeticBroadcastsAndPromotes() {
    Tensor a = m23();
    Tensor row = Tensor.of(new float[] {10, 20, 30});
    Tensor sum = a.add(row);
    assertEquals(F64, sum.dtype());
    assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, sum.toDoubleArray());
    Tensor col = Tensor.of(new double[] {1, 2}, 2, 1);
    assertArrayEquals(new double[] {0, 1, 2, 2, 3, 4}, a.sub(col).toDoubleArray());
    assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, a.mul(2).toDoubleArray());
    assertArrayEquals(new double[] {0.5, 1, 1.5, 2, 2.5, 3}, a.div(2).toDoubleArray());
    assertArrayEquals(new double[] {1, 4, 9, 16, 25, 36}, a.pow(2).toDoubleArray());
    assertEquals(F32, row.add(1.5).dtype(), "a Java double takes the tensor's type");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(F64, 2)));
    assertTrue(e.getMessage().startsWith("add: operands could not be broadcast"), e.getMessage());
    assertTrue(e.getMessage().contains("(2, 3) and (2,)"), e.getMessage());
  }

  @Test
  void unaryFunctions() {
    Tensor x = Tensor.of(new double[] {-2, 0.5, 4});
    assertArrayEquals(new double[] {2, -0.5, -4}, x.neg().toDoubleArray());
    assertArrayEquals(new double[] {2, 0.5, 4}, x.abs().toDoubleArray());
    assertArrayEquals(new double[] {0, 0.5, 4}, x.relu().toDoubleArray());
    assertArrayEquals(
        new double[] {Math.exp(-2), Math.exp(0.5), Math.exp(4)}, x.exp().toDoubleArray());
    assertEquals(2.0, Tensor.of(new double[] {4}).sqrt().get(0));
    assertEquals(Math.log(4), x.log().get(2));
    assertTrue(Double.isNaN(x.log().get(0)));
    assertEquals(Math.tanh(0.5), x.tanh().get(1));
    assertEquals(1 / (1 + Math.exp(2)), x.sigmoid().get(0), 1e-15);
    Tensor extreme = Tensor.of(new float[] {-1000, 1000});
    assertArrayEquals(new float[] {0, 1}, extreme.sigmoid().toFloatArray());
  }

  @Test
  void maxMinAndComparisonsMakeMasks() {
    Tensor a = Tensor.of(new double[] {1, 5, 3});
    Tensor b = Tensor.of(new double[] {4, 2, 3});
    assertArrayEquals(new double[] {4, 5, 3}, a.maximum(b).toDoubleArray());
    assertArrayEquals(new double[] {1, 2, 3}, a.minimum(b).toDoubleArray());
    assertArrayEquals(new double[] {2, 5, 3}, a.maximum(2).toDoubleArray());
    assertArrayEquals(new double[] {1, 2, 2}, a.minimum(2).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 0}, a.gt(b).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 1}, a.ge(b).toDoubleArray());
    assertArrayEquals(new double[] {1, 0, 0}, a.lt(b).toDoubleArray());
    assertArrayEquals(new double[] {1, 0, 1}, a.le(b).toDoubleArray());
    assertArrayEquals(new double[] {0, 0, 1}, a.eq(b).toDoubleArray());
    assertArrayEquals(new double[] {1, 1, 0}, a.ne(b).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 1}, a.gt(2).toDoubleArray());
    Tensor w = Tensor.where(a.gt(b), a, Tensor.zeros(F32, 1));
    assertArrayEquals(new double[] {0, 5, 0}, w.toDoubleArray());
    assertEquals(F64, w.dtype());
  }

  @Test
  void inPlaceOperations() {
    Tensor t = Tensor.zeros(F32, 2, 3);
    t.addInPlace(Tensor.of(new double[] {1, 2, 3}));
    assertEquals(F32, t.dtype(), "in place keeps the target's type");
    t.mulInPlace(2).subInPlace(Tensor.ones(F32, 2, 1));
    assertArrayEquals(new float[] {1, 3, 5, 1, 3, 5}, t.toFloatArray());
    t.divInPlace(Tensor.full(2, F32, 1));
    t.addScaledInPlace(-0.5, Tensor.ones(F64, 2, 3));
    assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, t.toFloatArray());
    t.fillInPlace(7);
    assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7}, t.toFloatArray());
    t.assignInPlace(Tensor.arange(6, F64).reshape(2, 3));
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.toFloatArray());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.addInPlace(Tensor.zeros(F32, 3, 3)));
    assertTrue(e.getMessage().contains("(3, 3)"), e.getMessage());
  }

  @Test
  void inPlaceWithAnOverlappingOperandReadsTheOldValues() {
    Tensor t = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    t.addInPlace(t.transpose());
    assertArrayEquals(new double[] {2, 5, 5, 8}, t.toDoubleArray());
    Tensor v = Tensor.arange(4, F64);
    v.slice(0, 1, 4).assignInPlace(v.slice(0, 0, 3));
    assertArrayEquals(new double[] {0, 0, 1, 2}, v.toDoubleArray());
  }

  @Test
  void inPlaceOnAViewWritesThroughToTheBase() {
    Tensor base = Tensor.zeros(F64, 2, 2);
    base.transpose().select(0, 1).fillInPlace(3);
    assertArrayEquals(new double[] {0, 3, 0, 3}, base.toDoubleArray());
  }

  // ---------------------------------------------------------------- reductions

  @Test
  void reductionsOverAxes() {
    Tensor t = Tensor.arange(24, F32).reshape(2, 3, 4);
    assertEquals(276.0, t.sum().item());
    assertEquals(Shape.of(3, 4), t.sum(0).shape());
    assertEquals(12.0, t.sum(0).get(0, 0));
    Tensor k = t.sum(new int[] {0, 2}, true);
    assertEquals(Shape.of(1, 3, 1), k.shape());
    assertArrayEquals(new double[] {60, 92, 124}, k.toDoubleArray());
    assertEquals(11.5, t.mean().item());
    assertArrayEquals(new double[] {1.5, 5.5, 9.5, 13.5, 17.5, 21.5}, t.mean(-1).toDoubleArray());
    assertEquals(23.0, t.max().item());
    assertArrayEquals(new double[] {20, 21, 22, 23}, t.max(0, 1).toDoubleArray());
    assertArrayEquals(new double[] {0, 4, 8}, t.min(new int[] {0, 2}, false).toDoubleArray());
    assertEquals(F32, t.sum(1).dtype());
  }

  @Test
  void float32SumsAccumulateInDouble() {
    Tensor t = Tensor.full(0.1, F32, 1_000_000);
    assertEquals(100000.0, t.sum().item(), 1.0);
  }

  @Test
  void emptyReductions() {
    Tensor e = Tensor.zeros(F64, 3, 0);
    assertArrayEquals(new double[] {0, 0, 0}, e.sum(1).toDoubleArray());
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.max(1));
    assertTrue(ex.getMessage().contains("zero-size"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> e.argmax(1));
    assertThrows(IndexOutOfBoundsException.class, () -> e.sum(2));
  }

  @Test
  void nanPropagatesThroughMax() {
    Tensor t = Tensor.of(new double[] {1, Double.NaN, 3});
    assertTrue(Double.isNaN(t.max().item()));
    assertEquals(1, t.argmax());
  }

  @Test
  void argmaxPerRowAndOverall() {
    Tensor t = Tensor.of(new double[][] {{1, 9, 3}, {7, 2, 7}});
    assertArrayEquals(new int[] {1, 0}, t.argmax(1));
    assertArrayEquals(new int[] {1, 0, 1}, t.argmax(0));
    assertEquals(1, t.argmax());
    assertArrayEquals(new int[] {1, 0}, t.transpose().argmax(0), "works on views");
  }

  @Test
  void softmaxIsStableForHugeLogits() {
    Tensor x = Tensor.of(new float[][] {{1e4f, 0f, -1e4f}, {1f, 2f, 3f}});
    Tensor s = x.softmax(1);
    assertArrayEquals(new float[] {1, 0, 0}, s.select(0, 0).toFloatArray());
    double e1 = Math.exp(1);
    double e2 = Math.exp(2);
    double e3 = Math.exp(3);
    double z = e1 + e2 + e3;
    assertArrayEquals(
        new double[] {e1 / z, e2 / z, e3 / z}, s.select(0, 1).toDoubleArray(), 1e-7);
    Tensor ls = x.logSoftmax(1);
    assertArrayEquals(new float[] {0, -1e4f, -2e4f}, ls.select(0, 0).toFloatArray());
    assertEquals(Math.log(e3 / z), ls.get(1, 2), 1e-6);
    Tensor cols = x.transpose().softmax(0);
    assertTrue(cols.transpose().allClose(s, 1e-6, 1e-7), "softmax along axis 0 of the transpose");
  }

  @Test
  void sumToUndoesBroadcasting() {
    Tensor g = Tensor.ones(F64, 2, 3, 4);
    assertEquals(Shape.of(3, 1), g.sumTo(Shape.of(3, 1)).shape());
    assertArrayEquals(new double[] {8, 8, 8}, g.sumTo(Shape.of(3, 1)).toDoubleArray());
    assertEquals(24.0, g.sumTo(Shape.scalar()).item());
    assertSame(g, g.sumTo(Shape.of(2, 3, 4)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.sumTo(Shape.of(2)));
    assertTrue(e.getMessage().contains("(2, 3, 4)"), e.getMessage());
  }

  // ---------------------------------------------------------------- conversion, printing

  @Test
  void conversionBetweenTypes() {
    Tensor t = Tensor.of(new double[] {0.1, 1e40});
    Tensor f = t.to(F32);
    assertEquals(F32, f.dtype());
    assertEquals((float) 0.1, (float) f.get(0));
    assertTrue(Double.isInfinite(f.get(1)));
    assertSame(t, t.to(F64));
  }

  @Test
  void printingLikeNumpy() {
    assertEquals(
        "tensor([[1., 2., 3.],\n        [4., 5., 6.]], dtype=float64, shape=(2, 3))",
        m23().toString());
    assertEquals(
        "tensor([ 0.5000, -1.2500], dtype=float32, shape=(2,))",
        Tensor.of(new float[] {0.5f, -1.25f}).toString());
    assertEquals("tensor(3., dtype=float64, shape=())", Tensor.scalar(3, F64).toString());
    String big = Tensor.arange(2000, F32).toString();
    assertEquals(
        "tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.], dtype=float32, shape=(2000,))",
        big);
    assertTrue(Tensor.full(1e-9, F64, 2).toString().contains("1.0000e-09"));
    assertTrue(
        Tensor.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}).toString().contains("nan"));
  }

  @Test
  void equalityAndCloseness() {
    assertEquals(m23(), m23());
    assertEquals(m23().hashCode(), m23().hashCode());
    assertEquals(m23(), m23().transpose().transpose());
    assertNotEquals(m23(), m23().to(F32));
    assertTrue(m23().allClose(m23().add(1e-9), 0, 1e-8));
    assertFalse(m23().allClose(m23().add(1e-3), 0, 1e-8));
    assertFalse(m23().allClose(m23().reshape(3, 2), 1, 1));
  }
}
