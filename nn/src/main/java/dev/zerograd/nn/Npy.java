package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format for one array: the magic string, a version, a Python-dict header
 * ({@code descr}, {@code fortran_order}, {@code shape}) padded to 64 bytes, then the raw data.
 * Writes version 1.0, little-endian, C order; reads versions 1 to 3, either byte order, C or
 * Fortran order, float32 and float64.
 */
final class Npy {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fi])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** The header dictionary NumPy writes for a C-order array of this type and shape. */
  static String header(Tensor t) {
    String descr = t.dtype() == DType.FLOAT32 ? "<f4" : "<f8";
    int[] dims = t.shape().toArray();
    StringBuilder shape = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      shape.append(i > 0 ? ", " : "").append(dims[i]);
    }
    shape.append(dims.length == 1 ? ",)" : ")");
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  }

  /** The complete .npy file for {@code t}. */
  static byte[] write(Tensor t) {
    byte[] dict = header(t).getBytes(StandardCharsets.US_ASCII);
    int unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
    int headerLength = dict.length + 1 + (64 - unpadded % 64) % 64;
    ByteBuffer buf =
        ByteBuffer.allocate(MAGIC.length + 4 + headerLength + t.size() * t.dtype().byteSize())
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength).put(dict);
    for (int i = dict.length; i < headerLength - 1; i++) {
      buf.put((byte) ' ');
    }
    buf.put((byte) '\n');
    if (t.dtype() == DType.FLOAT32) {
      buf.asFloatBuffer().put(t.toFloatArray());
    } else {
      buf.asDoubleBuffer().put(t.toDoubleArray());
    }
    return buf.array();
  }

  /**
   * Parses a .npy file.
   *
   * @param what the file or entry name, for error messages
   * @throws IOException naming {@code what} when the bytes are not a float32/float64 .npy array
   */
  static Tensor read(byte[] bytes, String what) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (byte m : MAGIC) {
      if (buf.remaining() == 0 || buf.get() != m) {
        throw new IOException(what + ": not a .npy array (bad magic string)");
      }
    }
    if (buf.remaining() < 4) {
      throw new IOException(what + ": truncated .npy header");
    }
    int major = buf.get();
    buf.get();
    int headerLength;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(buf.getShort());
    } else if (major == 2 || major == 3) {
      headerLength = buf.getInt();
    } else {
      throw new IOException(what + ": unsupported .npy version " + major);
    }
    if (headerLength < 0 || headerLength > buf.remaining()) {
      throw new IOException(what + ": truncated .npy header");
    }
    byte[] h = new byte[headerLength];
    buf.get(h);
    String header = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeMatch = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
      throw new IOException(what + ": cannot parse the .npy header " + header.trim());
    }
    String kind = descr.group(2);
    int size = Integer.parseInt(descr.group(3));
    boolean integer = kind.equals("i") && (size == 4 || size == 8);
    if (!integer && (!kind.equals("f") || (size != 4 && size != 8))) {
      throw new IOException(
          what + ": dtype '" + descr.group(1) + kind + size + "' is not float32, float64,"
              + " int32 or int64");
    }
    // Integers (a PyTorch state dict's num_batches_tracked) become float64, exactly.
    DType dtype = size == 4 && !integer ? DType.FLOAT32 : DType.FLOAT64;
    buf.order(descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int[] dims = parseShape(shapeMatch.group(1), what);
    boolean fortranOrder = fortran.group(1).equals("True");
    long count = 1;
    for (int d : dims) {
      count = d == 0 || count == 0 ? 0 : count * d;
      if (count > dev.zerograd.tensor.Shape.MAX_SIZE) {
        throw new IOException(
            what + ": shape " + java.util.Arrays.toString(dims) + " holds more elements than one"
                + " tensor can (" + dev.zerograd.tensor.Shape.MAX_SIZE + ")");
      }
    }
    if (buf.remaining() != count * size) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: expected %d bytes of data for shape %s, found %d",
              what,
              count * size,
              java.util.Arrays.toString(dims),
              buf.remaining()));
    }
    int[] stored = fortranOrder ? reversed(dims) : dims;
    Tensor t;
    if (integer) {
      double[] v = new double[(int) count];
      for (int i = 0; i < v.length; i++) {
        long x = size == 8 ? buf.getLong() : buf.getInt();
        if (Math.abs(x) > (1L << 53)) {
          throw new IOException(
              String.format(
                  Locale.ROOT,
                  "%s: the integer %d at position %d has no exact float64 value", what, x, i));
        }
        v[i] = x;
      }
      t = Tensor.of(v).reshape(stored); // rank 0 too
    } else if (dtype == DType.FLOAT32) {
      float[] v = new float[(int) count];
      buf.asFloatBuffer().get(v);
      t = Tensor.of(v).reshape(stored); // rank 0 too
    } else {
      double[] v = new double[(int) count];
      buf.asDoubleBuffer().get(v);
      t = Tensor.of(v).reshape(stored); // rank 0 too
    }
    return fortranOrder && dims.length > 1 ? t.transpose().contiguous() : t;
  }

  private static int[] parseShape(String text, String what) throws IOException {
    List<Integer> dims = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim().replace("L", "");
      if (!p.isEmpty()) {
        int d;
        try {
          d = Integer.parseInt(p);
        } catch (NumberFormatException e) {
          throw new IOException(what + ": bad shape (" + text + ")", e);
        }
        if (d < 0) {
          throw new IOException(what + ": bad shape (" + text + "): a size is negative");
        }
        dims.add(d);
      }
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] reversed(int[] dims) {
    int[] r = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      r[i] = dims[dims.length - 1 - i];
    }
    return r;
  }

  static void checkName(String name) {
    checkArgument(!name.isEmpty() && !name.contains("/"), "npz: bad array name '%s'", name);
  }
}
