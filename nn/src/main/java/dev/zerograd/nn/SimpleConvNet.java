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
 * relu1}, {@code flatten}, {@code affine1}, {@code relu2}, {@code affine2}: ReLU after the pooling,
 * which computes the book's conv - ReLU - pool exactly, on a quarter of the elements.
 */
public final class SimpleConvNet extends Module {
  private final Sequential layers;
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
    layers =
        registerModule(
            "layers",
            new Sequential()
                .add("conv1", new Conv2d(channels, filters, filterSize, 1, 0, init, dtype, g))
                // Max-pooling and ReLU commute (max(relu(x)) = relu(max(x)), and the gradient
                // reaches the same element or is 0 either way), so pooling first runs ReLU and
                // its backward on a quarter of the conv output: the same values and gradients.
                .add("pool1", new MaxPool2d(2, 2))
                .add("relu1", new Relu())
                .add("flatten", new Flatten())
                .add("affine1", new Affine(pooled, hidden, init, dtype, g))
                .add("relu2", new Relu())
                .add("affine2", new Affine(hidden, classes, init, dtype, g)));
  }

  @Override
  public Variable forward(Variable x) {
    int n = x.shape().dim(0);
    Variable images =
        x.shape().rank() == 2 ? x.reshape(n, channels, height, width) : x;
    return layers.forward(images);
  }
}
