package dev.zerograd.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.ParameterUpdates;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. {@link #step()} runs inside {@link NoGrad}, changes
 * each parameter's value in place, and skips parameters that require no gradient or have none
 * yet; gradients are cleared only by {@link #zeroGrad()}.
 *
 * <p>Weight decay adds {@code weightDecay * p} to each gradient before the update (L2
 * regularisation). Subclasses implement {@link #update} for one parameter; state such as
 * velocities is kept per parameter, created on first use.
 */
public abstract class Optimizer {
  private final ImmutableList<Variable> params;
  /** Each parameter's L2 weight decay: its group's, or the optimiser's. */
  private final double[] weightDecays;
  /** Each parameter's learning rate (its group's, or the builder's); null when not built. */
  private final double[] lrs;
  private final List<Tensor[]> state;
  private long steps;

  /**
   * @param params the parameters to update, in order
   * @param weightDecay L2 factor, >= 0
   * @throws IllegalArgumentException for a negative or non-finite weight decay, or parameters
   *     that cannot be optimised: none, one given twice, a value computed by an op, or only
   *     constants
   */
  protected Optimizer(Iterable<Variable> params, double weightDecay) {
    this(params, weightDecay, null);
  }

  /**
   * An optimiser with its builder's parameters, learning rate, weight decay and parameter groups
   * ({@link Builder#group}); {@link #lr(int)} gives each parameter's learning rate.
   *
   * @param b the settings
   * @throws IllegalArgumentException for a learning rate or weight decay out of range, a group
   *     that names a parameter this optimiser does not update, or a parameter in two groups
   */
  protected Optimizer(Builder<?, ?> b) {
    this(b.params, b.weightDecay, b);
  }

  private Optimizer(Iterable<Variable> params, double weightDecay, Builder<?, ?> b) {
    String name = getClass().getSimpleName();
    checkDecay(name, "", weightDecay);
    this.params = checkParameters(name, params);
    this.weightDecays = new double[this.params.size()];
    java.util.Arrays.fill(weightDecays, weightDecay);
    this.lrs = b == null ? null : new double[this.params.size()];
    if (b != null) {
      java.util.Arrays.fill(lrs, check(name, "lr", b.lr, Double.MIN_VALUE, Double.MAX_VALUE));
      applyGroups(name, b.groups);
    }
    this.state = new ArrayList<>();
    for (int i = 0; i < this.params.size(); i++) {
      state.add(null);
    }
  }

  private static void checkDecay(String name, String where, double weightDecay) {
    checkArgument(
        weightDecay >= 0 && Double.isFinite(weightDecay),
        "%s: weight decay %s%s must be >= 0",
        name,
        weightDecay,
        where);
  }

  /** Gives each group's parameters the group's learning rate and weight decay. */
  private void applyGroups(String name, List<Group> groups) {
    Map<Variable, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      index.put(params.get(i), i);
    }
    Map<Variable, Integer> groupOf = new IdentityHashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      String where = " of parameter group " + g;
      check(name, "lr" + where, group.lr(), Double.MIN_VALUE, Double.MAX_VALUE);
      if (group.weightDecay() != null) {
        checkDecay(name, where, group.weightDecay());
      }
      for (Variable p : group.params()) {
        Integer i = index.get(checkNotNull(p, "%s: parameter group %s holds a null", name, g));
        checkArgument(
            i != null,
            "%s: parameter group %s holds %s, which is not among the %s parameters this optimiser"
                + " updates; give the builder the parameters and each group a subset of them",
            name,
            g,
            p.name(),
            params.size());
        Integer earlier = groupOf.putIfAbsent(p, g);
        checkArgument(
            earlier == null,
            "%s: parameter %s is in parameter groups %s and %s; put each parameter in one group",
            name,
            p.name(),
            earlier,
            g);
        lrs[i] = group.lr();
        if (group.weightDecay() != null) {
          weightDecays[i] = group.weightDecay();
        }
      }
    }
  }

  /**
   * One parameter group: a subset of the parameters with a learning rate, and a weight decay
   * of its own when not null (PyTorch's {@code param_groups}).
   */
  record Group(List<Variable> params, double lr, Double weightDecay) {}

  /**
   * The parameters, checked: at least one, each once (an optimiser given one twice would update
   * it twice per step), each a leaf (a value computed by an op would never change), and at least
   * one that requires a gradient (constants are kept but skipped, as frozen parameters). PyTorch refuses the same ("optimizer got an empty parameter
   * list", "can't optimize a non-leaf Tensor").
   */
  private static ImmutableList<Variable> checkParameters(String name, Iterable<Variable> params) {
    checkNotNull(params, "%s: the parameter list is null", name);
    ImmutableList<Variable> list = ImmutableList.copyOf(params);
    checkArgument(
        !list.isEmpty(),
        "%s: got an empty parameter list; give the parameters to update (model.parameters())",
        name);
    Map<Variable, Integer> first = new IdentityHashMap<>();
    boolean trainable = false;
    for (int i = 0; i < list.size(); i++) {
      Variable p = checkNotNull(list.get(i), "%s: parameter %s is null", name, i);
      checkArgument(
          p.isLeaf(),
          "%s: parameter %s (%s) is not a leaf but computed by an op; optimise the parameters it"
              + " is computed from",
          name,
          i,
          p.name());
      trainable |= p.requiresGrad();
      Integer earlier = first.putIfAbsent(p, i);
      checkArgument(
          earlier == null,
          "%s: parameter %s (%s) appears twice in the list (also at %s), so it would be updated"
              + " twice per step; give each parameter once",
          name,
          i,
          p.name(),
          earlier);
    }
    checkArgument(
        trainable,
        "%s: none of the %s parameter(s) requires a gradient (all are constants made with"
            + " Variable.of), so no step would change anything; give Variable.parameter values",
        name,
        list.size());
    return list;
  }

  /**
   * The settings every optimiser has, for the builders of the subclasses ({@code
   * Adam.builder(params).lr(3e-4).weightDecay(1e-4).build()}); each adds its own.
   *
   * @param <B> the concrete builder, returned by the setters
   * @param <O> the optimiser it builds
   */
  public abstract static class Builder<B extends Builder<B, O>, O extends Optimizer> {
    final Iterable<Variable> params;
    double lr;
    double weightDecay;
    final List<Group> groups = new ArrayList<>();

    /**
     * @param params the parameters to update
     * @param lr the default learning rate
     */
    protected Builder(Iterable<Variable> params, double lr) {
      this.params = params;
      this.lr = lr;
    }

    /**
     * The learning rate, > 0.
     *
     * @param value the learning rate, positive
     * @return the learning rate, > 0
     */
    public B lr(double value) {
      this.lr = value;
      return self();
    }

    /**
     * L2 weight decay: {@code weightDecay * p} added to each gradient (default 0).
     *
     * @param value the L2 penalty added to each gradient as {@code weightDecay * param}, at least 0
     * @return l2 weight decay: {@code weightDecay * p} added to each gradient (default 0)
     */
    public B weightDecay(double value) {
      this.weightDecay = value;
      return self();
    }

    /**
     * A parameter group (PyTorch's {@code param_groups}): these parameters, a subset of the
     * builder's, are updated with learning rate {@code lr} instead of the builder's; everything
     * else is the builder's. {@code Adam.builder(net).lr(1e-3).group(head.parameters(),
     * 1e-2).build()} trains the head ten times faster.
     *
     * @param subset the group's parameters, each among the builder's and in no other group
     * @param lr the group's learning rate, positive
     * @return this builder
     */
    public B group(Iterable<Variable> subset, double lr) {
      groups.add(new Group(ImmutableList.copyOf(subset), lr, null));
      return self();
    }

    /**
     * A parameter group with its own learning rate and L2 weight decay ({@code
     * weightDecay(0)} for a group of biases and norms is a common recipe).
     *
     * @param subset the group's parameters, each among the builder's and in no other group
     * @param lr the group's learning rate, positive
     * @param weightDecay the group's L2 weight decay, at least 0
     * @return this builder
     */
    public B group(Iterable<Variable> subset, double lr, double weightDecay) {
      groups.add(new Group(ImmutableList.copyOf(subset), lr, weightDecay));
      return self();
    }

    /**
     * This builder, typed.
     *
     * @return this builder, typed
     */
    protected abstract B self();

    /**
     * The optimiser.
     *
     * @return the optimiser
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public abstract O build();
  }

  /**
   * The parameters of {@code module}.
   *
   * @param module the module whose parameters are updated
   * @return the parameters of {@code module}
   */
  protected static Iterable<Variable> of(Module module) {
    return module.parameters();
  }

  /**
   * The parameters this optimiser updates.
   *
   * @return the parameters this optimiser updates
   */
  public final List<Variable> parameters() {
    return params;
  }

  /**
   * Number of completed steps.
   *
   * @return number of completed steps
   */
  public final long steps() {
    return steps;
  }

  /**
   * Applies one update to every parameter that requires a gradient and has one, under {@link
   * ParameterUpdates#update()}, so that a checkpoint saved meanwhile sees this step whole.
   */
  public final void step() {
    steps++;
    try (NoGrad scope = NoGrad.enter();
        ParameterUpdates.Scope update = ParameterUpdates.update()) {
      for (int i = 0; i < params.size(); i++) {
        Variable p = params.get(i);
        if (!p.requiresGrad() || p.grad() == null) {
          continue;
        }
        Tensor grad = p.grad();
        if (weightDecays[i] != 0) {
          grad = grad.add(p.value().mul(weightDecays[i]));
        }
        update(i, p.value(), grad);
      }
    }
  }

  /** Clears every parameter's gradient. */
  public final void zeroGrad() {
    params.forEach(Variable::zeroGrad);
  }

  /**
   * The learning rate of parameter {@code index}: its group's, or the builder's.
   *
   * @param index the parameter's position
   * @return its learning rate
   * @throws IllegalStateException for an optimiser not made by {@link #Optimizer(Builder)}
   */
  protected final double lr(int index) {
    com.google.common.base.Preconditions.checkState(
        lrs != null,
        "%s: lr(index) needs the Optimizer(Builder) constructor, which knows the learning rates",
        getClass().getSimpleName());
    return lrs[index];
  }

  /**
   * Updates one parameter in place.
   *
   * @param index the parameter's position, for {@link #state}
   * @param param the value to update; modified
   * @param grad the gradient (with weight decay added); not modified
   */
  protected abstract void update(int index, Tensor param, Tensor grad);

  /**
   * The state tensors of parameter {@code index} (velocities, squared-gradient sums), created
   * as {@code count} zero tensors of the parameter's shape on first use.
   *
   * @param index the parameter's position
   * @param param the parameter
   * @param count how many state tensors the optimiser keeps per parameter
   * @return the state tensors of parameter {@code index} (velocities, squared-gradient sums),
   *     created as {@code count} zero tensors of the parameter's shape on first use
   */
  protected final Tensor[] state(int index, Tensor param, int count) {
    Tensor[] s = state.get(index);
    if (s == null) {
      s = new Tensor[count];
      for (int k = 0; k < count; k++) {
        s[k] = Tensor.zeros(param.shape(), param.dtype());
      }
      state.set(index, s);
    }
    return s;
  }

  /**
   * Whether parameter {@code index} has state yet: false before {@link #state} first creates it
   * (before the parameter's first update), true after, and after {@link #loadStateDict} restored
   * it. For rules whose first step differs (PyTorch's SGD starts its momentum buffer at the
   * gradient).
   *
   * @param index the parameter's position
   * @return whether its state exists
   */
  protected final boolean hasState(int index) {
    return state.get(index) != null;
  }

  /**
   * The names of the state tensors this optimiser keeps per parameter, in the order {@link
   * #state} creates them; PyTorch's names where the tensor is the one PyTorch keeps ({@code
   * exp_avg}, {@code exp_avg_sq}, {@code sum}, {@code square_avg}). An optimiser without state
   * per parameter keeps the default, none.
   *
   * @return the names, one per state tensor
   */
  protected List<String> stateNames() {
    return List.of();
  }

  /**
   * Everything this optimiser needs to go on where it stopped, by name: {@code step}, the number
   * of steps taken (a float64 scalar), and for every parameter that has state, {@code
   * NAME.SLOT} (the parameter's name in {@code module}, as {@link Module#namedParameters} gives
   * it, and a name of {@link #stateNames}), a copy. Saved beside a checkpoint ({@code
   * Checkpoint.save(optimizer.stateDict(net), file)}) and given back to {@link #loadStateDict},
   * training resumes exactly: N steps equal N/2 steps, a save, a load into new objects and N/2
   * more, bit for bit.
   *
   * @param module the module whose parameters this optimiser updates, for their names
   * @return the state, a snapshot
   * @throws IllegalArgumentException when a parameter of this optimiser is not one of the
   *     module's
   */
  public final Map<String, Tensor> stateDict(Module module) {
    Map<Variable, String> names = names(module);
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ParameterUpdates.Scope alone = ParameterUpdates.snapshot()) {
      out.put(STEP, Tensor.scalar(steps, DType.FLOAT64));
      for (int i = 0; i < params.size(); i++) {
        Tensor[] s = state.get(i);
        if (s != null) {
          String name = names.get(params.get(i));
          for (int k = 0; k < s.length; k++) {
            out.put(name + "." + stateNames().get(k), s[k].copy());
          }
        }
      }
    }
    return out;
  }

  /**
   * Restores state saved by {@link #stateDict}: the step count and every parameter's state
   * tensors. All or nothing: every entry must name a parameter of {@code module} that this
   * optimiser updates and one of its {@link #stateNames}, with the parameter's shape and type,
   * each parameter's slots all present or all absent; otherwise nothing changes and the error
   * lists each problem.
   *
   * @param module the module whose parameters this optimiser updates, for their names
   * @param dict the state, as {@link #stateDict} made it
   * @throws IllegalArgumentException listing every missing, unexpected or mismatched entry
   */
  public final void loadStateDict(Module module, Map<String, Tensor> dict) {
    String me = getClass().getSimpleName();
    Map<Variable, String> names = names(module);
    List<String> problems = new ArrayList<>();
    Tensor step = dict.get(STEP);
    long loadedSteps = -1;
    if (step == null || step.size() != 1) {
      problems.add("no '" + STEP + "' scalar");
    } else {
      double v = step.item();
      if (!(v >= 0) || v != Math.rint(v)) {
        problems.add("'" + STEP + "' is " + v + ", not a step count");
      } else {
        loadedSteps = (long) v;
      }
    }
    List<Tensor[]> loaded = new ArrayList<>();
    java.util.Set<String> used = new java.util.HashSet<>();
    used.add(STEP);
    List<String> slots = stateNames();
    for (int i = 0; i < params.size(); i++) {
      Variable p = params.get(i);
      String name = names.get(p);
      Tensor[] s = new Tensor[slots.size()];
      int found = 0;
      for (int k = 0; k < slots.size(); k++) {
        String key = name + "." + slots.get(k);
        Tensor t = dict.get(key);
        if (t == null) {
          continue;
        }
        used.add(key);
        found++;
        if (!t.shape().equals(p.shape()) || t.dtype() != p.dtype()) {
          problems.add(
              String.format(
                  "'%s' is %s %s but the parameter is %s %s",
                  key, t.shape(), t.dtype(), p.shape(), p.dtype()));
        }
        s[k] = t;
      }
      if (found != 0 && found != slots.size()) {
        problems.add("'" + name + "' has " + found + " of its " + slots.size() + " state tensors " + slots);
      }
      loaded.add(found == 0 ? null : s);
    }
    for (String key : dict.keySet()) {
      if (!used.contains(key)) {
        problems.add("unexpected '" + key + "'");
      }
    }
    checkArgument(
        problems.isEmpty(),
        "%s.loadStateDict: %s (nothing was changed)",
        me,
        String.join("; ", problems));
    try (ParameterUpdates.Scope alone = ParameterUpdates.snapshot()) {
      steps = loadedSteps;
      for (int i = 0; i < params.size(); i++) {
        Tensor[] s = loaded.get(i);
        if (s == null) {
          state.set(i, null);
        } else {
          Tensor[] copies = new Tensor[s.length];
          for (int k = 0; k < s.length; k++) {
            copies[k] = s[k].contiguous().copy();
          }
          state.set(i, copies);
        }
      }
    }
  }

  /** The key of the step count in a state dict. */
  private static final String STEP = "step";

  /** Each parameter of this optimiser by its name in {@code module}. */
  private Map<Variable, String> names(Module module) {
    checkNotNull(module, "%s: module is null", getClass().getSimpleName());
    Map<Variable, String> names = new IdentityHashMap<>();
    module.namedParameters().forEach((n, p) -> names.put(p, n));
    for (int i = 0; i < params.size(); i++) {
      checkArgument(
          names.containsKey(params.get(i)),
          "%s: parameter %s (%s) is not a parameter of the %s given; give the module whose"
              + " parameters this optimiser updates",
          getClass().getSimpleName(),
          i,
          params.get(i).name(),
          module.getClass().getSimpleName());
    }
    return names;
  }

  /** Checks a hyper-parameter: finite and within [min, max]. */
  static double check(String op, String name, double value, double min, double max) {
    checkArgument(
        Double.isFinite(value) && value >= min && value <= max,
        "%s: %s is %s; it must be in [%s, %s]",
        op,
        name,
        value,
        min,
        max);
    return value;
  }
}
