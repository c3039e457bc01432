package dev.zerograd.interop;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.BatchNorm;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Conv2d;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.ParameterUpdates;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A module's arrays named and laid out as a state dict, in zerograd's layout or in PyTorch's: the
 * form every file format of this package writes and reads.
 *
 * <p>{@link Layout#ZEROGRAD} is {@link Checkpoint}'s: parameters then buffers by their dotted
 * names ({@code layers.affine1.W}, {@code bn1.runningMean}). {@link Layout#PYTORCH} is what
 * {@code torch.nn.Module.state_dict()} of the equivalent PyTorch model holds, so that {@code
 * load_state_dict(..., strict=True)} accepts the file, and a PyTorch state dict loads back: each
 * layer's arrays under its module path with PyTorch's names, {@code Affine} weights transposed to
 * {@code Linear}'s {@code (out, in)}, batch norm's {@code weight}, {@code bias}, {@code
 * running_mean}, {@code running_var} and {@code num_batches_tracked}; other parameters keep their
 * zerograd names. The equivalent PyTorch model has the same module names: a {@code Sequential}
 * of named layers is PyTorch's {@code nn.Sequential(OrderedDict(...))}, {@code Sequential.of}'s
 * {@code 0, 1, ...} is {@code nn.Sequential(...)}, a {@code TwoLayerNet} is a module with {@code
 * Affine1} and {@code Affine2} {@code Linear}s.
 */
public final class StateDicts {
  private StateDicts() {}

  /** How arrays are named and laid out. */
  public enum Layout {
    /** zerograd's own names and layouts, as {@link Checkpoint} saves. */
    ZEROGRAD,
    /** PyTorch's {@code state_dict()} names and layouts. */
    PYTORCH
  }

  /** The name suffix of batch norm's batch count, an integer in PyTorch. */
  public static final String BATCHES_TRACKED = "num_batches_tracked";

  /**
   * The module's arrays in {@code layout}: a consistent snapshot (taken as {@link
   * Checkpoint#snapshot} takes one, while no optimiser step runs), in module order.
   *
   * @param module the module
   * @param layout the names and layouts
   * @return the arrays by name; batch counts as float64 scalars (their names end in {@value
   *     #BATCHES_TRACKED}; {@link #integerNames} lists them)
   */
  public static Map<String, Tensor> of(Module module, Layout layout) {
    checkNotNull(module, "StateDicts.of: module is null");
    checkNotNull(layout, "StateDicts.of: layout is null");
    if (layout == Layout.ZEROGRAD) {
      return Checkpoint.snapshot(module);
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ParameterUpdates.Scope alone = ParameterUpdates.snapshot()) {
      for (Slot s : slots(module)) {
        out.put(s.name, s.read.get());
      }
    }
    return out;
  }

  /**
   * The names among {@code dict}'s that hold integers in PyTorch (batch norm's batch counts),
   * which a format with integer types writes as int64.
   *
   * @param dict a state dict
   * @return those names
   */
  public static Set<String> integerNames(Map<String, Tensor> dict) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : dict.keySet()) {
      if (n.equals(BATCHES_TRACKED) || n.endsWith("." + BATCHES_TRACKED)) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * Loads arrays named and laid out as {@code layout} into the module's parameters and buffers.
   * Strict, as PyTorch's {@code load_state_dict(strict=True)}: every name the module has must be
   * there with its shape, and no other; otherwise nothing changes and the error lists each
   * problem. Values are converted to the module's types.
   *
   * @param module the module
   * @param dict the arrays by name
   * @param layout how they are named and laid out
   * @param source where they come from, for the message (a file name)
   * @throws IllegalArgumentException listing missing, unexpected and mismatched arrays
   */
  public static void load(Module module, Map<String, Tensor> dict, Layout layout, String source) {
    checkNotNull(module, "StateDicts.load: module is null");
    checkNotNull(dict, "StateDicts.load: dict is null");
    checkNotNull(layout, "StateDicts.load: layout is null");
    if (layout == Layout.ZEROGRAD) {
      Map<String, Tensor> converted = new LinkedHashMap<>();
      Map<String, Tensor> own = Checkpoint.snapshot(module);
      dict.forEach(
          (n, t) -> converted.put(n, own.containsKey(n) ? t.to(own.get(n).dtype()) : t));
      Checkpoint.assign(module, converted, source);
      return;
    }
    List<Slot> slots = slots(module);
    List<String> problems = new ArrayList<>();
    Set<String> known = new LinkedHashSet<>();
    for (Slot s : slots) {
      known.add(s.name);
      Tensor t = dict.get(s.name);
      if (t == null) {
        problems.add("missing '" + s.name + "' " + s.shape);
      } else if (!t.shape().equals(s.shape)) {
        problems.add(
            String.format("'%s' is %s in the file but %s in the module", s.name, t.shape(), s.shape));
      }
    }
    for (String n : dict.keySet()) {
      if (!known.contains(n)) {
        problems.add("unexpected '" + n + "' " + dict.get(n).shape());
      }
    }
    checkArgument(
        problems.isEmpty(),
        "cannot load %s into %s (PyTorch layout): %s (nothing was changed)",
        source,
        module.getClass().getSimpleName(),
        String.join("; ", problems));
    try (ParameterUpdates.Scope alone = ParameterUpdates.snapshot()) {
      for (Slot s : slots) {
        s.write.accept(dict.get(s.name));
      }
    }
  }

  /** One array of the PyTorch layout: its name, shape, and how to read and write it. */
  private static final class Slot {
    final String name;
    final Shape shape;
    final Supplier<Tensor> read;
    final Consumer<Tensor> write;

    Slot(
        String name,
        Shape shape,
        Supplier<Tensor> read,
        Consumer<Tensor> write) {
      this.name = name;
      this.shape = shape;
      this.read = read;
      this.write = write;
    }
  }

  /** A tensor stored as it is: read a copy, write converted to its type. */
  private static Slot plain(String name, Tensor t) {
    return new Slot(name, t.shape(), t::copy, v -> t.assignInPlace(v.to(t.dtype())));
  }

  /** A matrix stored transposed (Affine's (in, out) as Linear's (out, in)). */
  private static Slot transposed(String name, Tensor t) {
    UnaryOperator<Tensor> flip = m -> m.transpose().contiguous();
    return new Slot(
        name,
        t.transpose().shape(),
        () -> flip.apply(t),
        v -> t.assignInPlace(flip.apply(v).to(t.dtype())));
  }

  /**
   * The arrays of the PyTorch layout, in module order: each known layer's under its path with
   * PyTorch's names (a layer reached under two paths, once: the first), then any parameter or
   * buffer no layer holds, under its zerograd name.
   */
  private static List<Slot> slots(Module module) {
    List<Slot> out = new ArrayList<>();
    Map<Object, Boolean> covered = new IdentityHashMap<>();
    layers("", module, out, covered, Collections.newSetFromMap(new IdentityHashMap<>()));
    module.namedParameters().forEach((n, p) -> {
      if (!covered.containsKey(p)) {
        out.add(plain(n, p.value()));
      }
    });
    module.namedBuffers().forEach((n, b) -> {
      if (!covered.containsKey(b)) {
        out.add(plain(n, b));
      }
    });
    return out;
  }

  private static void layers(
      String prefix,
      Module m,
      List<Slot> out,
      Map<Object, Boolean> covered,
      Set<Module> seen) {
    if (!seen.add(m)) {
      return;
    }
    if (m instanceof Affine a) {
      out.add(transposed(prefix + "weight", a.weight().value()));
      out.add(plain(prefix + "bias", a.bias().value()));
      covered.put(a.weight(), Boolean.TRUE);
      covered.put(a.bias(), Boolean.TRUE);
    } else if (m instanceof Conv2d c) {
      out.add(plain(prefix + "weight", c.weight().value()));
      covered.put(c.weight(), Boolean.TRUE);
      Variable b = c.bias();
      if (b != null) {
        out.add(plain(prefix + "bias", b.value()));
        covered.put(b, Boolean.TRUE);
      }
    } else if (m instanceof BatchNorm bn) {
      out.add(plain(prefix + "weight", bn.gamma().value()));
      out.add(plain(prefix + "bias", bn.beta().value()));
      out.add(plain(prefix + "running_mean", bn.runningMean()));
      out.add(plain(prefix + "running_var", bn.runningVar()));
      out.add(
          new Slot(
              prefix + BATCHES_TRACKED,
              Shape.scalar(),
              () -> Tensor.scalar(bn.batchesTracked(), DType.FLOAT64),
              v -> bn.setBatchesTracked(Math.round(v.item()))));
      covered.put(bn.gamma(), Boolean.TRUE);
      covered.put(bn.beta(), Boolean.TRUE);
      covered.put(bn.runningMean(), Boolean.TRUE);
      covered.put(bn.runningVar(), Boolean.TRUE);
    }
    for (Map.Entry<String, Module> e : m.modules().entrySet()) {
      layers(prefix + e.getKey() + ".", e.getValue(), out, covered, seen);
    }
  }
}
