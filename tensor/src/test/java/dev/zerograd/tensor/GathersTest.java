package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Gathers along an axis and their adjoints, against index arithmetic. */
class GathersTest {
  private static final DType F64 = DType.FLOAT64;

  /** Random dims of rank 1 to 4, each 1 to 4. */
  private static int[] dims(Generator g, int rank) {
    int[] d = new int[rank];
    for (int i = 0; i < rank; i++) {
      d[i] = 1 + g.nextInt(4);
    }
    return d;
  }

  /** The row-major flat index of {@code coords} in dims. */
  private static int flat(int[] coords, int[] dims) {
    int[] s = Naive.strides(dims);
    int f = 0;
    for (int i = 0; i < dims.length; i++) {
      f += coords[i] * s[i];
    }
    return f;
  }

  private static int[] coords(int flat, int[] dims) {
    int[] s = Naive.strides(dims);
    int[] c = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      c[i] = (flat / s[i]) % dims[i];
    }
    return c;
  }

  /** Stored transposed and transposed back when asked: the same values, not contiguous. */
  private static Tensor maybeView(Tensor t, boolean view) {
    if (!view || t.rank() < 2) {
      return t;
    }
    int r = t.rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = r - 1 - i;
    }
    return t.transpose(perm).copy().transpose(perm);
  }

  @Property(tries = 200, seed = "20261129")
  void takeAlongAxisAndItsAdjoint(
      @ForAll @IntRange(min = 1, max = 4) int rank,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll boolean float64,
      @ForAll boolean view,
      @ForAll long seed) {
    Generator g = new Generator(seed);
    DType dt = float64 ? F64 : DType.FLOAT32;
    int[] d = dims(g, rank);
    int axis = g.nextInt(rank);
    Tensor x = maybeView(g.uniform(dt, -1, 1, d), view);
    int[] od = d.clone();
    od[axis] = k;
    int[] idx = g.integers(0, d[axis], Naive.size(od));
    Tensor picked = x.takeAlongAxis(axis, idx);
    assertEquals(Shape.of(od), picked.shape());
    double[] xs = x.toDoubleArray();
    double[] expected = new double[idx.length];
    for (int p = 0; p < idx.length; p++) {
      int[] c = coords(p, od);
      c[axis] = idx[p];
      expected[p] = xs[flat(c, d)];
    }
    assertArrayEquals(expected, picked.toDoubleArray(), 0.0);
    // The adjoint: <take(x), y> == <x, scatterAdd(y)>, exactly for small integers.
    Tensor y = Tensor.arange(idx.length, F64).reshape(od);
    Tensor back = Tensor.zeros(Shape.of(d), F64).scatterAddInPlace(axis, idx, y);
    double[] naive = new double[Naive.size(d)];
    for (int p = 0; p < idx.length; p++) {
      int[] c = coords(p, od);
      c[axis] = idx[p];
      naive[flat(c, d)] += p;
    }
    assertArrayEquals(naive, back.toDoubleArray(), 0.0);
  }

  @Property(tries = 200, seed = "20261129")
  void indexSelectAndIndexAdd(
      @ForAll @IntRange(min = 1, max = 4) int rank,
      @ForAll @IntRange(min = 0, max = 5) int count,
      @ForAll boolean view,
      @ForAll long seed) {
    Generator g = new Generator(seed);
    int[] d = dims(g, rank);
    int axis = g.nextInt(rank);
    Tensor x = maybeView(Tensor.arange(Naive.size(d), F64).reshape(d), view);
    int[] idx = g.integers(0, d[axis], count);
    Tensor sel = x.indexSelect(axis, idx);
    int[] od = d.clone();
    od[axis] = count;
    assertEquals(Shape.of(od), sel.shape());
    for (int p = 0; p < Naive.size(od); p++) {
      int[] c = coords(p, od);
      int[] src = c.clone();
      src[axis] = idx[c[axis]];
      assertEquals(flat(src, d), sel.get(c), 0.0);
    }
    Tensor ones = Tensor.ones(F64, od);
    Tensor counts = Tensor.zeros(Shape.of(d), F64).indexAddInPlace(axis, idx, ones);
    for (int p = 0; p < Naive.size(d); p++) {
      int[] c = coords(p, d);
      int hits = 0;
      for (int i : idx) {
        hits += i == c[axis] ? 1 : 0;
      }
      assertEquals(hits, counts.get(c), 0.0);
    }
  }

  @Test
  void pickingEachRowsLabelIsTakeAlongAxis() {
    Tensor scores = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertArrayEquals(
        new double[] {3, 4}, scores.takeAlongAxis(1, new int[] {2, 0}).toDoubleArray(), 0.0);
    Tensor oneHot = Tensor.zeros(F64, 2, 3).scatterAddInPlace(1, new int[] {2, 0}, Tensor.ones(F64, 2, 1));
    assertEquals(Tensor.oneHot(new int[] {2, 0}, 3, F64), oneHot);
  }

  @Test
  void badIndicesAndShapesAreNamed() {
    Tensor x = Tensor.zeros(F64, 2, 3);
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> x.takeAlongAxis(1, new int[] {0, 3}));
    assertEquals(
        "takeAlongAxis: index 3 at position 1 is out of bounds for axis 1 with size 3",
        e.getMessage());
    IllegalArgumentException lanes =
        assertThrows(IllegalArgumentException.class, () -> x.takeAlongAxis(1, new int[] {0, 1, 2}));
    assertEquals(
        "takeAlongAxis: 3 indices for 2 lanes along axis 1 of shape (2, 3); give the same number"
            + " for every lane",
        lanes.getMessage());
    IllegalArgumentException source =
        assertThrows(
            IllegalArgumentException.class,
            () -> x.indexAddInPlace(0, new int[] {1}, Tensor.ones(F64, 2, 3)));
    assertEquals(
        "indexAddInPlace: 1 indices along axis 0 of shape (2, 3) need a source of shape (1, 3),"
            + " got (2, 3)",
        source.getMessage());
    long before = x.storage().version();
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> x.scatterAddInPlace(1, new int[] {0, -1}, Tensor.ones(F64, 2, 1)));
    assertEquals(before, x.storage().version(), "a refused write is not counted");
  }

  @Test
  void nullArgumentsAreNamedAtEveryPublicEntry() {
    Tensor m = Tensor.zeros(DType.FLOAT64, 3, 2);
    java.util.Map<String, org.junit.jupiter.api.function.Executable> calls =
        new java.util.LinkedHashMap<>();
    calls.put("gatherRows: the indices array is null", () -> m.gatherRows(null));
    calls.put("gatherRows: the output tensor is null", () -> m.gatherRows(new int[] {0}, null));
    calls.put("indexSelect: the indices array is null", () -> m.indexSelect(0, null));
    calls.put("takeAlongAxis: the indices array is null", () -> m.takeAlongAxis(1, null));
    calls.put("scatterAddInPlace: the source tensor is null", () -> m.scatterAddInPlace(1, new int[] {0, 0, 0}, null));
    calls.put("indexAddInPlace: the indices array is null", () -> m.indexAddInPlace(0, null, m));
    calls.put("oneHot: the labels array is null", () -> Tensor.oneHot(null, 3, DType.FLOAT32));
    calls.put("concat: the tensors array is null", () -> Tensor.concat(0, (Tensor[]) null));
    calls.put("concat: tensor 1 is null", () -> Tensor.concat(0, m, null));
    calls.put("dtype is null: use float32 or float64", () -> DType.parse(null));
    calls.forEach(
        (message, call) -> {
          RuntimeException e = assertThrows(RuntimeException.class, call, message);
          assertTrue(
              e instanceof IllegalArgumentException || e instanceof NullPointerException,
              message + ": " + e);
          assertEquals(message, e.getMessage());
        });
  }
}
