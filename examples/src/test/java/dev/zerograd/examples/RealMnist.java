package dev.zerograd.examples;

import dev.zerograd.data.mnist.FakeMnist;
import dev.zerograd.data.mnist.Mnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first images of the real MNIST in {@code $MNIST_DIR} (CI sets it to ../shared), written as
 * a small data set of its own: real digits, so that training on a few hundred of them learns.
 */
final class RealMnist {
  private static Mnist full;

  private RealMnist() {}

  /** Writes the first {@code train} training and {@code test} test images into {@code dir}. */
  static Path subset(Path dir, int train, int test) throws IOException {
    synchronized (RealMnist.class) {
      if (full == null) {
        full = Mnist.load(Path.of(System.getenv("MNIST_DIR")));
      }
    }
    Files.createDirectories(dir);
    write(dir, full.train(), train, 0);
    write(dir, full.test(), test, 2);
    return dir;
  }

  private static void write(Path dir, Mnist.Split s, int n, int file) throws IOException {
    float[] v = s.images().sliceRows(0, n).toFloatArray();
    byte[] pixels = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      pixels[i] = (byte) Math.round(v[i] * 255); // exact: the values are bytes / 255
    }
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) s.labels()[i];
    }
    Files.write(dir.resolve(Mnist.FILES.get(file)), FakeMnist.idx(new int[] {n, 28, 28}, pixels));
    Files.write(dir.resolve(Mnist.FILES.get(file + 1)), FakeMnist.idx(new int[] {n}, labels));
  }
}
