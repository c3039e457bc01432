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

  private static Tensor padded(Tensor x, Conv2dSpec spec) {
    int ph = spec.padH();
    int pw = spec.padW();
    return ph == 0 && pw == 0 ? x : x.pad(new int[] {0, 0, ph, pw}, new int[] {0, 0, ph, pw}, 0);
  }

  /**
   * Checks filters {@code (out, C / groups, kh, kw)} against images of {@code channels} and the
   * spec's groups.
   */
  private static void checkFilters(String op, int[] wd, int[] imageDims, Conv2dSpec spec) {
    int groups = spec.groups();
    checkArgument(
        imageDims[1] % groups == 0,
        "%s: %s image channels cannot be split into %s groups; use a number of groups that"
            + " divides the channels",
        op,
        imageDims[1],
        groups);
    checkArgument(
        wd.length == 4, "%s: filters %s must be (out, C / groups, kh, kw)", op, Shape.of(wd));
    checkArgument(
        (long) wd[1] * groups == imageDims[1],
        "%s: expects images (N, %s, H, W) for filters %s%s, got %s",
        op,
        (long) wd[1] * groups,
        Shape.of(wd),
        groups == 1 ? "" : " in " + groups + " groups",
        Shape.of(imageDims));
    checkArgument(
        wd[0] % groups == 0,
        "%s: the %s filters of %s cannot be split into %s groups; use a number of filters"
            + " divisible by the groups",
        op,
        wd[0],
        Shape.of(wd),
        groups);
  }

  static Tensor conv2d(Tensor x, Tensor w, Conv2dSpec spec) {
    String op = "conv2d";
    checkImages(op, "images", x);
    checkFilters(op, w.shape().toArray(), x.shape().toArray(), spec);
    checkTypes(op, x, w);
    int oh = spec.outHeight(op, x.dim(2), w.dim(2));
    int ow = spec.outWidth(op, x.dim(3), w.dim(3));
    checkColumns(op, w.dim(1), w.dim(2), w.dim(3), oh, ow);
    Tensor xp = padded(x, spec);
    Tensor wc = w.contiguous();
    Tensor out = x.fresh(Shape.of(x.dim(0), w.dim(0), oh, ow), x.dtype());
    x.kernels().conv2d(out.view(), xp.view(), Tensor.sameBackendView(op, out, wc), spec);
    return out;
  }

  /** Checks dy against the output a convolution of {@code imageDims} would have. */
  private static void checkOutput(
      String op, Tensor dy, int[] imageDims, int out, int kh, int kw, Conv2dSpec spec) {
    checkImages(op, "the output's gradient", dy);
    int oh = spec.outHeight(op, imageDims[2], kh);
    int ow = spec.outWidth(op, imageDims[3], kw);
    checkColumns(op, imageDims[1] / spec.groups(), kh, kw, oh, ow);
    Shape expected = Shape.of(imageDims[0], out, oh, ow);
    checkArgument(
        dy.shape().equals(expected),
        "%s: the output's gradient %s does not fit images %s with %s filters of %sx%s and %s;"
            + " expected %s",
        op,
        dy.shape(),
        Arrays.toString(imageDims),
        out,
        kh,
        kw,
        spec,
        expected);
  }

  static Tensor weightGrad(Tensor x, Tensor dy, int kh, int kw, Conv2dSpec spec) {
    String op = "conv2dWeightGrad";
    checkImages(op, "images", x);
    checkArgument(
        kh >= 1 && kw >= 1, "%s: the window %sx%s must be at least 1x1", op, kh, kw);
    int out = dy.rank() == 4 ? dy.dim(1) : 0;
    int[] imageDims = x.shape().toArray();
    checkFilters(
        op, new int[] {out, x.dim(1) / spec.groups(), kh, kw}, imageDims, spec);
    checkOutput(op, dy, imageDims, out, kh, kw, spec);
    checkTypes(op, x, dy);
    Tensor dw = x.fresh(Shape.of(out, x.dim(1) / spec.groups(), kh, kw), x.dtype());
    x.kernels()
        .conv2dWeightGrad(
            dw.view(),
            padded(x, spec).view(),
            Tensor.sameBackendView(op, dw, dy.contiguous()),
            spec);
    return dw;
  }

  static Tensor inputGrad(Tensor dy, Tensor w, int[] imageDims, Conv2dSpec spec) {
    String op = "conv2dInputGrad";
    checkArgument(
        imageDims.length == 4 && Arrays.stream(imageDims).allMatch(d -> d >= 0),
        "%s: image dims %s must be (N, C, H, W), none negative",
        op,
        Arrays.toString(imageDims));
    checkFilters(op, w.shape().toArray(), imageDims, spec);
    checkOutput(op, dy, imageDims, w.dim(0), w.dim(2), w.dim(3), spec);
    checkTypes(op, dy, w);
    int ph = spec.padH();
    int pw = spec.padW();
    Tensor dx =
        dy.fresh(
            Shape.of(imageDims[0], imageDims[1], imageDims[2] + 2 * ph, imageDims[3] + 2 * pw),
            dy.dtype());
    dy.kernels()
        .conv2dInputGrad(
            dx.view(),
            Tensor.sameBackendView(op, dx, w.contiguous()),
            Tensor.sameBackendView(op, dx, dy.contiguous()),
            spec);
    if (ph == 0 && pw == 0) {
      return dx;
    }
    return dx.slice(2, ph, ph + imageDims[2]).slice(3, pw, pw + imageDims[3]).contiguous();
  }
}
