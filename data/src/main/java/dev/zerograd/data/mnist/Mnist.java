package dev.zerograd.data.mnist;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.data.Batch;
import dev.zerograd.data.DataLoader;
import dev.zerograd.data.Dataset;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MNIST dataset, or any dataset in its idx format (Fashion-MNIST): images as float32 rows of
 * pixels scaled to [0, 1], labels as classes 0-9. Pixels stay float32 whatever the training type
 * (converted per batch when training in
 * float64), which keeps the dataset at 220 MB.
 */
public final class Mnist {
  /** The four file names, without {@code .gz}. */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");

  private final Split train;
  private final Split test;

  /** Images and labels of one part of the dataset; a {@link Dataset} for {@link DataLoader}. */
  public static final class Split implements Dataset {
    private final Tensor images;
    private final int[] labels;

    /**
     * @param images {@code (N, pixels)}
     * @param labels N classes
     */
    public Split(Tensor images, int[] labels) {
      checkArgument(
          images.rank() == 2 && images.dim(0) == labels.length,
          "Mnist.Split: %s images but %s labels",
          images.dim(0),
          labels.length);
      this.images = images;
      this.labels = labels;
    }

    /**
     * {@code (N, 784)} float32 pixels in [0, 1].
     *
     * @return {@code (N, 784)} float32 pixels in [0, 1]
     */
    public Tensor images() {
      return images;
    }

    /**
     * N classes; the array is shared, do not modify.
     *
     * @return n classes; the array is shared, do not modify
     */
    public int[] labels() {
      return labels;
    }

    /** N. */
    @Override
    public int size() {
      return labels.length;
    }

    @Override
    public Batch get(int[] rows) {
      int[] y = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        y[i] = labels[rows[i]];
      }
      return new Batch(images.gatherRows(rows), y);
    }
  }

  /**
   * A dataset of the given parts.
   *
   * @param train the training split
   * @param test the test split
   */
  public Mnist(Split train, Split test) {
    this.train = train;
    this.test = test;
  }

  /**
   * The 60000 training images.
   *
   * @return the 60000 training images
   */
  public Split train() {
    return train;
  }

  /**
   * The 10000 test images.
   *
   * @return the 10000 test images
   */
  public Split test() {
    return test;
  }

  /** The file {@code name} in {@code dir}, raw or gzipped, or null when neither exists. */
  static Path find(Path dir, String name) {
    Path raw = dir.resolve(name);
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    Path gz = dir.resolve(name + ".gz");
    return Files.isRegularFile(gz) ? gz : null;
  }

  /**
   * Reads the four idx files (raw or {@code .gz}) from {@code dir} and checks that they agree:
   * images and labels of each part are equally many, images of both parts the same size, labels
   * within 0-9.
   *
   * @param dir the directory
   * @return the training and test splits
   * @throws IOException naming the file for a missing, truncated, corrupt or mismatched file
   */
  public static Mnist load(Path dir) throws IOException {
    byte[][] raw = new byte[4][];
    String[] names = new String[4];
    for (int i = 0; i < 4; i++) {
      Path f = find(dir, FILES.get(i));
      if (f == null) {
        throw new IOException(dir + ": missing " + FILES.get(i) + " (or " + FILES.get(i) + ".gz)");
      }
      raw[i] = Idx.readBytes(f);
      names[i] = f.toString();
    }
    return fromBytes(raw, names, dir.toString());
  }

  /**
   * Builds the dataset from the decompressed bytes of the four files, in {@link #FILES} order.
   *
   * @param names the files the bytes came from, for messages
   * @param where the directory, for messages about the set as a whole
   */
  static Mnist fromBytes(byte[][] raw, String[] names, String where) throws IOException {
    Split train = split(raw[0], raw[1], names[0], names[1]);
    Split test = split(raw[2], raw[3], names[2], names[3]);
    if (train.images.dim(1) != test.images.dim(1)) {
      throw new IOException(
          String.format(
              "%s: training images have %d pixels but test images %d",
              where, train.images.dim(1), test.images.dim(1)));
    }
    return new Mnist(train, test);
  }

  private static Split split(byte[] imageBytes, byte[] labelBytes, String imageName, String labelName)
      throws IOException {
    Idx.Array images = Idx.parse(imageBytes, 3, imageName);
    Idx.Array labels = Idx.parse(labelBytes, 1, labelName);
    int[] d = images.dims();
    int n = d[0];
    if (n == 0) {
      throw new IOException(imageName + ": holds no images; give a file with at least one");
    }
    if (labels.dims()[0] != n) {
      throw new IOException(
          String.format(
              "%s has %d labels but %s has %d images", labelName, labels.dims()[0], imageName, n));
    }
    int pixels = d[1] * d[2];
    Tensor x = Tensor.ofUint8(images.data(), 255.0, DType.FLOAT32, n, pixels);
    int[] t = new int[n];
    byte[] l = labels.data();
    for (int i = 0; i < n; i++) {
      t[i] = l[i] & 0xff;
      if (t[i] > 9) {
        throw new IOException(labelName + ": label " + t[i] + " at position " + i + " is not 0-9");
      }
    }
    return new Split(x, t);
  }
}
