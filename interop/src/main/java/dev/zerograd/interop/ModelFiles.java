package dev.zerograd.interop;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.interop.StateDicts.Layout;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Model files by extension: {@code .npz} (NumPy, {@link Checkpoint}), {@code .safetensors}
 * ({@link Safetensors}) and {@code .onnx} ({@link OnnxExport}, {@link OnnxModel}). The weights
 * formats carry metadata: the layout their names follow ({@code zerograd.layout}: zerograd's or
 * PyTorch's, {@link StateDicts}) and, for the library's nets, the architecture ({@code
 * zerograd.architecture}), so that {@link #load} rebuilds the net from the file alone. An
 * optimiser's state goes beside the weights, in {@link #optimizerFile}.
 */
public final class ModelFiles {
  /** The metadata key of the layout. */
  public static final String LAYOUT = "zerograd.layout";

  /** The metadata key of an optimiser state file's optimiser. */
  public static final String OPTIMIZER = "zerograd.optimizer";

  /** The extensions read and written. */
  public static final List<String> EXTENSIONS = List.of(".npz", ".safetensors", ".onnx");

  private ModelFiles() {}

  /** The formats, by extension. */
  private enum Format {
    NPZ,
    SAFETENSORS,
    ONNX
  }

  private static Format format(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (Format f : Format.values()) {
      if (name.endsWith("." + f.name().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        file + ": the file name must end in .npz, .safetensors or .onnx (the format is chosen by"
            + " it)");
  }

  /**
   * Checks that {@code file}'s extension names a format, before any long work.
   *
   * @param file the file
   * @throws IllegalArgumentException naming the file when it does not
   */
  public static void checkExtension(Path file) {
    format(checkNotNull(file, "ModelFiles: file is null"));
  }

  /**
   * Saves {@code model} in the format of {@code file}'s extension, atomically.
   *
   * @param model the module
   * @param file the file: {@code .npz}, {@code .safetensors} or {@code .onnx}
   * @param layout the names and layouts of a weights file (ignored for ONNX, whose graph names
   *     its initializers)
   * @param inputDims for ONNX, one sample's dimensions; may be empty for the library's nets
   *     (their rows)
   * @throws IOException naming the file when it cannot be written
   * @throws IllegalArgumentException for another extension, or an ONNX export without input
   *     dimensions for a module that does not say them
   */
  public static void save(Module model, Path file, Layout layout, int... inputDims)
      throws IOException {
    checkNotNull(model, "ModelFiles.save: model is null");
    checkNotNull(layout, "ModelFiles.save: layout is null");
    Format f = format(checkNotNull(file, "ModelFiles.save: file is null"));
    if (f == Format.ONNX) {
      int[] dims = inputDims.length > 0 ? inputDims : Architectures.inputDims(model);
      checkArgument(
          dims != null,
          "%s: give one sample's dimensions to export %s (its input shape is not known)",
          file,
          model.getClass().getSimpleName());
      OnnxExport.write(model, file, dims);
      return;
    }
    Map<String, Tensor> arrays = StateDicts.of(model, layout);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(LAYOUT, layout.name().toLowerCase(Locale.ROOT));
    String arch = Architectures.describe(model);
    if (arch != null) {
      metadata.put(Architectures.KEY, arch);
    }
    if (f == Format.NPZ) {
      Checkpoint.save(arrays, metadata, file);
    } else {
      Safetensors.write(file, arrays, metadata, StateDicts.integerNames(arrays));
    }
  }

  /** A weights file's arrays and metadata. */
  private record Weights(Map<String, Tensor> arrays, Map<String, String> metadata) {}

  private static Weights weights(Path file) throws IOException {
    if (format(file) == Format.NPZ) {
      return new Weights(Checkpoint.read(file), Checkpoint.metadata(file));
    }
    Safetensors.Contents c = Safetensors.read(file);
    return new Weights(c.tensors(), c.metadata());
  }

  private static Layout layout(Weights w, String source) {
    String name = w.metadata.getOrDefault(LAYOUT, "zerograd");
    for (Layout l : Layout.values()) {
      if (l.name().equalsIgnoreCase(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        source + ": " + LAYOUT + " is '" + name + "'; expected zerograd or pytorch");
  }

  /**
   * Loads a model from the file alone: an ONNX graph as an {@link OnnxModel}, a weights file as
   * the net its metadata names, with its weights.
   *
   * @param file the file
   * @return the model, in evaluation mode
   * @throws IOException naming the file when it cannot be read
   * @throws IllegalArgumentException naming the file when a weights file names no architecture
   *     zerograd knows, or its arrays do not fit it
   */
  public static Module load(Path file) throws IOException {
    checkNotNull(file, "ModelFiles.load: file is null");
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not a model file");
    }
    if (format(file) == Format.ONNX) {
      return OnnxModel.read(file).eval();
    }
    Weights w = weights(file);
    String arch = w.metadata.get(Architectures.KEY);
    checkArgument(
        arch != null,
        "%s: the file names no architecture (%s), so it cannot be evaluated alone; save it with"
            + " train-mnist or train-convnet, or export it as .onnx",
        file,
        Architectures.KEY);
    Module m = Architectures.build(arch, file.toString());
    StateDicts.load(m, w.arrays, layout(w, file.toString()), file.toString());
    return m.eval();
  }

  /**
   * Loads a weights file's arrays into {@code model}, in the layout its metadata names (zerograd's
   * when it names none, as a plain {@code .npz} of {@link Checkpoint}).
   *
   * @param model the module
   * @param file an {@code .npz} or {@code .safetensors} file
   * @throws IOException naming the file when it cannot be read
   * @throws IllegalArgumentException listing missing, unexpected and mismatched arrays (nothing
   *     is changed then), or for an ONNX file
   */
  public static void loadInto(Module model, Path file) throws IOException {
    checkNotNull(model, "ModelFiles.loadInto: model is null");
    checkArgument(
        format(file) != Format.ONNX,
        "%s: an ONNX file is a graph of its own; read it with ModelFiles.load", file);
    Weights w = weights(file);
    StateDicts.load(model, w.arrays, layout(w, file.toString()), file.toString());
  }

  /**
   * Where an optimiser's state is saved beside a weights file: {@code net.npz} ->
   * {@code net.optimizer.npz}, {@code net.safetensors} -> {@code net.optimizer.safetensors}.
   *
   * @param weights the weights file
   * @return the optimiser's file
   */
  public static Path optimizerFile(Path weights) {
    String name = weights.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot);
    return weights.resolveSibling(stem + ".optimizer" + ext);
  }

  /**
   * Saves an optimiser's state ({@link Optimizer#stateDict}) beside a weights file, in its format.
   *
   * @param optimizer the optimiser
   * @param model the module it updates, for the parameters' names
   * @param weights the weights file it goes beside
   * @throws IOException naming the file when it cannot be written
   */
  public static void saveOptimizer(Optimizer optimizer, Module model, Path weights)
      throws IOException {
    Path f = optimizerFile(weights);
    Map<String, Tensor> state = optimizer.stateDict(model);
    Map<String, String> kind = Map.of(OPTIMIZER, optimizer.getClass().getSimpleName());
    if (format(f) == Format.NPZ) {
      Checkpoint.save(state, kind, f);
    } else if (format(f) == Format.SAFETENSORS) {
      Safetensors.write(f, state, kind, Set.of());
    } else {
      throw new IllegalArgumentException(
          f + ": an optimiser's state goes beside a .npz or .safetensors file, not .onnx");
    }
  }

  /**
   * Restores an optimiser's state saved beside a weights file, when there is one.
   *
   * @param optimizer the optimiser
   * @param model the module it updates
   * @param weights the weights file
   * @return whether a state file was there and was loaded
   * @throws IOException naming the file when it cannot be read
   * @throws IllegalArgumentException as {@link Optimizer#loadStateDict}
   */
  public static boolean loadOptimizer(Optimizer optimizer, Module model, Path weights)
      throws IOException {
    Path f = optimizerFile(weights);
    if (!Files.exists(f)) {
      return false;
    }
    Weights w = weights(f);
    String saved = w.metadata.get(OPTIMIZER);
    String mine = optimizer.getClass().getSimpleName();
    checkArgument(
        saved == null || saved.equals(mine),
        "%s holds %s's state, not %s's; resume with the optimiser it was saved with, or delete the"
            + " file to start %s afresh",
        f,
        saved,
        mine,
        mine);
    optimizer.loadStateDict(model, w.arrays);
    return true;
  }
}
