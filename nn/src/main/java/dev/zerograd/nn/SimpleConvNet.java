package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;

/**
 * The textbook's chapter-7 network: convolution (30 filters 5x5, stride 1, pad 0) - ReLU - max
 * pooling 2x2 stride 2 - Affine 100 - ReLU - Affine 10, trained with softmax cross-entropy.
 * Weights from {@code N(0, weightInitStd^2)} (the book's 0.01), biases zero.
 *
 * <p>Input {@code (N, 1, 28, 28)} images, or rows {@code (N, 784)} as MNIST stores them (reshaped
 * to images first); output scores {@code (N, 10)}. Layers: {@code conv1}, {@code pool1}, {@code
 * relu1}, {@code flatten}, {@code affine1}, {@code relu2}, {@code affine2}. Two reorderings compute
 * the book's conv - ReLU - pool exactly, on a quarter of the elements: the convolution's bias is
 * added after the pooling (a channel's bias moves every element of its windows alike, so {@code
 * max(y + b) = max(y) + b}, also in floating point, where adding {@code b} is monotonic), and ReLU
 * comes after the pooling ({@code max(relu(y)) = relu(max(y))}).
 */
public final class SimpleConvNet extends Module {
  private final Sequential layers;
  private final Conv2d conv1;
  private final MaxPool2d pool1;
  private final Module relu1;
  private final Module flatten;
  private final Module affine1;
  private final Module relu2;
  private final Module affine2;
  private final int channels;
  private final int height;
  private final int width;

  /**
   * The book's network for MNIST: 1x28x28 images, 30 filters, 100 hidden units, 10 classes.
   *
   * @param dtype the element type
   * @param seed the seed of the random generator
   */
  public SimpleConvNet(DType dtype, long seed) {
    this(1, 28, 28, 30, 5, 100, 10, 0.01, dtype, seed);
  }

  /**
   * The network for images {@code (channels, height, width)}.
   *
   * @param channels the number of channels
   * @param height the height
   * @param width the width
   * @param filters the number of filters
   * @param filterSize the side of each square filter
   * @param hidden the hidden units of the first affine layer
   * @param classes the number of classes (outputs)
   * @param weightInitStd the standard deviation of the initial weights
   * @param dtype the element type
   * @param seed the seed of the random generator
   * @throws IllegalArgumentException when a size is not positive or the filter does not fit
   */
  public SimpleConvNet(
      int channels,
      int height,
      int width,
      int filters,
      int filterSize,
      int hidden,
      int classes,
      double weightInitStd,
      DType dtype,
      long seed) {
    checkArgument(
        channels > 0 && height >= filterSize && width >= filterSize && filters > 0 && hidden > 0
            && classes > 0,
        "SimpleConvNet: images %sx%sx%s, %s filters of %s, %s hidden and %s classes do not fit",
        channels,
        height,
        width,
        filters,
        filterSize,
        hidden,
        classes);
    this.channels = channels;
    this.height = height;
    this.width = width;
    Generator g = new Generator(seed);
    Initializer init = Init.normal(weightInitStd);
    int convH = height - filterSize + 1;
    int convW = width - filterSize + 1;
    int pooled = filters * (convH / 2) * (convW / 2);
    conv1 = new Conv2d(channels, filters, filterSize, 1, 0, init, dtype, g);
    pool1 = new MaxPool2d(2, 2);
    relu1 = new Relu();
    flatten = new Flatten();
    affine1 = new Affine(pooled, hidden, init, dtype, g);
    relu2 = new Relu();
    affine2 = new Affine(hidden, classes, init, dtype, g);
    layers =
        registerModule(
            "layers",
            new Sequential()
                .add("conv1", conv1)
                .add("pool1", pool1)
                .add("relu1", relu1)
                .add("flatten", flatten)
                .add("affine1", affine1)
                .add("relu2", relu2)
                .add("affine2", affine2));
  }

  @Override
  public Variable forward(Variable x) {
    int n = x.dim(0);
    Variable images =
        x.rank() == 2 ? x.reshape(n, channels, height, width) : x;
    // The layers in order, with conv1's bias added after pool1 and ReLU after the pooling: the
    // same values as conv - bias - ReLU - pool, and the bias add, its gradient and ReLU run on a
    // quarter of the elements. (The gradient reaches the same window maximum, except between
    // two values that differ only below the bias's rounding, where it picks the larger.)
    Variable y = pool1.forward(Conv2d.conv(images, conv1.weight(), null, 1, 0));
    y = y.add(conv1.bias().reshape(1, -1, 1, 1));
    return affine2.forward(relu2.forward(affine1.forward(flatten.forward(relu1.forward(y)))));
  }

  /**
   * The images this net takes: channels, height and width (rows of their product are reshaped).
   *
   * @return {@code {channels, height, width}}
   */
  public int[] imageShape() {
    return new int[] {channels, height, width};
  }
}
