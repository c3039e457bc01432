package dev.zerograd.tensor;

import dev.zerograd.tensor.cpu.Blas;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The fused convolution kernels against the same computation through the batch's columns
 * ({@code unfold2d}, matmul, {@code fold2d}), and their results independent of the thread count.
 */
class ConvolutionTest {
  private static final DType F64 = DType.FLOAT64;

  @Property(tries = 120, seed = "20261129")
  void theKernelsComputeWhatTheColumnsCompute(
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll @IntRange(min = 1, max = 3) int c,
      @ForAll @IntRange(min = 1, max = 3) int o,
      @ForAll @IntRange(min = 1, max = 7) int h,
      @ForAll @IntRange(min = 1, max = 7) int w,
      @ForAll @IntRange(min = 1, max = 3) int kh,
      @ForAll @IntRange(min = 1, max = 3) int kw,
      @ForAll @IntRange(min = 1, max = 3) int stride,
      @ForAll @IntRange(min = 0, max = 2) int pad,
      @ForAll boolean view,
      @ForAll long seed) {
    if (h + 2 * pad < kh || w + 2 * pad < kw) {
      return;
    }
    Generator g = new Generator(seed);
    // A transposed view of the images when asked: the kernels must read any layout.
    Tensor x =
        view
            ? g.uniform(F64, -1, 1, n, c, w, h).transpose(0, 1, 3, 2)
            : g.uniform(F64, -1, 1, n, c, h, w);
    Tensor filters = g.uniform(F64, -1, 1, o, c, kh, kw);
    Tensor cols = x.unfold2d(kh, kw, stride, pad); // (N, C kh kw, OH OW)
    int oh = (h + 2 * pad - kh) / stride + 1;
    int ow = (w + 2 * pad - kw) / stride + 1;
    Tensor viaColumns = filters.reshape(o, -1).matmul(cols).reshape(n, o, oh, ow);
    Tensor y = x.conv2d(filters, stride, pad);
    assertEquals(Shape.of(n, o, oh, ow), y.shape());
    // Two summation orders of terms within [-1, 1]: each within gamma_len * len of the exact sum.
    assertArrayEquals(viaColumns.toDoubleArray(), y.toDoubleArray(), twoOrders(c * kh * kw));

    Tensor dy = g.uniform(F64, -1, 1, n, o, oh, ow);
    Tensor dwViaColumns =
        dy.reshape(n, o, oh * ow).matmul(cols.transpose(0, 2, 1)).sum(new int[] {0}, false);
    Tensor dw = x.conv2dWeightGrad(dy, kh, kw, Conv2dSpec.of(stride, pad));
    assertEquals(filters.shape(), dw.shape());
    assertArrayEquals(
        dwViaColumns.toDoubleArray(), dw.toDoubleArray(), twoOrders(n * oh * ow));

    Tensor dxViaColumns =
        filters
            .reshape(o, -1)
            .transpose()
            .matmul(dy.reshape(n, o, oh * ow))
            .fold2d(new int[] {n, c, h, w}, kh, kw, stride, pad);
    Tensor dx =
        dy.conv2dInputGrad(filters, new int[] {n, c, h, w}, Conv2dSpec.of(stride, pad));
    assertEquals(Shape.of(n, c, h, w), dx.shape());
    assertArrayEquals(dxViaColumns.toDoubleArray(), dx.toDoubleArray(), twoOrders(o * kh * kw));
  }

