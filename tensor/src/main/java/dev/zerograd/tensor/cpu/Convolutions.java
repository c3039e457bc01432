package dev.zerograd.tensor.cpu;

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
 * <p>The image {@code x} arrives padded (the front pads it), so windows never leave it.
 */
final class Convolutions {
  /**
   * The weight gradient is summed over the batch in this many partial sums (chunks of images),
   * added in order at the end: enough for the cores of the machines measured, and fixed so that
   * the rounding does not depend on how many threads ran.
   */
  static final int WEIGHT_CHUNKS = 4;

  private Convolutions() {}

  /** The geometry of one call. */
  private record Geometry(int n, int c, int o, int kh, int kw, int oh, int ow, int stride) {
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

  private static Geometry shape(View x, View dy, int kh, int kw, int stride) {
    int[] xd = x.dims();
    int[] yd = dy.dims();
    return new Geometry(xd[0], xd[1], yd[1], kh, kw, yd[2], yd[3], stride);
  }

  /** See {@code Kernels.conv2d}. */
  static void conv2d(View out, View x, View w, int kh, int kw, int stride) {
    Geometry s = shape(x, out, kh, kw, stride);
    View filters = matrix(w, s.o(), s.k());
    Parallel.runRanges(
        s.n(),
        s.parts(s.n()),
        (from, to) -> {
          View cols = Views.fresh(x.dtype(), new int[] {s.k(), s.p()});
          for (int i = from; i < to; i++) {
            unfold(cols, x, i, s);
            Products.gemm1(filters, cols, image(out, i, s.o(), s.p()), 1, 0);
          }
        });
  }

  /** See {@code Kernels.conv2dWeightGrad}. */
  static void conv2dWeightGrad(View dw, View x, View dy, int kh, int kw, int stride) {
    Geometry s = shape(x, dy, kh, kw, stride);
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
              unfold(cols, x, i, s);
              Products.gemm1(image(dy, i, s.o(), s.p()), colsT, partial[c], 1, 1);
            }
          }
        });
    for (int c = 1; c < chunks; c++) {
      Elementwise.binary(BinaryOp.ADD, target, target, partial[c]);
    }
  }

  /** See {@code Kernels.conv2dInputGrad}. */
  static void conv2dInputGrad(View dx, View w, View dy, int kh, int kw, int stride) {
    Geometry s = shape(dx, dy, kh, kw, stride);
    View filtersT = transpose(matrix(w, s.o(), s.k()));
    Parallel.runRanges(
        s.n(),
        s.parts(s.n()),
        (from, to) -> {
          View cols = Views.fresh(dx.dtype(), new int[] {s.k(), s.p()});
          for (int i = from; i < to; i++) {
            Products.gemm1(filtersT, image(dy, i, s.o(), s.p()), cols, 1, 0);
            fold(dx, cols, i, s);
          }
        });
  }

  /** Copies image {@code i}'s windows into {@code cols (C kh kw, OH OW)}. */
  private static void unfold(View cols, View x, int i, Geometry s) {
    int[] st = x.strides();
    View windows =
        new View(
            x.storage(),
            new int[] {s.c(), s.kh(), s.kw(), s.oh(), s.ow()},
            new int[] {st[1], st[2], st[3], st[2] * s.stride(), st[3] * s.stride()},
            x.offset() + i * st[0]);
    Elementwise.assign(asWindows(cols, s), windows);
  }

  /**
   * Adds {@code cols (C kh kw, OH OW)} into image {@code i} of {@code dx}: one add per offset
   * {@code (u, v)} in the window, each into positions that do not overlap (windows may).
   */
  private static void fold(View dx, View cols, int i, Geometry s) {
    int[] st = dx.strides();
    View blocks = asWindows(cols, s);
    int[] bs = blocks.strides();
    for (int u = 0; u < s.kh(); u++) {
      for (int v = 0; v < s.kw(); v++) {
        View target =
            new View(
                dx.storage(),
                new int[] {s.c(), s.oh(), s.ow()},
                new int[] {st[1], st[2] * s.stride(), st[3] * s.stride()},
                dx.offset() + i * st[0] + u * st[2] + v * st[3]);
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
