package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Broadcasting binary operations against {@link Naive}, on random shapes, views and types. */
class ElementwiseTest {
  /** Two broadcast-compatible shapes, a seed for values, and the types and layouts to use. */
  static final class Case {
    final int[] a;
    final int[] b;
    final long seed;
    final DType ta;
    final DType tb;
    final boolean transposedA;

    Case(int[] a, int[] b, long seed, DType ta, DType tb, boolean transposedA) {
      this.a = a;
      this.b = b;
      this.seed = seed;
      this.ta = ta;
      this.tb = tb;
      this.transposedA = transposedA;
    }

    @Override
    public String toString() {
      return Shape.of(a) + " " + ta + (transposedA ? " (transposed view)" : "") + " with "
          + Shape.of(b) + " " + tb + ", seed " + seed;
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<int[]> out = Arbitraries.integers().between(0, 4).array(int[].class).ofMinSize(0)
        .ofMaxSize(4);
    Arbitrary<Long> masks = Arbitraries.longs();
    return Combinators.combine(
            out, masks, Arbitraries.longs(), Arbitraries.of(DType.class),
            Arbitraries.of(DType.class), Arbitraries.of(true, false))
        .as(
            (dims, mask, seed, ta, tb, tr) -> {
              int[] a = derive(dims, mask);
              int[] b = derive(dims, mask >>> 16);
              return new Case(a, b, seed, ta, tb, tr);
            });
  }

  /** A shape that broadcasts to {@code out}: some leading axes dropped, some set to 1. */
  private static int[] derive(int[] out, long bits) {
    int drop = (int) (bits & 3) % (out.length + 1);
    int[] s = new int[out.length - drop];
    for (int i = 0; i < s.length; i++) {
      s[i] = ((bits >>> (2 + i)) & 1) == 1 ? 1 : out[drop + i];
    }
    return s;
  }

  static Tensor random(int[] dims, DType dtype, Generator g, boolean transposed) {
    if (!transposed || dims.length < 2) {
      return g.uniform(dtype, -2, 2, dims);
    }
    int[] rev = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      rev[i] = dims[dims.length - 1 - i];
    }
    return g.uniform(dtype, -2, 2, rev).transpose();
  }

