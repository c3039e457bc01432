package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import java.util.Locale;

/**
 * What a program needs of the data set, checked once it is loaded and before any training, so
 * that a wrong data set is one line about the data set rather than a reshape or slice error deep
 * inside the network.
 */
final class DataChecks {
  private DataChecks() {}

  /** MNIST's image side: the size the convolutional networks are built for. */
  static final int SIDE = 28;

  /**
   * Fails unless the training set has at least {@code rows} images.
   *
   * @param program the subcommand, for the message
   * @param what what the rows are for ("one batch of 100", "the first 3 images")
   */
  static void atLeast(String program, Mnist data, int rows, String what) {
    int n = data.train().size();
    if (n < rows) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s: the training set has %d image(s), fewer than %s; give a data set with at least"
                  + " %d training images",
              program, n, what, rows));
    }
  }

  /** Fails unless the images are MNIST's 28x28 (784 pixels), as the convolutional nets take. */
  static void mnistSized(String program, Mnist data, String network) {
    int pixels = data.train().images().dim(1);
    if (pixels != SIDE * SIDE) {
      int side = (int) Math.round(Math.sqrt(pixels));
      String shape = side * side == pixels ? side + "x" + side : pixels + " pixels";
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s: the images are %s, but %s takes MNIST's %dx%d; give a data set of %dx%d images",
              program, shape, network, SIDE, SIDE, SIDE, SIDE));
    }
  }
}
