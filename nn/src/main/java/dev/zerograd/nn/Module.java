package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A piece of a network: a forward function with named parameters and nested modules.
 *
 * <p>Parameters and sub-modules are kept in the order they were registered, like the textbook's
 * {@code OrderedDict} of layers; {@link #namedParameters()} names a sub-module's parameters with
 * dots ({@code affine1.W}). A module is in training mode until {@link #eval()}.
 */
public abstract class Module {
  private final Map<String, Variable> parameters = new LinkedHashMap<>();
  private final Map<String, Module> modules = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private volatile boolean training = true;

  /**
   * The forward pass.
   *
   * @param x the input; see each module's shape contract
   * @return the output, recorded on the tape when a parameter requires a gradient
   */
  public abstract Variable forward(Variable x);

  /**
   * Declares and registers a parameter in one call: a fresh leaf named {@code name} that requires
   * a gradient, holding {@code initial} (typically {@code init.initialize(shape, fans, dtype,
   * g)}).
   *
   * @param name the name, unique within this module
   * @param initial the initial value, which the parameter holds (not a copy)
   * @return the parameter
   * @throws IllegalArgumentException when the name is empty, contains a dot, or is taken
   */
  protected final Variable parameter(String name, Tensor initial) {
    checkNotNull(initial, "%s: the initial value of '%s' is null", getClass().getSimpleName(), name);
    return registerParameter(name, Variable.parameter(initial, name));
  }

  /**
   * Adds a parameter under {@code name}.
   *
   * @param name the name, unique within this module
   * @param parameter the parameter
   * @return the parameter
   * @throws IllegalArgumentException when the name is empty, contains a dot, or is taken, or the
   *     variable is not a leaf that requires a gradient
   */
  protected final Variable registerParameter(String name, Variable parameter) {
    checkName(name);
    checkNotNull(parameter, "%s: parameter '%s' is null", getClass().getSimpleName(), name);
    checkArgument(
        parameter.isLeaf() && parameter.requiresGrad(),
        "%s: '%s' must be a leaf that requires a gradient (Variable.parameter), got %s",
        getClass().getSimpleName(),
        name,
        parameter);
    parameters.put(name, parameter);
    return parameter;
  }

  /**
   * Adds a buffer under {@code name}: state that is not trained but belongs to the module and is
   * saved with it (BatchNorm's running statistics), as PyTorch's {@code register_buffer}.
   *
   * @param name the name, unique within this module
   * @param buffer the buffer
   * @return the buffer
   * @throws IllegalArgumentException when the name is empty, contains a dot, or is taken
   */
  protected final Tensor registerBuffer(String name, Tensor buffer) {
    checkName(name);
    checkNotNull(buffer, "%s: buffer '%s' is null", getClass().getSimpleName(), name);
    buffers.put(name, buffer);
    return buffer;
  }

  /**
   * Every buffer, this module's first and then each sub-module's, named with dots ({@code
   * bn1.runningMean}). A buffer reached twice (a module registered under two names) appears once,
   * under its first name. An immutable snapshot of the names; the tensors are the live buffers.
   *
   * @return every buffer, this module's first and then each sub-module's, named with dots ({@code
   *     bn1.runningMean})
   */
  public Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", m -> m.buffers, out, new IdentityHashMap<>());
    return Collections.unmodifiableMap(out);
  }

  /**
   * Collects one kind of member of this module and its descendants, depth first in registration
   * order, each object once (by identity) under the first name that reaches it: a layer shared by
   * two names, or one tensor registered twice, is counted once, as PyTorch's {@code
   * named_parameters} does.
   */
  private <T> void collect(
      String prefix,
      Function<Module, Map<String, T>> members,
      Map<String, T> out,
      Map<Object, Boolean> seen) {
    members.apply(this).forEach((n, t) -> {
      if (seen.put(t, Boolean.TRUE) == null) {
        out.put(prefix + n, t);
      }
    });
    modules.forEach((n, m) -> m.collect(prefix + n + ".", members, out, seen));
  }

  /**
   * Adds a sub-module under {@code name}; its parameters appear as {@code name.param}.
   *
   * @param <M> the module's type
   * @param name the name, unique within this module
   * @param module the module to register
   * @return the module
   * @throws IllegalArgumentException when the name is empty, contains a dot, or is taken
   */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkName(name);
    checkNotNull(module, "%s: module '%s' is null", getClass().getSimpleName(), name);
    checkArgument(
        !((Module) module).contains(this),
        "%s: cannot register '%s' (%s): it %s, and a module tree cannot contain itself; register"
            + " a new instance instead",
        getClass().getSimpleName(),
        name,
        module.getClass().getSimpleName(),
        module == this ? "is this module" : "contains this module");
    modules.put(name, module);
    return module;
  }

  /** Whether {@code m} is this module or one of its descendants (a tree has no cycles). */
  private boolean contains(Module m) {
    if (this == m) {
      return true;
    }
    for (Module child : modules.values()) {
      if (child.contains(m)) {
        return true;
      }
    }
    return false;
  }

  private void checkName(String name) {
    checkArgument(
        name != null && !name.isEmpty() && !name.contains("."),
        "%s: name '%s' must be non-empty and contain no dot",
        getClass().getSimpleName(),
        name);
    checkArgument(
        !parameters.containsKey(name) && !modules.containsKey(name) && !buffers.containsKey(name),
        "%s: the name '%s' is already taken",
        getClass().getSimpleName(),
        name);
  }

  /**
   * Every parameter, this module's first and then each sub-module's in registration order,
   * named with dots ({@code affine1.W}). A parameter reached twice (a layer registered under two
   * names, tied weights) appears once, under its first name, so that optimisers update it once
   * per step and checkpoints save it once. An immutable snapshot.
   *
   * @return every parameter, this module's first and then each sub-module's in registration order,
   *     named with dots ({@code affine1.W})
   */
  public Map<String, Variable> namedParameters() {
    Map<String, Variable> out = new LinkedHashMap<>();
    collect("", m -> m.parameters, out, new IdentityHashMap<>());
    return Collections.unmodifiableMap(out);
  }

  /**
   * Every parameter, in the order of {@link #namedParameters()}; an unmodifiable list.
   *
   * @return every parameter, in the order of {@link #namedParameters()}; an unmodifiable list
   */
  public List<Variable> parameters() {
    return List.copyOf(namedParameters().values());
  }

  /**
   * The outputs for a batch of inputs, for inference: in evaluation mode ({@link EvalMode}, on
   * this thread only: the module's own mode is not touched, so another thread may train it
   * meanwhile), recording nothing ({@link NoGrad}), {@link Metrics#DEFAULT_BATCH} rows at a time
   * so that a large set needs one batch of activations at once, each converted to the
   * parameters' type (float32 images into a float64 model, say). PyTorch's {@code model.eval()}
   * with {@code torch.no_grad()}, in one call. An empty batch gives an empty result.
   *
   * @param x inputs {@code (N, ...)}, as {@link #forward} takes them
   * @return the outputs {@code (N, ...)}
   * @throws IllegalArgumentException when x is a scalar
   */
  public Tensor predict(Tensor x) {
    checkNotNull(x, "predict: x is null");
    checkArgument(x.rank() >= 1, "predict: x must be a batch (N, ...), got a scalar");
    int n = x.dim(0);
    DType type = inputType(x.dtype());
    try (EvalMode eval = EvalMode.enter();
        NoGrad scope = NoGrad.enter()) {
      if (n <= Metrics.DEFAULT_BATCH) {
        return forward(Variable.of(x.to(type))).value();
      }
      Tensor out = null;
      for (int start = 0; start < n; start += Metrics.DEFAULT_BATCH) {
        int end = Math.min(n, start + Metrics.DEFAULT_BATCH);
        Tensor part = forward(Variable.of(x.sliceRows(start, end).to(type))).value();
        if (out == null) {
          int[] dims = part.shape().toArray();
          dims[0] = n;
          out = Tensor.zeros(part.dtype(), dims);
        }
        out.sliceRows(start, end).assignInPlace(part);
      }
      return out;
    }
  }

  /**
   * The type inputs are converted to for inference: the parameters' type, or {@code given} for a
   * module without parameters.
   */
  DType inputType(DType given) {
    List<Variable> ps = parameters();
    return ps.isEmpty() ? given : ps.get(0).dtype();
  }

  /**
   * The fraction of rows of {@code x} whose highest output is the label, computed as {@link
   * #predict} computes (evaluation mode on this thread, no recording, in batches).
   *
   * @param x the inputs, one row per sample
   * @param labels the class index of each row
   * @return the fraction of rows of {@code x} whose highest output is the label, computed as {@link
   *     #predict} computes (evaluation mode on this thread, no recording, in batches)
   * @throws IllegalArgumentException when there is not one label per row
   */
  public double accuracy(Tensor x, int[] labels) {
    return Metrics.accuracy(this, x, labels);
  }

  /**
   * The direct sub-modules, in registration order: a read-only view, not a copy.
   *
   * @return the direct sub-modules, in registration order
   */
  public Map<String, Module> modules() {
    return java.util.Collections.unmodifiableMap(modules);
  }

  /**
   * Switches this module and its sub-modules to training mode. Returns this.
   *
   * @return this
   */
  public Module train() {
    setTraining(true);
    return this;
  }

  /**
   * Switches this module and its sub-modules to evaluation mode. Returns this.
   *
   * @return this
   */
  public Module eval() {
    setTraining(false);
    return this;
  }

  private void setTraining(boolean on) {
    training = on;
    modules.values().forEach(m -> m.setTraining(on));
  }

  /**
   * Whether the module computes in training mode now: its own mode ({@link #train()}, {@link
   * #eval()}), unless an {@link EvalMode} scope is open on this thread.
   *
   * @return whether the module is in training mode on this thread
   */
  public boolean isTraining() {
    return training && !EvalMode.isActive();
  }

  /** Clears every parameter's gradient. */
  public void zeroGrad() {
    parameters().forEach(Variable::zeroGrad);
  }

  /**
   * Total number of parameter elements.
   *
   * @return total number of parameter elements
   */
  public long parameterCount() {
    return parameters().stream().mapToLong(p -> p.shape().size()).sum();
  }

  /** The module tree with parameter shapes, e.g. {@code Affine(W=(784, 50), b=(50,))}. */
  @Override
  public String toString() {
    return describe("");
  }

  private String describe(String indent) {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
    boolean first = true;
    for (Map.Entry<String, Variable> e : parameters.entrySet()) {
      sb.append(first ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().shape());
      first = false;
    }
    if (!modules.isEmpty()) {
      for (Map.Entry<String, Module> e : modules.entrySet()) {
        sb.append('\n').append(indent).append("  (").append(e.getKey()).append("): ");
        sb.append(e.getValue().describe(indent + "  "));
      }
      sb.append('\n').append(indent);
    }
    return sb.append(')').toString();
  }
}
