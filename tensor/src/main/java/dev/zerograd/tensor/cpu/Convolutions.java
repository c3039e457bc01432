package dev.zerograd.tensor.cpu;

import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.spi.BinaryOp;
import dev.zerograd.tensor.spi.View;

/**
 * 2-D convolution one image at a time: the image's windows are laid out as columns in a buffer
 * of the thread's own (im2col, {@code (C kh kw, OH OW)}: tens of kilobytes, which stay in the
 * core's cache) and multiplied with the filters by BLAS, so the columns of the whole batch (5.8
 * MB for the textbook's ConvNet, 4 times its input) are never written to memory nor read back.
 * Images are split across the cores; the weight gradient sums a fixed number of partial sums in
 * a fixed order, so every result is the same whatever the number of threads.
 *
 * <p>The image {@code x} arrives padded (the front pads it), so windows never leave it. Each
 * channel group is its own product of the group's filters with the group's windows.
 */
final class Convolutions {
  /**
   * The weight gradient is summed over the batch in this many partial sums (chunks of images),
   * added in order at the end: enough for the cores of the machines measured, and fixed so that
   * the rounding does not depend on how many threads ran.
   */
  static final int WEIGHT_CHUNKS = 4;

  private Convolutions() {}

  /**
   * The geometry of one call: {@code c} input channels and {@code og} output channels per group,
   * {@code o} output channels in all.
   */
  private record Geometry(
      int n,
      int c,
      int o,
      int groups,
      int kh,
      int kw,
      int oh,
      int ow,
      int sh,
      int sw,
      int dh,
      int dw) {
    int og() {
      return o / groups;
    }

    int k() {
      return c * kh * kw;
    }

    int p() {
      return oh * ow;
    }

    /** Multiply-adds of the whole batch's products. */
    long work() {
      return (long) n * o * k() * p();
    }

    /** How many parts the images are split into. */
    int parts(int items) {
      return CpuBlas.splits()
          ? (int) Math.min(Math.min(Parallel.parts(), items), work() / Products.MIN_PART_WORK)
          : 1;
    }
  }

  /** The geometry of images {@code x}, filters {@code w (O, C / groups, kh, kw)}, output dy. */
  private static Geometry shape(View x, View w, View dy, Conv2dSpec spec) {
    int[] xd = x.dims();
    int[] wd = w.dims();
    int[] yd = dy.dims();
    return new Geometry(
        xd[0],
        xd[1] / spec.groups(),
        yd[1],
        spec.groups(),
        wd[2],
        wd[3],
        yd[2],
        yd[3],
        spec.strideH(),
        spec.strideW(),
        spec.dilationH(),
        spec.dilationW());
  }

  /** See {@code Kernels.conv2d}. */
  static void conv2d(View out, View x, View w, Conv2dSpec spec) {
    Geometry s = shape(x, w, out, spec);
    View filters = matrix(w, s.o(), s.k());
    Parallel.runRanges(
        s.n(),
        s.parts(s.n()),
        (from, to) -> {
          View cols = Views.fresh(x.dtype(), new int[] {s.k(), s.p()});
          for (int i = from; i < to; i++) {
            for (int g = 0; g < s.groups(); g++) {
              unfold(cols, x, i, g, s);
              Products.gemm1(
                  rows(filters, g * s.og(), s.og()),
                  cols,
                  rows(image(out, i, s.o(), s.p()), g * s.og(), s.og()),
                  1,
                  0);
            }
          }
        });
  }

  /** See {@code Kernels.conv2dWeightGrad}. */
  static void conv2dWeightGrad(View dw, View x, View dy, Conv2dSpec spec) {
    Geometry s = shape(x, dw, dy, spec);
    int chunks = Math.max(1, Math.min(WEIGHT_CHUNKS, s.n()));
    View target = matrix(dw, s.o(), s.k());
    View[] partial = new View[chunks];
    partial[0] = target;
    for (int c = 1; c < chunks; c++) {
      partial[c] = Views.fresh(dw.dtype(), new int[] {s.o(), s.k()});
    }
    Parallel.runRanges(
        chunks,
        s.parts(chunks),
        (from, to) -> {
          View cols = Views.fresh(x.dtype(), new int[] {s.k(), s.p()});
          View colsT = transpose(cols);
          for (int c = from; c < to; c++) {
            int first = (int) ((long) s.n() * c / chunks);
            int last = (int) ((long) s.n() * (c + 1) / chunks);
            for (int i = first; i < last; i++) {
              for (int g = 0; g < s.groups(); g++) {
                unfold(cols, x, i, g, s);
                Products.gemm1(
                    rows(image(dy, i, s.o(), s.p()), g * s.og(), s.og()),
                    colsT,
                    rows(partial[c], g * s.og(), s.og()),
                    1,
                    1);
              }
            }
          }
        });
    for (int c = 1; c < chunks; c++) {
      Elementwise.binary(BinaryOp.ADD, target, target, partial[c]);
    }
  }

