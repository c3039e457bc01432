package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;

/**
 * A 2-D convolution over images in NCHW layout (the textbook's Convolution layer, PyTorch's
 * {@code Conv2d}, with the same options and meanings): {@code y[n, o] = b[o] + sum over c, i, j
 * of W[o, c, i, j] x[n, g C' + c, sh oh + dh i - ph, sw ow + dw j - pw]}, {@code C' = in /
 * groups}.
 *
 * <p>Parameters {@code W (out, in / groups, kh, kw)} and {@code b (out,)} (none when built
 * without bias). Input {@code (N, in, H, W)}, output {@code (N, out, OH, OW)} with {@code OH = (H
 * + 2 ph - dh (kh - 1) - 1) / sh + 1} (likewise OW). {@code new Conv2d(1, 30, 5)} is PyTorch's
 * {@code nn.Conv2d(1, 30, 5)}: float32, stride 1, no padding, a bias, both drawn as PyTorch draws
 * them ({@link Init#pytorchDefault}) from {@link Init#defaultGenerator}. The {@link #builder}
 * sets the rest:
 *
 * <pre>{@code
 * Conv2d conv = Conv2d.builder(16, 32, 3).stride(2).padding(1).groups(4).bias(false).build();
 * }</pre>
 *
 * <p>Computed by {@link Variable#conv2d(Variable, Conv2dSpec)}: one image at a time, its windows
 * laid out as columns in a buffer that stays in cache and multiplied with the filters by BLAS,
 * one product per channel group; its backward is made of convolutions too, so the layer has
 * derivatives of every order.
 */
public final class Conv2d extends Module {
  private final Variable w;
  private final Variable b;
  private final Conv2dSpec spec;

  /**
   * PyTorch's {@code nn.Conv2d(in, out, kernel)}: float32, square filters, stride 1, no padding,
   * a bias, drawn by {@link Init#pytorchDefault} from {@link Init#defaultGenerator}.
   *
   * @param in the input channels
   * @param out the output channels (filters)
   * @param kernel the side of each square filter
   * @throws IllegalArgumentException when a size is not positive
   */
  public Conv2d(int in, int out, int kernel) {
    this(builder(in, out, kernel));
  }

  /**
   * The textbook's form: square filters, one stride and pad for both axes, W from {@code init},
   * b zero.
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
    this(
        builder(in, out, kernel)
            .stride(stride)
            .padding(pad)
            .weightInit(init)
            .biasInit(Init.zeros())
            .dtype(dtype)
            .generator(g));
  }

  private Conv2d(Builder o) {
    this.spec = o.spec;
    int perGroup = o.in / spec.groups();
    Fans fans = new Fans(perGroup * o.kh * o.kw, o.out * o.kh * o.kw);
    Generator g = o.generator == null ? Init.defaultGenerator() : o.generator;
    // The default generator is shared: one layer's draws are not interleaved with another's.
    synchronized (g) {
      this.w =
          parameter(
              "W",
              o.weightInit.initialize(Shape.of(o.out, perGroup, o.kh, o.kw), fans, o.dtype, g));
      this.b =
          o.bias ? parameter("b", o.biasInit.initialize(Shape.of(o.out), fans, o.dtype, g)) : null;
    }
  }

  /**
   * A builder for a layer from {@code in} to {@code out} channels with square filters of side
   * {@code kernel}; everything else as PyTorch's {@code nn.Conv2d} defaults.
   *
   * @param in the input channels
   * @param out the output channels (filters)
   * @param kernel the side of each square filter
   * @return a builder with PyTorch's defaults
   * @throws IllegalArgumentException when a size is not positive
   */
  public static Builder builder(int in, int out, int kernel) {
    return new Builder(in, out, kernel);
  }

