package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MatMulTest {
  private static final DType F32 = DType.FLOAT32;
  private static final DType F64 = DType.FLOAT64;

  @Provide
  Arbitrary<Integer> dims() {
    // Mostly small odd sizes, sometimes 0, 1 or a size past BLAS's blocking.
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 7)),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(0, 1)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(60, 130)));
  }

  /** A (rows x cols) matrix, built as the transpose of its transpose when {@code transposed}. */
  private static Tensor matrix(Generator g, DType dt, int rows, int cols, boolean transposed) {
    return transposed
        ? g.uniform(dt, -1, 1, cols, rows).transpose()
        : g.uniform(dt, -1, 1, rows, cols);
  }

  private static void assertProduct(Tensor a, Tensor b, Tensor c, String what) {
    int m = a.dim(0);
    int k = a.dim(1);
    int n = b.dim(1);
    double[] expected = Naive.matmul(a.toDoubleArray(), b.toDoubleArray(), m, k, n);
    assertEquals(Shape.of(m, n), c.shape(), what);
    assertWithinRounding(expected, c, Rounding.productErrorBound(a, b), what);
  }

  /**
   * The product within rounding of the naive float64 one: each lies within the bound of the exact
   * product (the naive one at float64's, at most the bound itself), so they differ by at most 2x.
   */
  private static void assertWithinRounding(
      double[] naive, Tensor product, Tensor bound, String what) {
    Tensor expected = Tensor.of(naive, product.shape().toArray());
    Tensor twice = bound.mul(2);
    assertTrue(
        Rounding.within(product, expected, twice),
        what + ": " + Rounding.describe(product, expected, twice));
  }

  @Property(tries = 300, seed = "20261128")
  void matrixProductInEveryTransposeCombination(
      @ForAll("dims") int m,
      @ForAll("dims") int k,
      @ForAll("dims") int n,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll boolean float64,
      @ForAll long seed) {
    DType dt = float64 ? F64 : F32;
    Generator g = new Generator(seed);
    Tensor a = matrix(g, dt, m, k, transA);
    Tensor b = matrix(g, dt, k, n, transB);
    String what = String.format("%dx%d%s . %dx%d%s %s", m, k, transA ? "^T" : "", k, n,
        transB ? "^T" : "", dt);
    assertProduct(a, b, a.matmul(b), what);
    assertProduct(a, b, a.dot(b), what);
  }

  @Property(tries = 100, seed = "20261128")
  void productsOfRowAndColumnSlices(
      @ForAll @IntRange(min = 1, max = 9) int m,
      @ForAll @IntRange(min = 1, max = 9) int k,
      @ForAll @IntRange(min = 1, max = 9) int n,
      @ForAll long seed) {
    Generator g = new Generator(seed);
    Tensor wide = g.uniform(F32, -1, 1, m + 2, k + 3);
    Tensor a = wide.sliceRows(1, m + 1).sliceColumns(2, k + 2);
    Tensor b = g.uniform(F32, -1, 1, n + 1, k).transpose().sliceColumns(1, n + 1);
    assertFalse(a.isContiguous() && m > 1);
    assertProduct(a, b, a.matmul(b), "slices");
  }

  @Property(tries = 150, seed = "20261128")
  void matrixVectorProducts(
      @ForAll("dims") int m,
      @ForAll("dims") int k,
      @ForAll boolean transA,
      @ForAll boolean float64,
      @ForAll long seed) {
    DType dt = float64 ? F64 : F32;
    Generator g = new Generator(seed);
    Tensor a = matrix(g, dt, m, k, transA);
    Tensor x = g.uniform(dt, -1, 1, k);
    Tensor y = a.dot(x);
    assertEquals(Shape.of(m), y.shape());
    double[] expected = Naive.matmul(a.toDoubleArray(), x.toDoubleArray(), m, k, 1);
    assertWithinRounding(expected, y, Rounding.productErrorBound(a, x), "a x");
    Tensor v = g.uniform(dt, -1, 1, m);
    Tensor z = v.dot(a);
    assertEquals(Shape.of(k), z.shape());
    double[] expectedVa = Naive.matmul(v.toDoubleArray(), a.toDoubleArray(), 1, m, k);
    assertWithinRounding(expectedVa, z, Rounding.productErrorBound(v, a), "v a");
  }

  @Test
  void vectorDotIsAScalar() {
    Tensor v = Tensor.of(new double[] {1, 2, 3});
    Tensor s = v.dot(Tensor.of(new float[] {4, 5, 6}));
    assertEquals(Shape.scalar(), s.shape());
    assertEquals(F64, s.dtype());
    assertEquals(32.0, s.item());
  }

  @Test
  void misalignedShapesAreReportedLikeNumpy() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.zeros(F32, 2, 3).dot(Tensor.zeros(F32, 2)));
    assertEquals(
        "dot: shapes (2, 3) and (2,) not aligned: 3 (dim 1) != 2 (dim 0);"
            + " the last axis of the first must match the first axis of the second",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.zeros(F32, 2, 3).dot(Tensor.zeros(F32, 1, 2, 3)));
  }

  @Test
  void batchedProductSharesA2dOperand() {
    Generator g = new Generator(7);
    Tensor a = g.uniform(F64, -1, 1, 3, 2, 4);
    Tensor b = g.uniform(F64, -1, 1, 4, 5);
    Tensor c = a.matmul(b);
    assertEquals(Shape.of(3, 2, 5), c.shape());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(
          a.select(0, i).dot(b).toDoubleArray(), c.select(0, i).toDoubleArray(), 1e-12);
    }
    Tensor bb = g.uniform(F64, -1, 1, 1, 4, 5);
    assertEquals(Shape.of(3, 2, 5), a.matmul(bb).shape());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> a.matmul(g.uniform(F64, -1, 1, 2, 4, 5)));
    assertEquals(
        "matmul: batch sizes of shapes (3, 2, 4) and (2, 4, 5) differ: 3 != 2;"
            + " make them equal or 1",
        e.getMessage());
  }

  @Test
  void batchAxesBroadcastBeyondThreeDimensions() {
    Generator g = new Generator(11);
    Tensor a = g.uniform(F64, -1, 1, 2, 1, 3, 4);
    Tensor b = g.uniform(F64, -1, 1, 5, 4, 2).transpose(0, 2, 1).copy().transpose(0, 2, 1);
    Tensor c = a.matmul(b);
    assertEquals(Shape.of(2, 5, 3, 2), c.shape());
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 5; j++) {
        assertArrayEquals(
            a.select(0, i).select(0, 0).dot(b.select(0, j)).toDoubleArray(),
            c.select(0, i).select(0, j).toDoubleArray(),
            1e-12);
      }
    }
    Tensor v = g.uniform(F64, -1, 1, 4);
    assertEquals(Shape.of(2, 1, 3), a.matmul(v).shape());
    assertArrayEquals(
        a.select(0, 1).select(0, 0).dot(v).toDoubleArray(),
        a.matmul(v).select(0, 1).select(0, 0).toDoubleArray(),
        1e-12);
    assertEquals(Shape.of(5, 2), v.matmul(b).shape());
  }

  @Test
  void emptyInnerDimensionGivesZeros() {
    Tensor c = Tensor.zeros(F32, 3, 0).matmul(Tensor.zeros(F32, 0, 2));
    assertArrayEquals(new float[6], c.toFloatArray());
    assertEquals(Shape.of(0, 2), Tensor.zeros(F64, 0, 4).matmul(Tensor.zeros(F64, 4, 2)).shape());
  }
}
