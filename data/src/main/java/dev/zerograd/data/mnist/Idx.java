package dev.zerograd.data.mnist;

import dev.zerograd.tensor.Shape;
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
   * The number of data bytes the header's dimensions promise, in exact arithmetic: a product
   * that overflows (16 x 2^30 x 2^30) is an error, never a wrapped-around count.
   *
   * @throws IOException naming the file for a negative size or more bytes than one array holds
   */
  static long dataBytes(int[] dims, String name) throws IOException {
    long count = 1;
    for (int d : dims) {
      if (d < 0) {
        throw new IOException(name + ": negative size " + d + " in the header");
      }
    }
    for (int d : dims) {
      if (d == 0) {
        return 0;
      }
      if (count > Shape.MAX_SIZE / d) {
        throw new IOException(
            String.format(
                "%s: the header %s promises more than %d bytes of data, the most one array holds;"
                    + " this is not an idx file of a dataset that fits in memory",
                name, Arrays.toString(dims), Shape.MAX_SIZE));
      }
      count *= d;
    }
    return count;
  }

  /**
   * Reads items {@code [from, to)} (along the first dimension) of an idx file of unsigned bytes
   * with {@code rank} dimensions, raw or gzipped: the header is checked as {@link #read(Path,
   * int)} checks it, the bytes before the range are skipped (streamed past, for a gzipped file)
   * and only the range is kept, so a reader of one part of a file never holds the rest.
   *
   * @param file the file
   * @param rank the number of dimensions expected
   * @param from the first item
   * @param to the item after the last
   * @return the items, with the first dimension {@code to - from}
   * @throws IOException naming the file when it cannot be read, its header or gzip stream is
   *     wrong, the range is outside its items, or it ends before the range does
   */
  public static Array read(Path file, int rank, int from, int to) throws IOException {
    Header h = header(file, rank);
    String name = file.toString();
    int items = h.dims[0];
    if (from < 0 || to < from || to > items) {
      throw new IOException(
          String.format(
              "%s: items [%d, %d) asked for, but the file holds %d (0 to %d)",
              name, from, to, items, items));
    }
    long itemBytes = items == 0 ? 0 : h.dataBytes / items;
    int[] dims = h.dims.clone();
    dims[0] = to - from;
    try (InputStream in = open(file)) {
      in.skipNBytes(4L + 4L * rank + itemBytes * from);
      byte[] data = in.readNBytes(Math.toIntExact(itemBytes * (to - from)));
      if (data.length < itemBytes * (to - from)) {
        throw new IOException(
            String.format(
                "%s: truncated: the header %s promises %d bytes of data but the file ends inside"
                    + " items [%d, %d)",
                name, Arrays.toString(h.dims), h.dataBytes, from, to));
      }
      return new Array(dims, data);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new IOException(name + ": corrupt gzip data or truncated (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Reads an idx file of unsigned bytes with {@code rank} dimensions, raw or gzipped (detected by
   * its first two bytes), header first: the header is checked (magic number, sizes, exact byte
   * count, and for a gzipped file the length its trailer records) before any data is read, and
   * the data is then streamed into one array of exactly the promised size, so a hostile or
   * damaged header fails at once instead of after decompressing the whole file.
   *
   * @param file the file
   * @param rank the number of dimensions expected
   * @return the array
   * @throws IOException naming the file when it cannot be read, or its header, length or gzip
   *     stream is wrong
   */
  public static Array read(Path file, int rank) throws IOException {
    Header h = header(file, rank);
    String name = file.toString();
    try (InputStream in = open(file)) {
      in.skipNBytes(4L + 4L * rank);
      byte[] data = in.readNBytes((int) h.dataBytes);
      if (data.length < h.dataBytes || in.read() >= 0) {
        throw new IOException(
            String.format(
                "%s: %s: the header %s promises %d bytes of data but the file has %s",
                name,
                data.length < h.dataBytes ? "truncated" : "trailing bytes",
                Arrays.toString(h.dims),
                h.dataBytes,
                data.length < h.dataBytes ? String.valueOf(data.length) : "more"));
      }
      return new Array(h.dims, data);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new IOException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
  }

  /** What an idx file's header says: its dimensions and the data bytes they promise. */
  public static final class Header {
    private final int[] dims;
    private final long dataBytes;

    Header(int[] dims, long dataBytes) {
      this.dims = dims;
      this.dataBytes = dataBytes;
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
     * The number of data bytes after the header.
     *
     * @return the number of data bytes after the header
     */
    public long dataBytes() {
      return dataBytes;
    }
  }

  /**
   * Reads and checks only the header of an idx file (raw or gzipped), without reading its data:
   * the magic number, the sizes (in exact arithmetic), and that the file's length (a raw file's
   * size, a gzip stream's recorded length) is what they promise.
   *
   * @param file the file
   * @param rank the number of dimensions expected
   * @return the header
   * @throws IOException naming the file for a bad magic number, negative or overflowing sizes,
   *     or a length that does not match
   */
  public static Header header(Path file, int rank) throws IOException {
    String name = file.toString();
    byte[] head;
    boolean gzip;
    try (InputStream raw = Files.newInputStream(file)) {
      byte[] two = raw.readNBytes(2);
      gzip = isGzip(two);
    }
    if (!gzip && file.getFileName().toString().endsWith(".gz")) {
      throw new IOException(
          file + ": named .gz but not gzip data; replace it with the original file");
    }
    try (InputStream in = open(file)) {
      head = in.readNBytes(4 + 4 * rank);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new IOException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
    }
    if (head.length < 4) {
      throw new IOException(name + ": truncated: " + head.length + " bytes is no idx header");
    }
    ByteBuffer b = ByteBuffer.wrap(head);
    int magic = b.getInt();
    int expected = 0x00000800 | rank;
    if (magic != expected) {
      throw new IOException(
          String.format(
              "%s: bad magic number 0x%08X; expected 0x%08X (unsigned bytes, %d dimensions)",
              name, magic, expected, rank));
    }
    if (head.length < 4 + 4 * rank) {
      throw new IOException(name + ": truncated header");
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = b.getInt();
    }
    long count = dataBytes(dims, name);
    long total = 4L + 4L * rank + count;
    if (gzip) {
      // The gzip trailer records the uncompressed length mod 2^32: a header that promises
      // another length is refused before anything is decompressed.
      long recorded = gzipRecordedLength(file);
      if (recorded != (total & 0xffffffffL)) {
        throw new IOException(
            String.format(
                "%s: the header %s promises %d bytes of data but the gzip stream holds %d bytes"
                    + " in all (mod 2^32); the file is damaged or not what its header says",
                name, Arrays.toString(dims), count, recorded));
      }
    } else {
      long actual = Files.size(file) - 4L - 4L * rank;
      if (actual != count) {
        throw new IOException(
            String.format(
                "%s: %s: the header %s promises %d bytes of data but the file has %d",
                name, actual < count ? "truncated" : "trailing bytes", Arrays.toString(dims),
                count, actual));
      }
    }
    return new Header(dims, count);
  }

  /** The file's content, decompressed when it is gzipped. */
  private static InputStream open(Path file) throws IOException {
    InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    byte[] two = raw.readNBytes(2);
    raw.reset();
    return isGzip(two) ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  /** ISIZE, the last four bytes of a gzip file: the uncompressed length mod 2^32. */
  private static long gzipRecordedLength(Path file) throws IOException {
    try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
      long size = ch.size();
      if (size < 18) {
        throw new IOException(file + ": corrupt gzip data (" + size + " bytes is no gzip stream)");
      }
      ByteBuffer tail = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      ch.position(size - 4);
      while (tail.hasRemaining() && ch.read(tail) >= 0) {
        // read the four bytes
      }
      return tail.flip().getInt() & 0xffffffffL;
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
    for (int i = 0; i < rank; i++) {
      dims[i] = b.getInt();
    }
    long count = dataBytes(dims, name);
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
