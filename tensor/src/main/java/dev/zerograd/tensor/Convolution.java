package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The front of 2-D convolution ({@link Tensor#conv2d} and its two gradients): checks the shapes,
 * pads the images, and hands dense views to the backend's kernels, which compute one image at a
 * time without the batch's columns ({@code docs/architecture.md}).
 */
final class Convolution {
  private Convolution() {}

  private static void checkImages(String op, String what, Tensor t) {
    checkArgument(t.rank() == 4, "%s: expects %s (N, C, H, W), got shape %s", op, what, t.shape());
  }

  private static void checkTypes(String op, Tensor a, Tensor b) {
    checkArgument(
        a.dtype() == b.dtype(),
        "%s: operands are %s and %s; convert one with to(%s)",
        op,
        a.dtype(),
        b.dtype(),
        a.dtype());
  }

  /**
   * Checks that one image's windows, the {@code (C kh kw, OH OW)} buffer the kernels fill per
   * image, fit in one array, before anything is allocated.
   */
  private static void checkColumns(String op, int c, int kh, int kw, int oh, int ow) {
    long rows = (long) c * kh * kw;
    long elements = rows * oh * ow;
    checkArgument(
        elements <= Shape.MAX_SIZE,
        "%s: one image's windows (C kh kw = %s rows by OH OW = %s columns) would need %s elements,"
            + " more than an array's %s; use smaller images, a larger stride or fewer channels",
        op,
        rows,
        (long) oh * ow,
        elements,
        Shape.MAX_SIZE);
  }

  private static Tensor padded(Tensor x, int pad) {
    return pad == 0 ? x : x.pad(new int[] {0, 0, pad, pad}, new int[] {0, 0, pad, pad}, 0);
  }

  static Tensor conv2d(Tensor x, Tensor w, int stride, int pad) {
    String op = "conv2d";
    checkImages(op, "images", x);
    checkArgument(
        w.rank() == 4 && w.dim(1) == x.dim(1),
        "conv2d: filters %s do not fit images %s; need (out, %s, kh, kw)",
        w.shape(),
        x.shape(),
        x.dim(1));
    checkTypes(op, x, w);
    int oh = Windows.outSize(op, x.dim(2), w.dim(2), stride, pad);
    int ow = Windows.outSize(op, x.dim(3), w.dim(3), stride, pad);
    checkColumns(op, x.dim(1), w.dim(2), w.dim(3), oh, ow);
    Tensor xp = padded(x, pad);
    Tensor wc = w.contiguous();
    Tensor out = x.fresh(Shape.of(x.dim(0), w.dim(0), oh, ow), x.dtype());
    x.kernels()
        .conv2d(
            out.view(),
            xp.view(),
            Tensor.sameBackendView(op, out, wc),
            w.dim(2),
            w.dim(3),
            stride);
    return out;
  }

  /** Checks dy against the output a convolution of {@code imageDims} would have. */
  private static void checkOutput(
      String op, Tensor dy, int[] imageDims, int out, int kh, int kw, int stride, int pad) {
    checkImages(op, "the output's gradient", dy);
    int oh = Windows.outSize(op, imageDims[2], kh, stride, pad);
    int ow = Windows.outSize(op, imageDims[3], kw, stride, pad);
    checkColumns(op, imageDims[1], kh, kw, oh, ow);
    Shape expected = Shape.of(imageDims[0], out, oh, ow);
    checkArgument(
        dy.shape().equals(expected),
        "%s: the output's gradient %s does not fit images %s with %s filters of %sx%s, stride %s"
            + " and pad %s; expected %s",
        op,
        dy.shape(),
        Arrays.toString(imageDims),
        out,
        kh,
        kw,
        stride,
        pad,
        expected);
  }

  static Tensor weightGrad(Tensor x, Tensor dy, int kh, int kw, int stride, int pad) {
    String op = "conv2dWeightGrad";
    checkImages(op, "images", x);
    checkArgument(
        kh >= 1 && kw >= 1, "%s: the window %sx%s must be at least 1x1", op, kh, kw);
    checkOutput(op, dy, x.shape().toArray(), dy.rank() == 4 ? dy.dim(1) : 0, kh, kw, stride, pad);
    checkTypes(op, x, dy);
    Tensor out = x.fresh(Shape.of(dy.dim(1), x.dim(1), kh, kw), x.dtype());
    x.kernels()
        .conv2dWeightGrad(
            out.view(),
            padded(x, pad).view(),
            Tensor.sameBackendView(op, out, dy.contiguous()),
            kh,
            kw,
            stride);
    return out;
  }

  static Tensor inputGrad(Tensor dy, Tensor w, int[] imageDims, int stride, int pad) {
    String op = "conv2dInputGrad";
    checkArgument(
        imageDims.length == 4 && Arrays.stream(imageDims).allMatch(d -> d >= 0),
        "%s: image dims %s must be (N, C, H, W), none negative",
        op,
        Arrays.toString(imageDims));
    checkArgument(
        w.rank() == 4 && w.dim(1) == imageDims[1],
        "%s: filters %s do not fit images %s; need (out, %s, kh, kw)",
        op,
        w.shape(),
        Arrays.toString(imageDims),
        imageDims[1]);
    checkOutput(op, dy, imageDims, w.dim(0), w.dim(2), w.dim(3), stride, pad);
    checkTypes(op, dy, w);
    Tensor dx =
        dy.fresh(
            Shape.of(imageDims[0], imageDims[1], imageDims[2] + 2 * pad, imageDims[3] + 2 * pad),
            dy.dtype());
    dy.kernels()
        .conv2dInputGrad(
            dx.view(),
            Tensor.sameBackendView(op, dx, w.contiguous()),
            Tensor.sameBackendView(op, dx, dy.contiguous()),
            w.dim(2),
            w.dim(3),
            stride);
    if (pad == 0) {
      return dx;
    }
    return dx.slice(2, pad, pad + imageDims[2]).slice(3, pad, pad + imageDims[3]).contiguous();
  }
}
