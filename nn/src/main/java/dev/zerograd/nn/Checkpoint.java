package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Saves and loads a module's named parameters as a NumPy {@code .npz} file: a zip of one {@code
 * .npy} array per parameter, named by its dotted name ({@code W1.npy}, {@code affine1.W.npy}). A
 * network trained here opens with {@code numpy.load}, and arrays saved by {@code numpy.savez}
 * load here.
 */
public final class Checkpoint {
  /** How a zip archive begins: a local file header, or the end record of an empty archive. */
  private static final byte[] ZIP_ENTRY = {'P', 'K', 3, 4};

  private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};

  private Checkpoint() {}

  /**
   * Writes every named parameter and buffer of {@code module} to {@code file}: a {@link #snapshot}
   * (consistent while another thread trains), written atomically: the arrays go to
   * a temporary file in the same directory, which is flushed to disk and then renamed over
   * {@code file}, so a crash mid-save leaves the previous file intact ({@link AtomicFile}; the
   * file keeps the mode of the one it replaces, or gets the umask's default).
   *
   * @param module the module whose parameters and buffers are written or read
   * @param file the file
   * @throws IOException when the file cannot be written (the previous file is untouched)
   */
  public static void save(Module module, Path file) throws IOException {
    save(snapshot(module), file);
  }

  /**
   * Writes named arrays to an .npz file atomically; see {@link #save(Module, Path)}.
   *
   * @param arrays the arrays by name
   * @param file the file
   * @throws IOException naming the file when it cannot be written; the old file is then intact
   */
  public static void save(Map<String, Tensor> arrays, Path file) throws IOException {
    save(arrays, Map.of(), file);
  }

  /**
   * Writes named arrays and metadata strings to an .npz file atomically: the metadata goes into
   * the zip archive's comment, one {@code key=value} line each, which NumPy and PyTorch ignore
   * and {@link #metadata} reads back (an architecture, a layout).
   *
   * @param arrays the arrays by name
   * @param metadata strings by key: keys without {@code =} or line breaks, values without line
   *     breaks, 60000 bytes in all at most
   * @param file the file
   * @throws IOException naming the file when it cannot be written; the old file is then intact
   * @throws IllegalArgumentException for a key or value that the comment cannot hold
   */
  public static void save(Map<String, Tensor> arrays, Map<String, String> metadata, Path file)
      throws IOException {
    for (String name : arrays.keySet()) {
      Npy.checkName(name);
    }
    StringBuilder comment = new StringBuilder();
    metadata.forEach(
        (k, v) -> {
          checkArgument(
              !k.isEmpty() && !k.contains("=") && !k.contains("\n") && !v.contains("\n"),
              "Checkpoint.save: metadata %s=%s must be one line with a key without '='",
              k,
              v);
          comment.append(k).append('=').append(v).append('\n');
        });
    checkArgument(
        comment.toString().getBytes(StandardCharsets.UTF_8).length <= 60_000,
        "Checkpoint.save: %s bytes of metadata is more than a zip comment holds",
        comment.length());
    AtomicFile.write(
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          if (comment.length() > 0) {
            zip.setComment(comment.toString());
          }
          for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
            zip.write(Npy.write(e.getValue()));
            zip.closeEntry();
          }
          zip.finish();
        });
  }

  /**
   * Every array in an .npz file, by name (without {@code .npy}), in file order.
   *
   * @param file the file
   * @return every array in an .npz file, by name (without {@code .npy}), in file order
   * @throws IOException when the file is not a zip of float32/float64 .npy arrays
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not an .npz file");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    byte[] magic;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(4);
    }
    if (Arrays.equals(magic, EMPTY_ZIP)) {
      return out; // the checkpoint of a module without parameters or buffers
    }
    if (!Arrays.equals(magic, ZIP_ENTRY)) {
      throw new IOException(file + ": not an .npz file (not a zip archive)");
    }
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      ZipEntry e;
      while ((e = nextEntry(zip, file)) != null) {
        String name = e.getName();
        if (!name.endsWith(".npy")) {
          throw new IOException(file + ": entry '" + name + "' is not a .npy array");
        }
        String key = name.substring(0, name.length() - 4);
        out.put(key, Npy.read(entryBytes(zip, file, name), file + ":" + name));
      }
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": corrupt .npz file: a zip archive without readable entries");
    }
    return out;
  }

  /**
   * The metadata strings {@link #save(Map, Map, Path)} wrote into an .npz file's comment (empty
   * for a file without).
   *
   * @param file the file
   * @return the metadata by key
   * @throws IOException naming the file when it is not a zip archive
   */
  public static Map<String, String> metadata(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String comment;
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
      comment = z.getComment();
    } catch (ZipException e) {
      throw new IOException(file + ": not an .npz file (" + e.getMessage() + ")", e);
    }
    if (comment != null) {
      for (String line : comment.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static ZipEntry nextEntry(ZipInputStream zip, Path file) throws IOException {
    try {
      return zip.getNextEntry();
    } catch (ZipException | EOFException e) {
      throw corrupt(file, "", e);
    }
  }

  private static byte[] entryBytes(ZipInputStream zip, Path file, String name) throws IOException {
    try {
      return zip.readAllBytes();
    } catch (ZipException | EOFException e) {
      throw corrupt(file, " in entry '" + name + "'", e);
    }
  }

  private static IOException corrupt(Path file, String where, IOException e) {
    return new IOException(
        file + ": corrupt or truncated .npz file" + where + " (" + e.getMessage() + ")", e);
  }

  /**
   * Loads {@code file} into {@code module}'s parameters. Every name, shape and type must match;
   * otherwise nothing is changed and the error lists each mismatch.
   *
   * @param module the module whose parameters and buffers are written or read
   * @param file the file
   * @throws IllegalArgumentException listing missing, unexpected and mismatched arrays
   * @throws IOException when the file cannot be read
   */
  public static void load(Module module, Path file) throws IOException {
    assign(module, read(file), file.toString());
  }

  /**
   * Copies named arrays into {@code module}'s parameters and buffers (for example a snapshot
   * taken with {@link #snapshot}). Every name, shape and type must match; otherwise nothing is
   * changed.
   *
   * @param source where the arrays come from, for the error message
   * @param module the module whose parameters and buffers are written or read
   * @param arrays the arrays by name
   * @throws IllegalArgumentException listing missing, unexpected and mismatched arrays
   */
  public static void assign(Module module, Map<String, Tensor> arrays, String source) {
    Map<String, Tensor> state = tensors(module);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      Tensor a = arrays.get(e.getKey());
      Tensor v = e.getValue();
      if (a == null) {
        problems.add("missing '" + e.getKey() + "' " + v.shape() + " " + v.dtype());
      } else if (!a.shape().equals(v.shape()) || a.dtype() != v.dtype()) {
        problems.add(
            String.format(
                "'%s' is %s %s in the file but %s %s in the module",
                e.getKey(), a.shape(), a.dtype(), v.shape(), v.dtype()));
      }
    }
    for (String name : arrays.keySet()) {
      if (!state.containsKey(name)) {
        problems.add("unexpected '" + name + "' " + arrays.get(name).shape());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot load "
              + source
              + " into "
              + module.getClass().getSimpleName()
              + ": "
              + String.join("; ", problems)
              + " (nothing was changed)");
    }
    state.forEach((name, t) -> t.assignInPlace(arrays.get(name)));
  }

  /**
   * A copy of every named parameter's and buffer's current value, unaffected by later updates,
   * taken while no optimiser step runs ({@link ParameterUpdates}): consistent even while another
   * thread trains the module.
   *
   * @param module the module whose parameters and buffers are written or read
   * @return a copy of every named parameter's and buffer's current value, unaffected by later
   *     updates
   */
  public static Map<String, Tensor> snapshot(Module module) {
    Map<String, Tensor> state = tensors(module);
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ParameterUpdates.Scope alone = ParameterUpdates.snapshot()) {
      state.forEach((n, t) -> out.put(n, t.copy()));
    }
    return out;
  }

  /** The module's state: its parameters' values and its buffers, by dotted name. */
  private static Map<String, Tensor> tensors(Module module) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    module.namedParameters().forEach((n, p) -> out.put(n, p.value()));
    out.putAll(module.namedBuffers());
    return out;
  }
}
