package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** im2col against the textbook's loops, and col2im as its adjoint. */
class WindowsTest {
  private static final DType F64 = DType.FLOAT64;

  /** The textbook's im2col, element by element. */
  private static double[] naiveIm2col(
      double[] x, int n, int c, int h, int w, int kh, int kw, int stride, int pad) {
    int oh = (h + 2 * pad - kh) / stride + 1;
    int ow = (w + 2 * pad - kw) / stride + 1;
    double[] col = new double[n * oh * ow * c * kh * kw];
    int row = 0;
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, row++) {
          int k = 0;
          for (int ch = 0; ch < c; ch++) {
            for (int u = 0; u < kh; u++) {
              for (int v = 0; v < kw; v++, k++) {
                int y = i * stride + u - pad;
                int z = j * stride + v - pad;
                boolean inside = y >= 0 && y < h && z >= 0 && z < w;
                col[row * c * kh * kw + k] =
                    inside ? x[((b * c + ch) * h + y) * w + z] : 0;
              }
            }
          }
        }
      }
    }
    return col;
  }

  @Property(tries = 150, seed = "20261129")
  void im2colIsTheTextbooksAndCol2imItsAdjoint(
      @ForAll @IntRange(min = 1, max = 2) int n,
      @ForAll @IntRange(min = 1, max = 3) int c,
      @ForAll @IntRange(min = 1, max = 7) int h,
      @ForAll @IntRange(min = 1, max = 7) int w,
      @ForAll @IntRange(min = 1, max = 3) int kh,
      @ForAll @IntRange(min = 1, max = 3) int kw,
      @ForAll @IntRange(min = 1, max = 3) int stride,
      @ForAll @IntRange(min = 0, max = 2) int pad,
      @ForAll long seed) {
    if (h + 2 * pad < kh || w + 2 * pad < kw) {
      return;
    }
    Generator g = new Generator(seed);
    Tensor x = g.uniform(F64, -1, 1, n, c, h, w);
    Tensor col = x.im2col(kh, kw, stride, pad);
    double[] expected = naiveIm2col(x.toDoubleArray(), n, c, h, w, kh, kw, stride, pad);
    assertArrayEquals(expected, col.toDoubleArray(), 0.0);
    // <im2col(x), y> == <x, col2im(y)>: col2im adds each entry back where im2col took it.
    Tensor y = g.uniform(F64, -1, 1, col.shape().toArray());
    Tensor back = y.col2im(new int[] {n, c, h, w}, kh, kw, stride, pad);
    assertEquals(Shape.of(n, c, h, w), back.shape());
    double lhs = col.mul(y).sum().item();
    double rhs = x.mul(back).sum().item();
    assertEquals(lhs, rhs, 1e-12 * Math.max(1, col.size()));
  }

  @Property(tries = 100, seed = "20261130")
  void unfold2dHoldsTheSameWindowsAsIm2colAndFold2dIsItsAdjoint(
      @ForAll @IntRange(min = 1, max = 2) int n,
      @ForAll @IntRange(min = 1, max = 3) int c,
      @ForAll @IntRange(min = 1, max = 6) int h,
      @ForAll @IntRange(min = 1, max = 6) int w,
      @ForAll @IntRange(min = 1, max = 3) int k,
      @ForAll @IntRange(min = 1, max = 2) int stride,
      @ForAll @IntRange(min = 0, max = 1) int pad,
      @ForAll long seed) {
    if (h + 2 * pad < k || w + 2 * pad < k) {
      return;
    }
    Generator g = new Generator(seed);
    Tensor x = g.uniform(F64, -1, 1, n, c, h, w);
    Tensor cols = x.unfold2d(k, k, stride, pad);
    int l = cols.dim(2);
    // unfold2d's (N, CKK, L) is im2col's (N * L, CKK) with the axes swapped.
    Tensor rows = cols.transpose(0, 2, 1).reshape(n * l, c * k * k);
    assertEquals(x.im2col(k, k, stride, pad), rows.copy());
    Tensor y = g.uniform(F64, -1, 1, cols.shape().toArray());
    Tensor back = y.fold2d(new int[] {n, c, h, w}, k, k, stride, pad);
    assertEquals(
        cols.mul(y).sum().item(), x.mul(back).sum().item(), 1e-12 * Math.max(1, cols.size()));
  }

  @Test
  void theTextbooksShapes() {
    // Chapter 7: x1 = np.random.rand(1, 3, 7, 7); im2col(x1, 5, 5, stride=1, pad=0) -> (9, 75).
    assertEquals(Shape.of(9, 75), Tensor.zeros(F64, 1, 3, 7, 7).im2col(5, 5, 1, 0).shape());
    assertEquals(Shape.of(90, 75), Tensor.zeros(F64, 10, 3, 7, 7).im2col(5, 5, 1, 0).shape());
  }

  @Test
  void badShapesAreNamed() {
    IllegalArgumentException rank =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(F64, 3, 7, 7).im2col(3, 3, 1, 0));
    assertEquals("im2col: expects images (N, C, H, W), got shape (3, 7, 7)", rank.getMessage());
    IllegalArgumentException fit =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.zeros(F64, 1, 1, 2, 2).im2col(5, 5, 1, 1));
    assertEquals(
        "im2col: a window of 5 does not fit an axis of 2 padded by 1 on each side; use a smaller"
            + " window or more padding",
        fit.getMessage());
    IllegalArgumentException cols =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.zeros(F64, 8, 9).col2im(new int[] {1, 1, 4, 4}, 2, 2, 1, 0));
    assertEquals(
        "col2im: columns of shape (8, 9) do not come from images [1, 1, 4, 4] with a 2x2"
            + " window, stride 1 and pad 0; expected (9, 4)",
        cols.getMessage());
  }
}
