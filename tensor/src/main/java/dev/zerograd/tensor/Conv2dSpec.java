package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How a 2-D convolution visits its images, with PyTorch's {@code Conv2d} meanings, per axis
 * (height, width): the step between windows ({@code stride}), the zeros added before and after
 * each axis ({@code padding}, the same on both sides as in PyTorch), the spacing of a filter's
 * taps ({@code dilation}), and the number of channel groups ({@code groups}: input and output
 * channels are split into that many groups, each output group seeing only its input group).
 *
 * <p>Output size along an axis of size {@code H} with a kernel of {@code k}: {@code OH = (H + 2
 * padding - dilation (k - 1) - 1) / stride + 1}. Immutable; start from {@link #DEFAULT} (stride
 * 1, no padding, no dilation, one group) and change what differs:
 *
 * <pre>{@code
 * Conv2dSpec spec = Conv2dSpec.DEFAULT.withStride(2).withPadding(1, 2).withGroups(4);
 * }</pre>
 *
 * @param strideH the step between windows down the height, at least 1
 * @param strideW the step between windows along the width, at least 1
 * @param padH the rows of zeros added above and below, at least 0
 * @param padW the columns of zeros added left and right, at least 0
 * @param dilationH the spacing of a filter's rows, at least 1 (1: adjacent)
 * @param dilationW the spacing of a filter's columns, at least 1
 * @param groups the number of channel groups, at least 1; divides both channel counts
 */
public record Conv2dSpec(
    int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

  /** Stride 1, no padding, no dilation, one group. */
  public static final Conv2dSpec DEFAULT = new Conv2dSpec(1, 1, 0, 0, 1, 1, 1);

  /**
   * Checks every field.
   *
   * @param strideH the step between windows down the height
   * @param strideW the step between windows along the width
   * @param padH the rows of zeros added above and below
   * @param padW the columns of zeros added left and right
   * @param dilationH the spacing of a filter's rows
   * @param dilationW the spacing of a filter's columns
   * @param groups the number of channel groups
   * @throws IllegalArgumentException when a stride, dilation or the groups is below 1 or a
   *     padding is negative, naming it
   */
  public Conv2dSpec {
    checkArgument(
        strideH >= 1 && strideW >= 1,
        "Conv2dSpec: stride (%s, %s) must be at least 1 on both axes",
        strideH,
        strideW);
    checkArgument(
        padH >= 0 && padW >= 0,
        "Conv2dSpec: padding (%s, %s) must not be negative",
        padH,
        padW);
    checkArgument(
        dilationH >= 1 && dilationW >= 1,
        "Conv2dSpec: dilation (%s, %s) must be at least 1 on both axes (1: no dilation)",
        dilationH,
        dilationW);
    checkArgument(groups >= 1, "Conv2dSpec: groups %s must be at least 1", groups);
  }

  /**
   * The textbook's form: one stride and one padding for both axes, no dilation, one group.
   *
   * @param stride the step between windows on both axes
   * @param pad the zeros added on every side
   * @return that spec
   * @throws IllegalArgumentException when stride is below 1 or pad is negative
   */
  public static Conv2dSpec of(int stride, int pad) {
    return new Conv2dSpec(stride, stride, pad, pad, 1, 1, 1);
  }

  /**
   * This spec with the same stride on both axes.
   *
   * @param stride the step between windows, at least 1
   * @return this spec with that stride
   */
  public Conv2dSpec withStride(int stride) {
    return withStride(stride, stride);
  }

  /**
   * This spec with a stride per axis.
   *
   * @param h the step down the height, at least 1
   * @param w the step along the width, at least 1
   * @return this spec with that stride
   */
  public Conv2dSpec withStride(int h, int w) {
    return new Conv2dSpec(h, w, padH, padW, dilationH, dilationW, groups);
  }

  /**
   * This spec with the same padding on every side.
   *
   * @param pad the zeros added on every side, at least 0
   * @return this spec with that padding
   */
  public Conv2dSpec withPadding(int pad) {
    return withPadding(pad, pad);
  }

  /**
   * This spec with a padding per axis (the same before and after, as PyTorch's {@code
   * padding=(h, w)}).
   *
   * @param h the rows added above and below, at least 0
   * @param w the columns added left and right, at least 0
   * @return this spec with that padding
   */
  public Conv2dSpec withPadding(int h, int w) {
    return new Conv2dSpec(strideH, strideW, h, w, dilationH, dilationW, groups);
  }

  /**
   * This spec with the same dilation on both axes.
   *
   * @param dilation the spacing of a filter's taps, at least 1
   * @return this spec with that dilation
   */
  public Conv2dSpec withDilation(int dilation) {
    return withDilation(dilation, dilation);
  }

  /**
   * This spec with a dilation per axis.
   *
   * @param h the spacing of a filter's rows, at least 1
   * @param w the spacing of a filter's columns, at least 1
   * @return this spec with that dilation
   */
  public Conv2dSpec withDilation(int h, int w) {
    return new Conv2dSpec(strideH, strideW, padH, padW, h, w, groups);
  }

  /**
   * This spec with {@code groups} channel groups.
   *
   * @param groups the number of groups, at least 1
   * @return this spec with that many groups
   */
  public Conv2dSpec withGroups(int groups) {
    return new Conv2dSpec(strideH, strideW, padH, padW, dilationH, dilationW, groups);
  }

  /**
   * Whether this spec is the textbook's: equal strides, equal paddings, no dilation, one group.
   *
   * @return whether {@link #of} with {@code strideH} and {@code padH} gives this spec
   */
  public boolean isTextbook() {
    return strideH == strideW && padH == padW && dilationH == 1 && dilationW == 1 && groups == 1;
  }

  /**
   * The output height for images of height {@code h} and filters of height {@code kh}.
   *
   * @param op the op, for the message
   * @param h the images' height
   * @param kh the filters' height
   * @return {@code (h + 2 padH - dilationH (kh - 1) - 1) / strideH + 1}
   * @throws IllegalArgumentException when the dilated filter does not fit the padded image
   */
  int outHeight(String op, int h, int kh) {
    return outSize(op, "height", h, kh, strideH, padH, dilationH);
  }

  /**
   * The output width, as {@link #outHeight} for the width.
   *
   * @param op the op, for the message
   * @param w the images' width
   * @param kw the filters' width
   * @return the output width
   */
  int outWidth(String op, int w, int kw) {
    return outSize(op, "width", w, kw, strideW, padW, dilationW);
  }

  private static int outSize(
      String op, String axis, int size, int k, int stride, int pad, int dilation) {
    checkArgument(k >= 1, "%s: the filter's %s %s must be at least 1", op, axis, k);
    long span = (long) dilation * (k - 1) + 1;
    checkArgument(
        size + 2L * pad >= span,
        "%s: a filter spanning %s along the %s (kernel %s, dilation %s) does not fit images of"
            + " %s padded by %s on each side; use a smaller kernel or dilation, or more padding",
        op,
        span,
        axis,
        k,
        dilation,
        size,
        pad);
    return (int) ((size + 2L * pad - span) / stride + 1);
  }

  @Override
  public String toString() {
    return String.format(
        "stride (%d, %d), padding (%d, %d), dilation (%d, %d), groups %d",
        strideH, strideW, padH, padW, dilationH, dilationW, groups);
  }
}