  private static void check(Case c, BiFunction<Tensor, Tensor, Tensor> op, DoubleBinaryOperator ref) {
    Generator g = new Generator(c.seed);
    Tensor a = random(c.a, c.ta, g, c.transposedA);
    Tensor b = g.uniform(c.tb, 0.5, 2, c.b);
    Tensor r = op.apply(a, b);
    int[] out = Shape.broadcast("ref", a.shape(), b.shape()).toArray();
    DType dt = DType.promote(c.ta, c.tb);
    assertEquals(dt, r.dtype());
    assertEquals(Shape.of(out), r.shape());
    double[] expected = Naive.binary(a.toDoubleArray(), c.a, b.toDoubleArray(), c.b, out, ref);
    double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
    double[] actual = r.toDoubleArray();
    for (int i = 0; i < expected.length; i++) {
      expected[i] = dt == DType.FLOAT32 ? (float) expected[i] : expected[i];
      assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), c + " @" + i);
    }
  }

  @Property(tries = 150, seed = "20261128")
  void add(@ForAll("cases") Case c) {
    check(c, Tensor::add, Double::sum);
  }

  @Property(tries = 150, seed = "20261128")
  void sub(@ForAll("cases") Case c) {
    check(c, Tensor::sub, (x, y) -> x - y);
  }

  @Property(tries = 150, seed = "20261128")
  void mul(@ForAll("cases") Case c) {
    check(c, Tensor::mul, (x, y) -> x * y);
  }

  @Property(tries = 150, seed = "20261128")
  void div(@ForAll("cases") Case c) {
    check(c, Tensor::div, (x, y) -> x / y);
  }

  @Property(tries = 100, seed = "20261128")
  void pow(@ForAll("cases") Case c) {
    check(c, (x, y) -> x.abs().pow(y), (x, y) -> Math.pow(Math.abs(x), y));
  }

  @Property(tries = 100, seed = "20261128")
  void maximumAndMinimum(@ForAll("cases") Case c) {
    check(c, Tensor::maximum, Math::max);
    check(c, Tensor::minimum, Math::min);
  }

  @Property(tries = 100, seed = "20261128")
  void comparisons(@ForAll("cases") Case c) {
    check(c, Tensor::gt, (x, y) -> x > y ? 1 : 0);
    check(c, Tensor::le, (x, y) -> x <= y ? 1 : 0);
  }

  @Property(tries = 100, seed = "20261128")
  void inPlaceMatchesOutOfPlace(@ForAll("cases") Case c) {
    Generator g = new Generator(c.seed);
    Tensor a = random(c.a, c.ta, g, c.transposedA);
    Tensor b = g.uniform(c.tb, -1, 1, c.b);
    if (!b.shape().isBroadcastableTo(a.shape())) {
      return;
    }
    Tensor expected = a.add(b).to(c.ta);
    Tensor target = a.copy();
    target.addInPlace(b);
    assertArrayEquals(expected.toDoubleArray(), target.toDoubleArray(), 0.0, c.toString());
  }

  @Property(tries = 150, seed = "20261128")
  void sumOverAnyAxes(@ForAll("cases") Case c, @ForAll boolean keepDims) {
    Generator g = new Generator(c.seed);
    Tensor a = random(c.a, c.ta, g, c.transposedA);
    boolean[] reduce = new boolean[c.a.length];
    int n = 0;
    for (int i = 0; i < reduce.length; i++) {
      reduce[i] = ((c.seed >>> i) & 1) == 1;
      n += reduce[i] ? 1 : 0;
    }
    int[] axes = new int[n];
    for (int i = 0, j = 0; i < reduce.length; i++) {
      if (reduce[i]) {
        axes[j++] = i - reduce.length; // negative axes too
      }
    }
    if (n == 0) {
      reduce = new boolean[c.a.length];
      java.util.Arrays.fill(reduce, true);
    }
    Tensor s = a.sum(axes, keepDims);
    double[] expected = Naive.sum(a.toDoubleArray(), c.a, reduce);
    assertEquals(expected.length, s.size(), c.toString());
    assertArrayEquals(expected, s.toDoubleArray(), 1e-4, c.toString());
    assertEquals(keepDims ? c.a.length : c.a.length - (n == 0 ? c.a.length : n), s.rank());
  }

  @org.junit.jupiter.api.Test
  void thresholdBackwardPassesTheGradientExactlyWhereTheInputExceedsTheThreshold() {
    float[] special = {
      Float.NaN, Float.intBitsToFloat(0xFFC00000), 0f, -0f, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
      -Float.MAX_VALUE, 1f, -1f, 0.5f, -0.5f, 2f
    };
    int n = special.length;
    float[] grads = new float[n];
    for (int i = 0; i < n; i++) {
      grads[i] = i + 1;
    }
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (double threshold : new double[] {0, 0.5, -1}) {
        Tensor x = Tensor.of(special, n).to(dt);
        Tensor g = Tensor.of(grads, n).to(dt);
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
          expected[i] = x.get(i) > threshold ? g.get(i) : 0;
        }
        assertArrayEquals(expected, g.thresholdBackward(x, threshold).toDoubleArray(), 0.0);
        // Strided: every other element of a longer vector.
        Tensor xs = Tensor.concat(1, x.reshape(n, 1), x.reshape(n, 1)).reshape(-1);
        Tensor gs = Tensor.concat(1, g.reshape(n, 1), g.reshape(n, 1)).reshape(-1);
        assertArrayEquals(
            expected,
            gs.slice(0, 0, 2 * n, 2)
                .thresholdBackward(xs.slice(0, 0, 2 * n, 2), threshold)
                .toDoubleArray(),
            0.0);
      }
    }
  }
}