  @Property(tries = 150, seed = "20261202")
  void everyOptionComputesWhatTheDirectSumComputes(
      @ForAll @IntRange(min = 1, max = 2) int n,
      @ForAll @IntRange(min = 1, max = 3) int groups,
      @ForAll @IntRange(min = 1, max = 2) int cg,
      @ForAll @IntRange(min = 1, max = 2) int og,
      @ForAll @IntRange(min = 1, max = 7) int h,
      @ForAll @IntRange(min = 1, max = 7) int w,
      @ForAll @IntRange(min = 1, max = 3) int kh,
      @ForAll @IntRange(min = 1, max = 3) int kw,
      @ForAll @IntRange(min = 1, max = 3) int sh,
      @ForAll @IntRange(min = 1, max = 3) int sw,
      @ForAll @IntRange(min = 0, max = 2) int ph,
      @ForAll @IntRange(min = 0, max = 2) int pw,
      @ForAll @IntRange(min = 1, max = 3) int dh,
      @ForAll @IntRange(min = 1, max = 3) int dw,
      @ForAll long seed) {
    if (h + 2 * ph < dh * (kh - 1) + 1 || w + 2 * pw < dw * (kw - 1) + 1) {
      return;
    }
    Conv2dSpec spec = new Conv2dSpec(sh, sw, ph, pw, dh, dw, groups);
    int c = cg * groups;
    int o = og * groups;
    int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
    int ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
    Generator g = new Generator(seed);
    Tensor x = g.uniform(F64, -1, 1, n, c, h, w);
    Tensor filters = g.uniform(F64, -1, 1, o, cg, kh, kw);
    Tensor dy = g.uniform(F64, -1, 1, n, o, oh, ow);
    double[] xs = x.toDoubleArray();
    double[] ws = filters.toDoubleArray();
    double[] dys = dy.toDoubleArray();
    // The definition, term by term: y = sum w x; dw and dx the same terms with dy as weight.
    double[] y = new double[n * o * oh * ow];
    double[] dwRef = new double[ws.length];
    double[] dxRef = new double[xs.length];
    for (int b = 0; b < n; b++) {
      for (int f = 0; f < o; f++) {
        int group = f / og;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            int yi = ((b * o + f) * oh + i) * ow + j;
            for (int k = 0; k < cg; k++) {
              int channel = group * cg + k;
              for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                  int r = sh * i + dh * u - ph;
                  int q = sw * j + dw * v - pw;
                  if (r < 0 || r >= h || q < 0 || q >= w) {
                    continue;
                  }
                  int xi = ((b * c + channel) * h + r) * w + q;
                  int wi = ((f * cg + k) * kh + u) * kw + v;
                  y[yi] += ws[wi] * xs[xi];
                  dwRef[wi] += dys[yi] * xs[xi];
                  dxRef[xi] += dys[yi] * ws[wi];
                }
              }
            }
          }
        }
      }
    }
    Tensor out = x.conv2d(filters, spec);
    assertEquals(Shape.of(n, o, oh, ow), out.shape());
    assertArrayEquals(y, out.toDoubleArray(), twoOrders(cg * kh * kw));
    Tensor dwOut = x.conv2dWeightGrad(dy, kh, kw, spec);
    assertEquals(filters.shape(), dwOut.shape());
    assertArrayEquals(dwRef, dwOut.toDoubleArray(), twoOrders(n * oh * ow));
    Tensor dxOut = dy.conv2dInputGrad(filters, new int[] {n, c, h, w}, spec);
    assertEquals(x.shape(), dxOut.shape());
    assertArrayEquals(dxRef, dxOut.toDoubleArray(), twoOrders(og * kh * kw));
  }

  @Test
  void groupsThatDoNotDivideAreNamed() {
    Tensor x = Tensor.zeros(F64, 1, 4, 5, 5);
    Conv2dSpec three = Conv2dSpec.DEFAULT.withGroups(3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> x.conv2d(Tensor.zeros(F64, 3, 1, 2, 2), three));
    assertEquals(
        "conv2d: 4 image channels cannot be split into 3 groups; use a number of groups that"
            + " divides the channels",
        e.getMessage());
    // The filters' gradient names the same mistake, though it is given no filters.
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> x.conv2dWeightGrad(Tensor.zeros(F64, 1, 3, 4, 4), 2, 2, three));
    assertEquals(
        "conv2dWeightGrad: 4 image channels cannot be split into 3 groups; use a number of groups"
            + " that divides the channels",
        e.getMessage());
    Conv2dSpec two = Conv2dSpec.DEFAULT.withGroups(2);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> x.conv2d(Tensor.zeros(F64, 4, 1, 2, 2), two));
    assertEquals(
        "conv2d: expects images (N, 2, H, W) for filters (4, 1, 2, 2) in 2 groups, got (1, 4, 5,"
            + " 5)",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> x.conv2d(Tensor.zeros(F64, 3, 2, 2, 2), two));
    assertEquals(
        "conv2d: the 3 filters of (3, 2, 2, 2) cannot be split into 2 groups; use a number of"
            + " filters divisible by the groups",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> x.conv2d(Tensor.zeros(F64, 2, 4, 3, 3), Conv2dSpec.DEFAULT.withDilation(3)));
    assertEquals(
        "conv2d: a filter spanning 7 along the height (kernel 3, dilation 3) does not fit images"
            + " of 5 padded by 0 on each side; use a smaller kernel or dilation, or more padding",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Conv2dSpec.DEFAULT.withStride(1, 0));
    assertEquals("Conv2dSpec: stride (1, 0) must be at least 1 on both axes", e.getMessage());
  }

  /** How far two float64 sums of {@code len} terms in [-1, 1] may differ: 2 gamma_len len. */
  private static double twoOrders(int len) {
    return 2 * Rounding.gamma(F64, len) * Math.max(1, len);
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    // The textbook ConvNet's shape, large enough to be split across the cores when there are
    // several: the same bits on one thread.
    Generator g = new Generator(5);
    for (DType dt : new DType[] {DType.FLOAT32, F64}) {
      Tensor x = g.uniform(dt, 0, 1, 100, 1, 28, 28);
      Tensor filters = g.normal(dt, 0, 0.01, 30, 1, 5, 5);
      Tensor dy = g.uniform(dt, -1, 1, 100, 30, 24, 24);
      Tensor y = x.conv2d(filters, 1, 0);
      Tensor dw = x.conv2dWeightGrad(dy, 5, 5, Conv2dSpec.of(1, 0));
      Tensor dx =
          dy.conv2dInputGrad(filters, new int[] {100, 1, 28, 28}, Conv2dSpec.of(1, 0));
      try (Blas.Scope one = Blas.serial()) {
        assertEquals(y, x.conv2d(filters, 1, 0));
        assertEquals(dw, x.conv2dWeightGrad(dy, 5, 5, Conv2dSpec.of(1, 0)));
        assertEquals(
            dx, dy.conv2dInputGrad(filters, new int[] {100, 1, 28, 28}, Conv2dSpec.of(1, 0)));
      }
    }
  }

  @Test
  void anEmptyBatchGivesEmptyOutputsAndZeroFilterGradients() {
    Tensor x = Tensor.zeros(F64, 0, 2, 5, 5);
    Tensor filters = new Generator(1).uniform(F64, -1, 1, 3, 2, 3, 3);
    assertEquals(Shape.of(0, 3, 3, 3), x.conv2d(filters, 1, 0).shape());
    Tensor dw = x.conv2dWeightGrad(Tensor.zeros(F64, 0, 3, 3, 3), 3, 3, Conv2dSpec.DEFAULT);
    assertEquals(Tensor.zeros(F64, 3, 2, 3, 3), dw);
    Tensor dx = Tensor.zeros(F64, 0, 3, 3, 3).conv2dInputGrad(filters, new int[] {0, 2, 5, 5}, Conv2dSpec.DEFAULT);
    assertEquals(Shape.of(0, 2, 5, 5), dx.shape());
  }

  @Test
  void badShapesAreNamed() {
    Tensor x = Tensor.zeros(F64, 2, 3, 8, 8);
    IllegalArgumentException filters =
        assertThrows(
            IllegalArgumentException.class, () -> x.conv2d(Tensor.zeros(F64, 4, 2, 3, 3), 1, 0));
    assertEquals(
        "conv2d: expects images (N, 2, H, W) for filters (4, 2, 3, 3), got (2, 3, 8, 8)",
        filters.getMessage());
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () -> x.conv2d(Tensor.zeros(DType.FLOAT32, 4, 3, 3, 3), 1, 0));
    assertEquals(
        "conv2d: operands are float64 and float32; convert one with to(float64)",
        type.getMessage());
    IllegalArgumentException dy =
        assertThrows(
            IllegalArgumentException.class,
            () -> x.conv2dWeightGrad(Tensor.zeros(F64, 2, 4, 5, 5), 3, 3, Conv2dSpec.DEFAULT));
    assertEquals(
        "conv2dWeightGrad: the output's gradient (2, 4, 5, 5) does not fit images [2, 3, 8, 8]"
            + " with 4 filters of 3x3 and stride (1, 1), padding (0, 0), dilation (1, 1), groups 1;"
            + " expected (2, 4, 6, 6)",
        dy.getMessage());
  }
}
