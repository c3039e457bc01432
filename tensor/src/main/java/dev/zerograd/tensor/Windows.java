package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The textbook's {@code im2col} and {@code col2im}, built from views: the windows of a padded
 * image batch are one strided view, which a single copy lays out as the rows of a matrix; and
 * the way back adds each window offset's slice of that matrix into a strided view of the image.
 */
final class Windows {
  private Windows() {}

  /** Output size of a convolution along one axis. */
  static int outSize(String op, int size, int k, int stride, int pad) {
    checkArgument(
        k >= 1 && stride >= 1 && pad >= 0,
        "%s: window %s, stride %s and pad %s must be >= 1, >= 1 and >= 0",
        op,
        k,
        stride,
        pad);
    checkArgument(
        size + 2 * pad >= k,
        "%s: a window of %s does not fit an axis of %s padded by %s on each side; use a smaller"
            + " window or more padding",
        op,
        k,
        size,
        pad);
    return (size + 2 * pad - k) / stride + 1;
  }

  static Tensor im2col(Tensor x, int kh, int kw, int stride, int pad) {
    checkArgument(
        x.rank() == 4, "im2col: expects images (N, C, H, W), got shape %s", x.shape());
    int n = x.dim(0);
    int c = x.dim(1);
    int oh = outSize("im2col", x.dim(2), kh, stride, pad);
    int ow = outSize("im2col", x.dim(3), kw, stride, pad);
    Tensor p = pad == 0 ? x : x.pad(new int[] {0, 0, pad, pad}, new int[] {0, 0, pad, pad}, 0);
    int[] s = p.strides();
    // (N, OH, OW, C, KH, KW): row (n, oh, ow) of the result is the window at (oh, ow).
    Tensor windows =
        p.asStrided(
            new int[] {n, oh, ow, c, kh, kw},
            new int[] {s[0], s[2] * stride, s[3] * stride, s[1], s[2], s[3]},
            p.offset());
    return windows.copy().reshape(n * oh * ow, c * kh * kw);
  }

  static Tensor col2im(Tensor col, int[] imageDims, int kh, int kw, int stride, int pad) {
    if (imageDims.length != 4) {
      throw new IllegalArgumentException(
          String.format(
              "col2im: image dims %s must be (N, C, H, W)",
              Arrays.toString(imageDims)));
    }
    int n = imageDims[0];
    int c = imageDims[1];
    int h = imageDims[2];
    int w = imageDims[3];
    int oh = outSize("col2im", h, kh, stride, pad);
    int ow = outSize("col2im", w, kw, stride, pad);
    Shape expected = Shape.of(n * oh * ow, c * kh * kw);
    if (!col.shape().equals(expected)) {
      throw new IllegalArgumentException(
          String.format(
              "col2im: columns of shape %s do not come from images %s with a %sx%s window,"
                  + " stride %s and pad %s; expected %s",
              col.shape(),
              Arrays.toString(imageDims),
              kh,
              kw,
              stride,
              pad,
              expected));
    }
    // (N, OH, OW, C, KH, KW) -> (KH, KW, N, C, OH, OW): one (N, C, OH, OW) block per offset.
    Tensor blocks = col.reshape(n, oh, ow, c, kh, kw).transpose(4, 5, 0, 3, 1, 2);
    return addBlocks(blocks, imageDims, kh, kw, stride, pad, new Geometry(n, c, oh, ow), col);
  }

  /** The padded image batch and its window geometry, shared by the four window operations. */
  private record Geometry(int n, int c, int oh, int ow) {}

  private static Geometry geometry(String op, int[] dims, int kh, int kw, int stride, int pad) {
    return new Geometry(
        dims[0],
        dims[1],
        outSize(op, dims[2], kh, stride, pad),
        outSize(op, dims[3], kw, stride, pad));
  }

  /**
   * PyTorch's {@code unfold}: the windows of {@code (N, C, H, W)} as columns, {@code (N, C * kh *
   * kw, OH * OW)}; column {@code (oh, ow)} of image n is its window at (oh, ow). A convolution is
   * then one matrix product per image, {@code W (out, C kh kw) . cols}, whose result is already
   * {@code (N, out, OH * OW)}: no transpose, unlike {@link #im2col}'s rows.
   */
  static Tensor unfold2d(Tensor x, int kh, int kw, int stride, int pad) {
    checkArgument(
        x.rank() == 4, "unfold2d: expects images (N, C, H, W), got shape %s", x.shape());
    Geometry g = geometry("unfold2d", x.shape().toArray(), kh, kw, stride, pad);
    Tensor p = pad == 0 ? x : x.pad(new int[] {0, 0, pad, pad}, new int[] {0, 0, pad, pad}, 0);
    int[] s = p.strides();
    // (N, C, KH, KW, OH, OW): the last two axes run along the image rows, in dense runs.
    Tensor windows =
        p.asStrided(
            new int[] {g.n(), g.c(), kh, kw, g.oh(), g.ow()},
            new int[] {s[0], s[1], s[2], s[3], s[2] * stride, s[3] * stride},
            p.offset());
    return windows.copy().reshape(g.n(), g.c() * kh * kw, g.oh() * g.ow());
  }

  /**
   * PyTorch's {@code fold}, the adjoint of {@link #unfold2d}: adds every column of {@code (N, C *
   * kh * kw, OH * OW)} back into its window of an image batch of {@code imageDims}; overlapping
   * windows add up, padding is dropped.
   */
  static Tensor fold2d(Tensor cols, int[] imageDims, int kh, int kw, int stride, int pad) {
    if (imageDims.length != 4) {
      throw new IllegalArgumentException(
          String.format("fold2d: image dims %s must be (N, C, H, W)", Arrays.toString(imageDims)));
    }
    Geometry g = geometry("fold2d", imageDims, kh, kw, stride, pad);
    Shape expected = Shape.of(g.n(), g.c() * kh * kw, g.oh() * g.ow());
    if (!cols.shape().equals(expected)) {
      throw new IllegalArgumentException(
          String.format(
              "fold2d: columns of shape %s do not come from images %s with a %sx%s window,"
                  + " stride %s and pad %s; expected %s",
              cols.shape(),
              Arrays.toString(imageDims),
              kh,
              kw,
              stride,
              pad,
              expected));
    }
    Tensor blocks = cols.reshape(g.n(), g.c(), kh, kw, g.oh(), g.ow()).transpose(2, 3, 0, 1, 4, 5);
    return addBlocks(blocks, imageDims, kh, kw, stride, pad, g, cols);
  }

  /**
   * Adds block {@code (i, j)} of {@code blocks} {@code (KH, KW, N, C, OH, OW)} into the padded
   * image's positions {@code (i + stride oh, j + stride ow)}, and crops the padding.
   */
  private static Tensor addBlocks(
      Tensor blocks, int[] imageDims, int kh, int kw, int stride, int pad, Geometry g, Tensor like) {
    int h = imageDims[2];
    int w = imageDims[3];
    Shape padded = Shape.of(g.n(), g.c(), h + 2 * pad, w + 2 * pad);
    Tensor image = Tensor.empty(padded, like.dtype(), like.kernels());
    for (int i = 0; i < kh; i++) {
      for (int j = 0; j < kw; j++) {
        Tensor target =
            image
                .slice(2, i, i + stride * (g.oh() - 1) + 1, stride)
                .slice(3, j, j + stride * (g.ow() - 1) + 1, stride);
        target.addInPlace(blocks.select(0, i).select(0, j));
      }
    }
    return pad == 0 ? image : image.slice(2, pad, pad + h).slice(3, pad, pad + w).contiguous();
  }
}
