package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Saves and loads a module's named parameters as a NumPy {@code .npz} file: a zip of one {@code
 * .npy} array per parameter, named by its dotted name ({@code W1.npy}, {@code affine1.W.npy}). A
 * network trained here opens with {@code numpy.load}, and arrays saved by {@code numpy.savez}
 * load here.
 */
public final class Checkpoint {
  private Checkpoint() {}

  /**
   * Writes every named parameter of {@code module} to {@code file}, atomically: the arrays go to
   * a temporary file in the same directory, which is flushed to disk and then renamed over
   * {@code file}, so a crash mid-save leaves the previous file intact.
   *
   * @throws IOException when the file cannot be written (the previous file is untouched)
   */
  public static void save(Module module, Path file) throws IOException {
    save(tensors(module), file);
  }

  /** Writes named arrays to an .npz file atomically; see {@link #save(Module, Path)}. */
  public static void save(Map<String, Tensor> arrays, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp);
          ZipOutputStream zip = new ZipOutputStream(out)) {
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
          Npy.checkName(e.getKey());
          zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
          zip.write(Npy.write(e.getValue()));
          zip.closeEntry();
        }
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Every array in an .npz file, by name (without {@code .npy}), in file order.
   *
   * @throws IOException when the file is not a zip of float32/float64 .npy arrays
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String name = e.getName();
        if (!name.endsWith(".npy")) {
          throw new IOException(file + ": entry '" + name + "' is not a .npy array");
        }
        String key = name.substring(0, name.length() - 4);
        out.put(key, Npy.read(zip.readAllBytes(), file + ":" + name));
      }
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": not an .npz file, or it holds no arrays");
    }
    return out;
  }

  /**
   * Loads {@code file} into {@code module}'s parameters. Every name, shape and type must match;
   * otherwise nothing is changed and the error lists each mismatch.
   *
   * @throws IllegalArgumentException listing missing, unexpected and mismatched arrays
   * @throws IOException when the file cannot be read
   */
  public static void load(Module module, Path file) throws IOException {
    assign(module, read(file), file.toString());
  }

  /**
   * Copies named arrays into {@code module}'s parameters (for example a snapshot taken with
   * {@link #snapshot}). Every name, shape and type must match; otherwise nothing is changed.
   *
   * @param source where the arrays come from, for the error message
   * @throws IllegalArgumentException listing missing, unexpected and mismatched arrays
   */
  public static void assign(Module module, Map<String, Tensor> arrays, String source) {
    Map<String, Variable> params = module.namedParameters();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Variable> p : params.entrySet()) {
      Tensor a = arrays.get(p.getKey());
      Variable v = p.getValue();
      if (a == null) {
        problems.add("missing '" + p.getKey() + "' " + v.shape() + " " + v.dtype());
      } else if (!a.shape().equals(v.shape()) || a.dtype() != v.dtype()) {
        problems.add(
            String.format(
                "'%s' is %s %s in the file but %s %s in the module",
                p.getKey(), a.shape(), a.dtype(), v.shape(), v.dtype()));
      }
    }
    for (String name : arrays.keySet()) {
      if (!params.containsKey(name)) {
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
    params.forEach((name, p) -> p.value().assignInPlace(arrays.get(name)));
  }

  /** A copy of every named parameter's current value, unaffected by later updates. */
  public static Map<String, Tensor> snapshot(Module module) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    module.namedParameters().forEach((n, p) -> out.put(n, p.value().copy()));
    return out;
  }

  private static Map<String, Tensor> tensors(Module module) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    module.namedParameters().forEach((n, p) -> out.put(n, p.value()));
    return out;
  }
}