  /**
   * Settings of a {@link Conv2d}, with PyTorch's names and defaults: stride 1, padding 0,
   * dilation 1, groups 1, bias on, float32, {@link Init#pytorchDefault} for W and b, {@link
   * Init#defaultGenerator}. Each setter checks its own values; {@link #build} checks that the
   * groups divide the channels.
   */
  public static final class Builder {
    private final int in;
    private final int out;
    private int kh;
    private int kw;
    private Conv2dSpec spec = Conv2dSpec.DEFAULT;
    private boolean bias = true;
    private Initializer weightInit = Init.pytorchDefault();
    private Initializer biasInit = Init.pytorchDefault();
    private DType dtype = DType.FLOAT32;
    private Generator generator;

    private Builder(int in, int out, int kernel) {
      checkArgument(
          in > 0 && out > 0 && kernel > 0,
          "Conv2d: channels %s -> %s and kernel %s must be positive",
          in,
          out,
          kernel);
      this.in = in;
      this.out = out;
      this.kh = kernel;
      this.kw = kernel;
    }

    /**
     * Rectangular filters.
     *
     * @param h the filters' height, at least 1
     * @param w the filters' width, at least 1
     * @return this builder
     */
    public Builder kernel(int h, int w) {
      checkArgument(h > 0 && w > 0, "Conv2d: kernel (%s, %s) must be positive", h, w);
      this.kh = h;
      this.kw = w;
      return this;
    }

    /**
     * The same stride on both axes (default 1).
     *
     * @param s the step between windows
     * @return this builder
     */
    public Builder stride(int s) {
      return stride(s, s);
    }

    /**
     * A stride per axis.
     *
     * @param h the step down the height
     * @param w the step along the width
     * @return this builder
     */
    public Builder stride(int h, int w) {
      spec = spec.withStride(h, w);
      return this;
    }

    /**
     * The same padding on every side (default 0).
     *
     * @param p the zeros added on every side
     * @return this builder
     */
    public Builder padding(int p) {
      return padding(p, p);
    }

    /**
     * A padding per axis, the same before and after (PyTorch's {@code padding=(h, w)}).
     *
     * @param h the rows added above and below
     * @param w the columns added left and right
     * @return this builder
     */
    public Builder padding(int h, int w) {
      spec = spec.withPadding(h, w);
      return this;
    }

    /**
     * The same dilation on both axes (default 1: adjacent taps).
     *
     * @param d the spacing of a filter's taps
     * @return this builder
     */
    public Builder dilation(int d) {
      return dilation(d, d);
    }

    /**
     * A dilation per axis.
     *
     * @param h the spacing of a filter's rows
     * @param w the spacing of a filter's columns
     * @return this builder
     */
    public Builder dilation(int h, int w) {
      spec = spec.withDilation(h, w);
      return this;
    }

    /**
     * Channel groups (default 1): each of {@code groups} output groups sees only its input group;
     * {@code groups == in} is a depthwise convolution.
     *
     * @param groups the number of groups; must divide both channel counts
     * @return this builder
     */
    public Builder groups(int groups) {
      spec = spec.withGroups(groups);
      return this;
    }

    /**
     * Whether the layer adds a learned bias (default true).
     *
     * @param on whether to add a bias
     * @return this builder
     */
    public Builder bias(boolean on) {
      this.bias = on;
      return this;
    }

    /**
     * The filters' initialiser (default {@link Init#pytorchDefault}), called with the fans
     * {@code (in / groups kh kw, out kh kw)}.
     *
     * @param init the initialiser
     * @return this builder
     */
    public Builder weightInit(Initializer init) {
      this.weightInit = checkNotNull(init, "Conv2d: the weight initialiser is null");
      return this;
    }

    /**
     * The bias's initialiser (default {@link Init#pytorchDefault}, with the filters' fans; the
     * textbook's is {@link Init#zeros}).
     *
     * @param init the initialiser
     * @return this builder
     */
    public Builder biasInit(Initializer init) {
      this.biasInit = checkNotNull(init, "Conv2d: the bias initialiser is null");
      return this;
    }