  /** See {@code Kernels.conv2dInputGrad}. */
  static void conv2dInputGrad(View dx, View w, View dy, Conv2dSpec spec) {
    Geometry s = shape(dx, w, dy, spec);
    View filters = matrix(w, s.o(), s.k());
    Parallel.runRanges(
        s.n(),
        s.parts(s.n()),
        (from, to) -> {
          View cols = Views.fresh(dx.dtype(), new int[] {s.k(), s.p()});
          for (int i = from; i < to; i++) {
            for (int g = 0; g < s.groups(); g++) {
              Products.gemm1(
                  transpose(rows(filters, g * s.og(), s.og())),
                  rows(image(dy, i, s.o(), s.p()), g * s.og(), s.og()),
                  cols,
                  1,
                  0);
              fold(dx, cols, i, g, s);
            }
          }
        });
  }

  /** Copies the windows of image {@code i}'s channel group {@code g} into {@code cols (C kh kw, OH OW)}. */
  private static void unfold(View cols, View x, int i, int g, Geometry s) {
    int[] st = x.strides();
    View windows =
        new View(
            x.storage(),
            new int[] {s.c(), s.kh(), s.kw(), s.oh(), s.ow()},
            new int[] {st[1], st[2] * s.dh(), st[3] * s.dw(), st[2] * s.sh(), st[3] * s.sw()},
            x.offset() + i * st[0] + g * s.c() * st[1]);
    Elementwise.assign(asWindows(cols, s), windows);
  }

  /**
   * Adds {@code cols (C kh kw, OH OW)} into channel group {@code g} of image {@code i} of {@code
   * dx}: one add per offset {@code (u, v)} in the window, each into positions that do not overlap
   * (windows may).
   */
  private static void fold(View dx, View cols, int i, int g, Geometry s) {
    int[] st = dx.strides();
    View blocks = asWindows(cols, s);
    int[] bs = blocks.strides();
    for (int u = 0; u < s.kh(); u++) {
      for (int v = 0; v < s.kw(); v++) {
        View target =
            new View(
                dx.storage(),
                new int[] {s.c(), s.oh(), s.ow()},
                new int[] {st[1], st[2] * s.sh(), st[3] * s.sw()},
                dx.offset()
                    + i * st[0]
                    + g * s.c() * st[1]
                    + u * s.dh() * st[2]
                    + v * s.dw() * st[3]);
        View block =
            new View(
                cols.storage(),
                new int[] {s.c(), s.oh(), s.ow()},
                new int[] {bs[0], bs[3], bs[4]},
                cols.offset() + u * bs[1] + v * bs[2]);
        Elementwise.binary(BinaryOp.ADD, target, target, block);
      }
    }
  }

  /** Rows {@code [from, from + count)} of a matrix view, as a view. */
  private static View rows(View m, int from, int count) {
    int[] st = m.strides();
    return new View(
        m.storage(), new int[] {count, m.dims()[1]}, st, m.offset() + from * st[0]);
  }

  /** The dense buffer {@code (C kh kw, OH OW)} seen as {@code (C, kh, kw, OH, OW)}. */
  private static View asWindows(View cols, Geometry s) {
    int[] dims = {s.c(), s.kh(), s.kw(), s.oh(), s.ow()};
    return new View(cols.storage(), dims, View.denseStrides(dims), cols.offset());
  }

  /** Image {@code i} of a dense {@code (N, rows, H, W)} view as a matrix {@code (rows, H W)}. */
  private static View image(View v, int i, int rows, int cols) {
    return new View(
        v.storage(), new int[] {rows, cols}, new int[] {cols, 1}, v.offset() + i * rows * cols);
  }

  /** A dense view of {@code rows x cols} elements as that matrix. */
  private static View matrix(View v, int rows, int cols) {
    return new View(v.storage(), new int[] {rows, cols}, new int[] {cols, 1}, v.offset());
  }

  /** The transpose of a matrix view, as a view. */
  private static View transpose(View m) {
    return new View(
        m.storage(),
        new int[] {m.dims()[1], m.dims()[0]},
        new int[] {m.strides()[1], m.strides()[0]},
        m.offset());
  }
}
