package dev.zerograd.interop;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.zerograd.nn.AtomicFile;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The safetensors format (Hugging Face's, which PyTorch users save state dicts in): an 8-byte
 * little-endian header length N, N bytes of JSON naming each tensor's {@code dtype}, {@code
 * shape} and {@code data_offsets} {@code [begin, end)} into the data that follows, an optional
 * {@code __metadata__} object of strings, then the raw little-endian data.
 *
 * <p>Reading checks what the format's own reader checks, before any data is used: the header
 * length within the file and at most {@link #MAX_HEADER_BYTES}, valid JSON, known dtypes,
 * non-negative shapes whose byte sizes match their offsets, offsets in range, in order, without
 * overlap or holes, and covering the data exactly. Every error names the file and the entry.
 * F32, F64, F16 and BF16 entries read as tensors (the half types widened to float32), I64 and I32
 * as float64 tensors when exact; writing gives F32/F64 by the tensor's type, and I64 for the
 * names asked.
 */
public final class Safetensors {
  /** The largest header accepted, as the format's reference reader limits it: 100 MB. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final String METADATA = "__metadata__";

  private Safetensors() {}

  /** A safetensors file's contents: tensors in file order and the metadata strings. */
  public static final class Contents {
    private final Map<String, Tensor> tensors;
    private final Map<String, String> dtypes;
    private final Map<String, String> metadata;

    Contents(Map<String, Tensor> tensors, Map<String, String> dtypes, Map<String, String> metadata) {
      this.tensors = Collections.unmodifiableMap(tensors);
      this.dtypes = Collections.unmodifiableMap(dtypes);
      this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * The tensors by name, in the order of their data in the file.
     *
     * @return the tensors by name
     */
    public Map<String, Tensor> tensors() {
      return tensors;
    }

    /**
     * The dtype each entry has in the file ({@code F32}, {@code I64}, ...).
     *
     * @return the dtype of each entry by name
     */
    public Map<String, String> dtypes() {
      return dtypes;
    }

    /**
     * The {@code __metadata__} strings (empty when the file has none).
     *
     * @return the metadata by key
     */
    public Map<String, String> metadata() {
      return metadata;
    }
  }

  /**
   * Reads a safetensors file.
   *
   * @param file the file
   * @return its tensors and metadata
   * @throws IOException naming the file (and the entry) when it cannot be read or breaks the
   *     format's rules
   */
  public static Contents read(Path file) throws IOException {
    checkNotNull(file, "Safetensors.read: file is null");
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not a .safetensors file");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new IOException(file + ": " + size + " bytes is no safetensors file (no header length)");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0, file);
      long n = len.flip().getLong();
      if (n < 2 || n > MAX_HEADER_BYTES) {
        throw new IOException(
            String.format(
                Locale.ROOT,
                "%s: the header claims %d bytes; a safetensors header is 2 to %d bytes",
                file, n, MAX_HEADER_BYTES));
      }
      if (n > size - 8) {
        throw new IOException(
            String.format(
                Locale.ROOT,
                "%s: the header claims %d bytes but the file has %d after the length",
                file, n, size - 8));
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
      readFully(ch, headerBytes, 8, file);
      String json = new String(headerBytes.array(), StandardCharsets.UTF_8);
      long dataStart = 8 + n;
      long dataSize = size - dataStart;
      Header h = parseHeader(file, json, dataSize);
      ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(dataSize)).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, data, dataStart, file);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      Map<String, String> dtypes = new LinkedHashMap<>();
      for (Entry e : h.entries) {
        tensors.put(e.name, e.tensor(data, file));
        dtypes.put(e.name, e.dtype);
      }
      return new Contents(tensors, dtypes, h.metadata);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at, Path file)
      throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      int r = ch.read(b, pos);
      if (r < 0) {
        throw new IOException(file + ": truncated");
      }
      pos += r;
    }
  }

  /** One entry of the header. */
  private static final class Entry {
    final String name;
    final String dtype;
    final int[] shape;
    final long begin;
    final long end;

    Entry(String name, String dtype, int[] shape, long begin, long end) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape;
      this.begin = begin;
      this.end = end;
    }

    Tensor tensor(ByteBuffer data, Path file) throws IOException {
      int count = Shape.of(shape).size();
      ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      b.position((int) begin).limit((int) end);
      b = b.slice().order(ByteOrder.LITTLE_ENDIAN);
      switch (dtype) {
        case "F32":
          {
            float[] v = new float[count];
            b.asFloatBuffer().get(v);
            return Tensor.of(v).reshape(shape);
          }
        case "F64":
          {
            double[] v = new double[count];
            b.asDoubleBuffer().get(v);
            return Tensor.of(v).reshape(shape);
          }
        case "F16":
        case "BF16":
          {
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
              short bits = b.getShort();
              v[i] = dtype.equals("F16") ? float16ToFloat(bits) : bfloat16ToFloat(bits);
            }
            return Tensor.of(v).reshape(shape);
          }
        default: // I64, I32: exact integers as float64
          {
            double[] v = new double[count];
            for (int i = 0; i < count; i++) {
              long x = dtype.equals("I64") ? b.getLong() : b.getInt();
              if (Math.abs(x) > (1L << 53)) {
                throw new IOException(
                    String.format(
                        Locale.ROOT,
                        "%s: entry '%s': the integer %d has no exact float64 value",
                        file, name, x));
              }
              v[i] = x;
            }
            return Tensor.of(v).reshape(shape); // float64
          }
      }
    }
  }

  private static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** IEEE half precision to float: every half value is exact in float. */
  private static float float16ToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // inf, NaN
    }
    if (exp == 0) {
      float v = mantissa * 0x1p-24f; // zero and subnormals
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mantissa << 13));
  }

  /** The bytes per element of each dtype read. */
  private static final Map<String, Integer> SIZES =
      Map.of("F32", 4, "F64", 8, "F16", 2, "BF16", 2, "I64", 8, "I32", 4);

  private static final class Header {
    final List<Entry> entries;
    final Map<String, String> metadata;

    Header(List<Entry> entries, Map<String, String> metadata) {
      this.entries = entries;
      this.metadata = metadata;
    }
  }

  private static Header parseHeader(Path file, String json, long dataSize) throws IOException {
    JsonObject root;
    try {
      JsonElement parsed = JsonParser.parseString(json.strip());
      if (!parsed.isJsonObject()) {
        throw new IOException(file + ": the header is not a JSON object");
      }
      root = parsed.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file + ": the header is not valid JSON (" + e.getMessage() + ")", e);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : root.entrySet()) {
      String name = e.getKey();
      String where = file + ": entry '" + name + "'";
      if (name.equals(METADATA)) {
        if (!e.getValue().isJsonObject()) {
          throw new IOException(file + ": __metadata__ is not an object of strings");
        }
        for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
          if (!m.getValue().isJsonPrimitive() || !m.getValue().getAsJsonPrimitive().isString()) {
            throw new IOException(file + ": __metadata__ '" + m.getKey() + "' is not a string");
          }
          metadata.put(m.getKey(), m.getValue().getAsString());
        }
        continue;
      }
      if (!e.getValue().isJsonObject()) {
        throw new IOException(where + " is not an object with dtype, shape and data_offsets");
      }
      JsonObject o = e.getValue().getAsJsonObject();
      JsonElement dt = o.get("dtype");
      JsonElement sh = o.get("shape");
      JsonElement off = o.get("data_offsets");
      if (dt == null || sh == null || off == null || !sh.isJsonArray() || !off.isJsonArray()
          || off.getAsJsonArray().size() != 2 || !dt.isJsonPrimitive()) {
        throw new IOException(where + " lacks a dtype, a shape array or two data_offsets");
      }
      String dtype = dt.getAsString();
      Integer elementSize = SIZES.get(dtype);
      if (elementSize == null) {
        throw new IOException(
            where + " has dtype " + dtype + ", which zerograd does not read (F32, F64, F16, BF16,"
                + " I64, I32)");
      }
      JsonArray shapeArray = sh.getAsJsonArray();
      int[] shape = new int[shapeArray.size()];
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        long d = integer(shapeArray.get(i), where + " shape");
        if (d < 0 || d > Integer.MAX_VALUE) {
          throw new IOException(where + " has shape " + shapeArray + ": a size is negative or too large");
        }
        shape[i] = (int) d;
        count = count == 0 || d == 0 ? 0 : count * d;
        if (count > Shape.MAX_SIZE) {
          throw new IOException(where + " has shape " + shapeArray + ", more elements than a tensor holds");
        }
      }
      long begin = integer(off.getAsJsonArray().get(0), where + " data_offsets");
      long end = integer(off.getAsJsonArray().get(1), where + " data_offsets");
      if (begin < 0 || end < begin || end > dataSize) {
        throw new IOException(
            String.format(
                Locale.ROOT,
                "%s has data_offsets [%d, %d] outside the %d bytes of data",
                where, begin, end, dataSize));
      }
      if (end - begin != count * elementSize) {
        throw new IOException(
            String.format(
                Locale.ROOT,
                "%s: shape %s of %s needs %d bytes but data_offsets [%d, %d] hold %d",
                where, shapeArray, dtype, count * elementSize, begin, end, end - begin));
      }
      entries.add(new Entry(name, dtype, shape, begin, end));
    }
    // The data is covered exactly, in order: no overlap, no hole, nothing after the last entry.
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong((Entry x) -> x.begin).thenComparingLong(x -> x.end));
    long at = 0;
    for (Entry e : byOffset) {
      if (e.begin < at) {
        throw new IOException(
            String.format(
                Locale.ROOT,
                "%s: entry '%s' at data_offsets [%d, %d] overlaps the entry before it, which ends"
                    + " at %d",
                file, e.name, e.begin, e.end, at));
      }
      if (e.begin > at) {
        throw new IOException(
            String.format(
                Locale.ROOT,
                "%s: bytes [%d, %d) of the data belong to no entry (entry '%s' starts at %d)",
                file, at, e.begin, e.name, e.begin));
      }
      at = e.end;
    }
    if (at != dataSize) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: the entries cover %d bytes of data but the file holds %d", file, at, dataSize));
    }
    return new Header(byOffset, metadata);
  }

  private static long integer(JsonElement e, String where) throws IOException {
    if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
      throw new IOException(where + " holds " + e + ", not an integer");
    }
    try {
      return e.getAsBigDecimal().longValueExact();
    } catch (ArithmeticException x) {
      throw new IOException(where + " holds " + e + ", not an integer", x);
    }
  }

  /**
   * Writes tensors as a safetensors file, atomically ({@link AtomicFile}): each tensor as F32 or
   * F64 by its type, except the names in {@code int64}, written as I64 (their values must be
   * integers); the data in the order of the map.
   *
   * @param file the file
   * @param tensors the tensors by name
   * @param metadata strings for {@code __metadata__} (may be empty)
   * @param int64 the names to write as I64 (a state dict's {@code num_batches_tracked})
   * @throws IOException naming the file when it cannot be written
   * @throws IllegalArgumentException for an I64 entry holding a non-integer, or a name that is
   *     {@code __metadata__}
   */
  public static void write(
      Path file, Map<String, Tensor> tensors, Map<String, String> metadata, Set<String> int64)
      throws IOException {
    checkNotNull(file, "Safetensors.write: file is null");
    checkNotNull(tensors, "Safetensors.write: tensors is null");
    checkNotNull(metadata, "Safetensors.write: metadata is null");
    checkNotNull(int64, "Safetensors.write: int64 is null");
    JsonObject header = new JsonObject();
    if (!metadata.isEmpty()) {
      JsonObject m = new JsonObject();
      metadata.forEach(m::addProperty);
      header.add(METADATA, m);
    }
    List<byte[]> blobs = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      checkArgument(!name.equals(METADATA), "Safetensors.write: %s is not a tensor name", METADATA);
      Tensor t = e.getValue();
      boolean integer = int64.contains(name);
      String dtype = integer ? "I64" : t.dtype() == DType.FLOAT32 ? "F32" : "F64";
      byte[] bytes = bytes(name, t, integer);
      JsonObject o = new JsonObject();
      o.addProperty("dtype", dtype);
      JsonArray shape = new JsonArray();
      for (int d : t.shape().toArray()) {
        shape.add(d);
      }
      o.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offsets.add(offset + bytes.length);
      o.add("data_offsets", offsets);
      header.add(name, o);
      blobs.add(bytes);
      offset += bytes.length;
    }
    byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
    // Padded with spaces to a multiple of 8 bytes, so that the data is aligned for mapping.
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    AtomicFile.write(
        file,
        out -> {
          out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
          out.write(headerBytes);
          for (byte[] b : blobs) {
            out.write(b);
          }
        });
  }

  private static byte[] bytes(String name, Tensor t, boolean integer) {
    Tensor c = t.contiguous();
    int n = c.size();
    if (integer) {
      double[] v = c.toDoubleArray();
      ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (double x : v) {
        checkArgument(
            x == Math.rint(x) && Math.abs(x) <= (1L << 53),
            "Safetensors.write: '%s' is written as I64 but holds %s, not an integer",
            name,
            x);
        b.putLong((long) x);
      }
      return b.array();
    }
    if (c.dtype() == DType.FLOAT32) {
      ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(c.toFloatArray());
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(c.toDoubleArray());
    return b.array();
  }
}
