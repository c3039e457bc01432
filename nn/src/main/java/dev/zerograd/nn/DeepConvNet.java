package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;

/**
 * The textbook's chapter-8 network ({@code deep_convnet.py}), which reaches 99.38 % on MNIST in the
 * book: six 3x3 convolutions, each followed by ReLU, with max pooling after every second one, then
 * two affine layers with dropout:
 *
 * <pre>
 * conv1 3x3 16 (pad 1) - relu1 - conv2 3x3 16 (pad 1) - relu2 - pool1 2x2
 * conv3 3x3 32 (pad 1) - relu3 - conv4 3x3 32 (pad 2) - relu4 - pool2 2x2
 * conv5 3x3 64 (pad 1) - relu5 - conv6 3x3 64 (pad 1) - relu6 - pool3 2x2
 * affine1 1024 -> 50 - relu7 - dropout1 0.5 - affine2 50 -> 10 - dropout2 0.5
 * </pre>
 *
 * <p>He initialisation (the book's {@code sqrt(2 / fan-in)}), biases zero, and the book's dropout
 * ({@link Dropout#textbook}: masks without scaling in training, {@code x / 2} in evaluation), as
 * the book's network.
 * Input {@code (N, 1, 28, 28)} images, or rows {@code (N, 784)} (reshaped first); output scores
 * {@code (N, 10)}. The book trains it with Adam (lr 0.001), batches of 100, 20 epochs; {@code
 * train-deepconvnet} does.
 */
public final class DeepConvNet extends Module {
  private final Sequential layers;

  /**
   * The book's network for MNIST.
   *
   * @param dtype the element type
   * @param seed the seed of the weights and of the dropout masks
   */
  public DeepConvNet(DType dtype, long seed) {
    Generator g = new Generator(seed);
    Initializer he = Init.he();
    layers =
        registerModule(
            "layers",
            new Sequential()
                .add("conv1", new Conv2d(1, 16, 3, 1, 1, he, dtype, g))
                .add("relu1", new Relu())
                .add("conv2", new Conv2d(16, 16, 3, 1, 1, he, dtype, g))
                .add("relu2", new Relu())
                .add("pool1", new MaxPool2d(2, 2))
                .add("conv3", new Conv2d(16, 32, 3, 1, 1, he, dtype, g))
                .add("relu3", new Relu())
                .add("conv4", new Conv2d(32, 32, 3, 1, 2, he, dtype, g))
                .add("relu4", new Relu())
                .add("pool2", new MaxPool2d(2, 2))
                .add("conv5", new Conv2d(32, 64, 3, 1, 1, he, dtype, g))
                .add("relu5", new Relu())
                .add("conv6", new Conv2d(64, 64, 3, 1, 1, he, dtype, g))
                .add("relu6", new Relu())
                .add("pool3", new MaxPool2d(2, 2))
                .add("flatten", new Flatten())
                .add("affine1", new Affine(64 * 4 * 4, 50, he, dtype, g))
                .add("relu7", new Relu())
                .add("dropout1", Dropout.textbook(0.5, seed + 1))
                .add("affine2", new Affine(50, 10, he, dtype, g))
                .add("dropout2", Dropout.textbook(0.5, seed + 2)));
  }

  @Override
  public Variable forward(Variable x) {
    Variable images = x.rank() == 2 ? x.reshape(x.dim(0), 1, 28, 28) : x;
    return layers.forward(images);
  }
}
