package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;

/**
 * A 2-D convolution over images in NCHW layout (the textbook's Convolution layer, PyTorch's
 * {@code Conv2d}): {@code y[n, o] = b[o] + sum over c, i, j of W[o, c, i, j] x[n, c, s oh + i - p,
 * s ow + j - p]}.
 *
 * <p>Parameters {@code W (out, in, kh, kw)} and {@code b (out,)}. Input {@code (N, in, H, W)},
 * output {@code (N, out, OH, OW)} with {@code OH = (H + 2 pad - kh) / stride + 1} (likewise OW).
 * Computed by {@link Variable#conv2d}: one image at a time, its windows laid out as columns in a
 * buffer that stays in cache and multiplied with the filters by BLAS (the textbook's im2col and
 * one matrix product, without the batch's columns in memory); its backward is made of
 * convolutions too, so the layer has derivatives of every order.
 */
public final class Conv2d extends Module {
  private final Variable w;
  private final Variable b;
  private final int stride;
  private final int pad;

  /**
   * A layer with fresh parameters: W from {@code init} (fans as for convolutions: fan-in {@code in
   * kh kw}), b zero.
   *
   * @param in the input channels
   * @param out the output channels (filters)
   * @param kernel the side of each square filter
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @param init the weight initialiser
   * @param dtype the element type
   * @param g the random generator
   * @throws IllegalArgumentException when a size or the stride is not positive or pad is negative
   */
  public Conv2d(
      int in,
      int out,
      int kernel,
      int stride,
      int pad,
      Initializer init,
      DType dtype,
      Generator g) {
    checkArgument(
        in > 0 && out > 0 && kernel > 0 && stride > 0 && pad >= 0,
        "Conv2d: channels %s -> %s, kernel %s, stride %s and pad %s must be positive (pad >= 0)",
        in,
        out,
        kernel,
        stride,
        pad);
    this.w =
        registerParameter(
            "W", Variable.parameter(init.initialize(Shape.of(out, in, kernel, kernel), dtype, g), "W"));
    this.b =
        registerParameter(
            "b", Variable.parameter(Init.zeros().initialize(Shape.of(out), dtype, g), "b"));
    this.stride = stride;
    this.pad = pad;
  }

  /**
   * The filters, {@code (out, in, kh, kw)}.
   *
   * @return the filters, {@code (out, in, kh, kw)}
   */
  public Variable weight() {
    return w;
  }

  /**
   * The bias, {@code (out,)}.
   *
   * @return the bias, {@code (out,)}
   */
  public Variable bias() {
    return b;
  }

  @Override
  public Variable forward(Variable x) {
    return conv(x, w, b, stride, pad);
  }

  /**
   * The convolution as a function (PyTorch's {@code conv2d}): images {@code x (N, in, H, W)},
   * filters {@code w (out, in, kh, kw)}, bias {@code b (out,)}; output {@code (N, out, OH, OW)}.
   *
   * @param x the input, shape (N, C, H, W)
   * @param w the filters, shape (out, C, kh, kw)
   * @param b the bias, shape (out), or null for none
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the convolution as a function (PyTorch's {@code conv2d}): images {@code x (N, in, H,
   *     W)}, filters {@code w (out, in, kh, kw)}, bias {@code b (out,)}; output {@code (N, out, OH,
   *     OW)}
   * @throws IllegalArgumentException when the shapes or types do not fit, naming them
   */
  public static Variable conv(Variable x, Variable w, Variable b, int stride, int pad) {
    int[] wd = w.shape().toArray();
    checkArgument(
        wd.length == 4 && (b == null || (b.rank() == 1 && b.dim(0) == wd[0])),
        "Conv2d: filters %s and bias %s do not fit; need W (out, in, kh, kw) and b (out,)",
        w.shape(),
        b == null ? "none" : b.shape());
    checkArgument(
        x.rank() == 4 && x.dim(1) == wd[1],
        "Conv2d: expects images (N, %s, H, W), got %s",
        wd[1],
        x.shape());
    checkArgument(
        x.dtype() == w.dtype(),
        "Conv2d: x is %s but W is %s; convert the input with x.to(%s)",
        x.dtype(),
        w.dtype(),
        w.dtype());
    Variable y = x.conv2d(w, stride, pad); // (N, out, OH, OW)
    return b == null ? y : y.add(b.reshape(1, wd[0], 1, 1));
  }

  /**
   * The step between windows.
   *
   * @return the step between windows
   */
  public int stride() {
    return stride;
  }

  /**
   * The zeros added on each side.
   *
   * @return the zeros added on each side
   */
  public int pad() {
    return pad;
  }
}