    /**
     * The parameters' element type (default float32).
     *
     * @param type the element type
     * @return this builder
     */
    public Builder dtype(DType type) {
      this.dtype = checkNotNull(type, "Conv2d: the dtype is null");
      return this;
    }

    /**
     * The generator the initial values are drawn from (default {@link Init#defaultGenerator}).
     *
     * @param g the generator
     * @return this builder
     */
    public Builder generator(Generator g) {
      this.generator = checkNotNull(g, "Conv2d: the generator is null");
      return this;
    }

    /**
     * The layer, with fresh parameters.
     *
     * @return the layer
     * @throws IllegalArgumentException when the groups do not divide both channel counts
     */
    public Conv2d build() {
      checkArgument(
          in % spec.groups() == 0 && out % spec.groups() == 0,
          "Conv2d: %s groups must divide both the %s input and the %s output channels",
          spec.groups(),
          in,
          out);
      return new Conv2d(this);
    }
  }

  /**
   * The filters, {@code (out, in / groups, kh, kw)}.
   *
   * @return the filters, {@code (out, in / groups, kh, kw)}
   */
  public Variable weight() {
    return w;
  }

  /**
   * The bias, {@code (out,)}, or null when built without one.
   *
   * @return the bias, {@code (out,)}, or null
   */
  public Variable bias() {
    return b;
  }

  /**
   * The strides, padding, dilation and groups.
   *
   * @return the strides, padding, dilation and groups
   */
  public Conv2dSpec spec() {
    return spec;
  }

  @Override
  public Variable forward(Variable x) {
    return conv(x, w, b, spec);
  }

  /**
   * The textbook's convolution as a function: {@link #conv(Variable, Variable, Variable,
   * Conv2dSpec)} with {@code Conv2dSpec.of(stride, pad)}.
   *
   * @param x the input, shape (N, C, H, W)
   * @param w the filters, shape (out, C, kh, kw)
   * @param b the bias, shape (out), or null for none
   * @param stride the step between neighbouring windows
   * @param pad the rows and columns of zeros added on every side
   * @return the convolution, shape (N, out, OH, OW)
   * @throws IllegalArgumentException when the shapes or types do not fit, naming them
   */
  public static Variable conv(Variable x, Variable w, Variable b, int stride, int pad) {
    return conv(x, w, b, Conv2dSpec.of(stride, pad));
  }

  /**
   * The convolution as a function (PyTorch's {@code conv2d}): images {@code x (N, in, H, W)},
   * filters {@code w (out, in / groups, kh, kw)}, bias {@code b (out,)}; output {@code (N, out,
   * OH, OW)}. The images and filters are checked by {@link Variable#conv2d(Variable,
   * Conv2dSpec)}, the bias here.
   *
   * @param x the input, shape (N, C, H, W)
   * @param w the filters, shape (out, C / groups, kh, kw)
   * @param b the bias, shape (out), or null for none
   * @param spec the strides, padding, dilation and groups
   * @return the convolution, shape (N, out, OH, OW)
   * @throws IllegalArgumentException when the shapes or types do not fit, naming them
   */
  public static Variable conv(Variable x, Variable w, Variable b, Conv2dSpec spec) {
    checkArgument(
        b == null || (w.rank() == 4 && b.rank() == 1 && b.dim(0) == w.dim(0)),
        "conv2d: bias %s does not fit filters %s; need b (out,)",
        b == null ? "none" : b.shape(),
        w.shape());
    Variable y = x.conv2d(w, spec); // (N, out, OH, OW)
    return b == null ? y : y.add(b.reshape(1, -1, 1, 1));
  }

  /**
   * The step between windows down the height (the textbook's single stride).
   *
   * @return the step between windows
   */
  public int stride() {
    return spec.strideH();
  }

  /**
   * The zeros added above and below (the textbook's single pad).
   *
   * @return the zeros added on each side
   */
  public int pad() {
    return spec.padH();
  }
}
