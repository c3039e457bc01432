package dev.zerograd.data.mnist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The idx format of the MNIST files: a magic number {@code 0x000008DD} (unsigned bytes, D
 * dimensions), D big-endian 32-bit sizes, then the data. Reads raw or gzipped files and checks
 * that the data is exactly as long as the sizes say: a truncated or padded file is an error,
 * never a partial load.
 */
public final class Idx {
  private Idx() {}

  /** A parsed idx array of unsigned bytes. */
  public static final class Array {
    private final int[] dims;
    private final byte[] data;

    Array(int[] dims, byte[] data) {
      this.dims = dims;
      this.data = data;
    }

    /**
     * The sizes, outermost first.
     *
     * @return the sizes, outermost first
     */
    public int[] dims() {
      return dims.clone();
    }

    /**
     * The data, row-major, one unsigned byte per element (not copied).
     *
     * @return the data, row-major, one unsigned byte per element (not copied)
     */
    public byte[] data() {
      return data;
    }
  }

  /**
   * The file's bytes, decompressed when it is gzipped (detected by its first two bytes).
   *
   * @param file the file
   * @return the file's bytes, decompressed when it is gzipped (detected by its first two bytes)
   * @throws IOException when it cannot be read or its gzip stream is corrupt
   */
  public static byte[] readBytes(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (isGzip(bytes)) {
      return gunzip(bytes, file.toString());
    }
    if (file.getFileName().toString().endsWith(".gz")) {
      throw new IOException(
          file + ": named .gz but not gzip data; replace it with the original file");
    }
    return bytes;
  }

  static boolean isGzip(byte[] b) {
    return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  static byte[] gunzip(byte[] bytes, String name) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IOException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Parses an idx array of unsigned bytes with {@code rank} dimensions.
   *
   * @param name the file, for messages
   * @param bytes the bytes
   * @param rank the rank
   * @return the array, as read
   * @throws IOException naming the file when the magic number, rank or length is wrong
   */
  public static Array parse(byte[] bytes, int rank, String name) throws IOException {
    if (bytes.length < 4) {
      throw new IOException(name + ": truncated: " + bytes.length + " bytes is no idx header");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes); // big-endian, as idx is
    int magic = b.getInt();
    int expected = 0x00000800 | rank;
    if (magic != expected) {
      throw new IOException(
          String.format(
              "%s: bad magic number 0x%08X; expected 0x%08X (unsigned bytes, %d dimensions)",
              name, magic, expected, rank));
    }
    if (bytes.length < 4 + 4 * rank) {
      throw new IOException(name + ": truncated header");
    }
    int[] dims = new int[rank];
    long count = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = b.getInt();
      if (dims[i] < 0) {
        throw new IOException(name + ": negative size " + dims[i] + " in the header");
      }
      count *= dims[i];
    }
    long actual = bytes.length - 4L - 4L * rank;
    if (actual != count) {
      throw new IOException(
          String.format(
              "%s: %s: the header %s promises %d bytes of data but the file has %d",
              name, actual < count ? "truncated" : "trailing bytes", Arrays.toString(dims), count,
              actual));
    }
    return new Array(dims, Arrays.copyOfRange(bytes, 4 + 4 * rank, bytes.length));
  }
}
