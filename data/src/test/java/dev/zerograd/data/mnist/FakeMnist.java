package dev.zerograd.data.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small idx files in MNIST's format, written by the tests themselves. */
public final class FakeMnist {
  private FakeMnist() {}

  /** An idx file of unsigned bytes with the given dimensions and data. */
  public static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(0x00000800 | dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  public static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** The four decompressed files: random 28x28 images, labels 0-9. */
  public static Map<String, byte[]> files(int train, int test, long seed) {
    Random r = new Random(seed);
    Map<String, byte[]> out = new LinkedHashMap<>();
    int[] counts = {train, test};
    for (int part = 0; part < 2; part++) {
      int n = counts[part];
      byte[] pixels = new byte[n * 28 * 28];
      r.nextBytes(pixels);
      byte[] labels = new byte[n];
      for (int i = 0; i < n; i++) {
        labels[i] = (byte) r.nextInt(10);
      }
      out.put(Mnist.FILES.get(2 * part), idx(new int[] {n, 28, 28}, pixels));
      out.put(Mnist.FILES.get(2 * part + 1), idx(new int[] {n}, labels));
    }
    return out;
  }

  /** Writes {@link #files} into {@code dir}, gzipped when asked. */
  public static Map<String, byte[]> write(Path dir, int train, int test, boolean gzip)
      throws IOException {
    Map<String, byte[]> files = files(train, test, 42);
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      String name = e.getKey() + (gzip ? ".gz" : "");
      Files.write(dir.resolve(name), gzip ? gzip(e.getValue()) : e.getValue());
    }
    return files;
  }
}
