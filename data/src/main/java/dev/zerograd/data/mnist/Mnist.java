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
import java.util.Locale;

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
   * images and labels of each part are equally many, images of both parts the same size (at
   * least one pixel), labels within 0-9. Every header is read and checked first, and the heap the
   * images need is checked against the JVM's, before any data is read.
   *
   * @param dir the directory
   * @return the training and test splits
   * @throws IOException in one line naming the directory or file: no such directory, not a
   *     directory, permission denied, a directory where a file should be, a missing, truncated,
   *     corrupt or mismatched file, or more heap needed than the JVM has
   */
  public static Mnist load(Path dir) throws IOException {
    checkDirectory(dir);
    Path[] files = new Path[4];
    Idx.Header[] headers = new Idx.Header[4];
    for (int i = 0; i < 4; i++) {
      files[i] = locate(dir, FILES.get(i));
      headers[i] = Idx.header(files[i], i % 2 == 0 ? 3 : 1);
    }
    checkHeap(dir, headers);
    Split train = split(Idx.read(files[0], 3), Idx.read(files[1], 1), files[0].toString(), files[1].toString());
    Split test = split(Idx.read(files[2], 3), Idx.read(files[3], 1), files[2].toString(), files[3].toString());
    return both(train, test, dir.toString());
  }

  /**
   * Part {@code part} of {@code parts} of the training split: rows {@code [n part / parts, n
   * (part + 1) / parts)} of its {@code n}, read alone (the other rows are skipped, never held),
   * so that each of {@code parts} workers holds only its share. Together the parts are {@code
   * load(dir).train()}, row for row.
   *
   * @param dir the directory with the training files (raw or {@code .gz})
   * @param part the part, from 0
   * @param parts the number of parts, at least 1
   * @return the part's images (float32 in [0, 1]) and labels
   * @throws IOException as {@link #load}, naming the directory or file
   * @throws IllegalArgumentException when {@code part} is not in {@code [0, parts)}
   */
  public static Split loadTrainPart(Path dir, int part, int parts) throws IOException {
    checkArgument(
        parts >= 1 && part >= 0 && part < parts,
        "Mnist.loadTrainPart: part %s of %s parts; give 0 <= part < parts",
        part,
        parts);
    checkDirectory(dir);
    Path images = locate(dir, FILES.get(0));
    Path labels = locate(dir, FILES.get(1));
    int n = Idx.header(images, 3).dims()[0];
    int from = (int) ((long) n * part / parts);
    int to = (int) ((long) n * (part + 1) / parts);
    if (Idx.header(labels, 1).dims()[0] != n) {
      throw new IOException(
          String.format(
              "%s has %d labels but %s has %d images",
              labels, Idx.header(labels, 1).dims()[0], images, n));
    }
    return split(
        Idx.read(images, 3, from, to), Idx.read(labels, 1, from, to), images.toString(),
        labels.toString());
  }

  private static void checkDirectory(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      throw new IOException(dir + ": no such directory; give the directory that holds the MNIST files");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory; give the directory that holds the MNIST files");
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      throw new IOException(dir + ": permission denied; make the directory readable");
    }
  }

  /** The file {@code name} in {@code dir}, raw or gzipped, or an error saying what is wrong. */
  private static Path locate(Path dir, String name) throws IOException {
    Path f = find(dir, name);
    if (f == null) {
      for (Path p : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
        if (Files.isDirectory(p)) {
          throw new IOException(p + ": is a directory, not the idx file " + name);
        }
      }
      throw new IOException(dir + ": missing " + name + " (or " + name + ".gz)");
    }
    if (!Files.isReadable(f)) {
      throw new IOException(f + ": permission denied; make the file readable");
    }
    return f;
  }

  /**
   * Checks, from the headers alone, that the heap can hold the images: their bytes while they are
   * read and their float32 pixels.
   */
  private static void checkHeap(Path dir, Idx.Header[] headers) throws IOException {
    long pixels = headers[0].dataBytes() + headers[2].dataBytes();
    long largest = Math.max(headers[0].dataBytes(), headers[2].dataBytes());
    long need = 4 * pixels + largest;
    Runtime rt = Runtime.getRuntime();
    long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (need > available) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: the %d images need about %d MiB of heap (float32 pixels, and each file's bytes"
                  + " while it is read), more than the %d MiB this JVM has free (-Xmx%dm); run"
                  + " java with -Xmx%dm or more",
              dir,
              (long) headers[0].dims()[0] + headers[2].dims()[0],
              need >> 20,
              available >> 20,
              rt.maxMemory() >> 20,
              Math.max(512, ((need + rt.totalMemory() - rt.freeMemory()) >> 20) * 2)));
    }
  }

  /**
   * Builds the dataset from the decompressed bytes of the four files, in {@link #FILES} order.
   *
   * @param names the files the bytes came from, for messages
   * @param where the directory, for messages about the set as a whole
   */
  static Mnist fromBytes(byte[][] raw, String[] names, String where) throws IOException {
    Split train =
        split(Idx.parse(raw[0], 3, names[0]), Idx.parse(raw[1], 1, names[1]), names[0], names[1]);
    Split test =
        split(Idx.parse(raw[2], 3, names[2]), Idx.parse(raw[3], 1, names[3]), names[2], names[3]);
    return both(train, test, where);
  }

  private static Mnist both(Split train, Split test, String where) throws IOException {
    if (train.images.dim(1) != test.images.dim(1)) {
      throw new IOException(
          String.format(
              "%s: training images have %d pixels but test images %d",
              where, train.images.dim(1), test.images.dim(1)));
    }
    return new Mnist(train, test);
  }

  private static Split split(
      Idx.Array images, Idx.Array labels, String imageName, String labelName) throws IOException {
    int[] d = images.dims();
    int n = d[0];
    if (n == 0) {
      throw new IOException(imageName + ": holds no images; give a file with at least one");
    }
    if (d[1] == 0 || d[2] == 0) {
      throw new IOException(
          imageName + ": holds images of " + d[1] + "x" + d[2] + " pixels; give images of at"
              + " least one pixel");
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
