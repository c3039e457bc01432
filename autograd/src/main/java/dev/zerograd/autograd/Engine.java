package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Storage;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/** Applies ops (recording them) and runs backward over what was recorded. */
final class Engine {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private Engine() {}

  static Variable apply(Op op, Variable[] inputs) {
    checkArgument(inputs != null, "op '%s': inputs are null", op.name());
    checkArgument(
        op.arity() == Op.VARIADIC || inputs.length == op.arity(),
        "op '%s' takes %s input(s) but was given %s",
        op.name(),
        op.arity(),
        inputs.length);
    Tape tape = Tape.current();
    boolean record = false;
    int n = inputs.length;
    Tensor[] values = new Tensor[n];
    boolean[] needs = new boolean[n];
    Shape[] shapes = new Shape[n];
    DType[] dtypes = new DType[n];
    long latest = 0;
    for (int i = 0; i < n; i++) {
      Variable in = inputs[i];
      checkArgument(in != null, "op '%s': input %s is null", op.name(), i);
      values[i] = in.value();
      shapes[i] = values[i].shape();
      dtypes[i] = values[i].dtype();
      needs[i] = in.requiresGrad();
      record |= needs[i];
      latest = Math.max(latest, in.position());
    }
    record &= tape.noGradDepth == 0;
    Context ctx = new Context(record, needs, shapes, dtypes);
    Tensor out = op.forward(ctx, values);
    if (out == null) {
      throw new IllegalStateException(
          "op '" + op.name() + "': forward returned null; return the output tensor");
    }
    StackTraceElement site = tape.anomalyDepth > 0 ? callerSite() : null;
    if (site != null) {
      checkFinite(out, op.name(), "output", site.toString());
    }
    if (!record) {
      return new Variable(out, null, null);
    }
    Node node = new Node(op, ctx, inputs.clone(), tape.next(latest), out, site);
    return new Variable(out, node, null);
  }

  /**
   * The first stack frame outside zerograd's library code (the engine, {@link Variable}, the
   * ops, and the tensor, autograd and nn packages) and outside every op: the user's line whose
   * call created the op, even when the op was created inside an nn layer.
   */
  private static StackTraceElement callerSite() {
    return WALKER.walk(
        frames ->
            frames
                .filter(f -> !isMachinery(f.getDeclaringClass()))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
  }

  private static boolean isMachinery(Class<?> k) {
    return Op.class.isAssignableFrom(k) || LIBRARY.get(k);
  }

  /**
   * The library's packages, each with a class of the library that marks where its code comes
   * from: a class in one of these packages is library code when it was loaded from the same
   * place (jar or classes directory) as the marker, so that a user's class in a package of the
   * same name (a test, say) still counts as the user's.
   */
  private static final String[][] LIBRARY_MARKERS = {
    {"dev.zerograd.tensor", "dev.zerograd.tensor.Tensor"},
    {"dev.zerograd.autograd", "dev.zerograd.autograd.Engine"},
    {"dev.zerograd.nn", "dev.zerograd.nn.Module"},
  };

  private static final ClassValue<Boolean> LIBRARY =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> k) {
          String pkg = k.getPackageName();
          for (String[] lib : LIBRARY_MARKERS) {
            if (pkg.equals(lib[0]) || pkg.startsWith(lib[0] + ".")) {
              return sameSource(k, lib[1]);
            }
          }
          return false;
        }
      };

  private static boolean sameSource(Class<?> k, String markerName) {
    try {
      Class<?> marker = Class.forName(markerName, false, k.getClassLoader());
      return Objects.equals(location(k), location(marker));
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Object location(Class<?> k) {
    java.security.CodeSource source = k.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }

  private static void checkFinite(Tensor t, String opName, String what, String where) {
    if (t.allFinite()) {
      return;
    }
    String kind = t.ne(t).sum().item() > 0 ? "NaN" : "infinity";
    throw new AnomalyException(
        opName,
        String.format(
            "anomaly: op '%s' produced %s in its %s (shape %s)%s",
            opName, kind, what, t.shape(), where == null ? "" : ", created at " + where));
  }

  static void backward(Variable root, Tensor seed, boolean retainGraph) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          "backward: this value does not require a gradient: nothing it was computed from is a"
              + " parameter. Create inputs with Variable.parameter(...) (or outside NoGrad) to"
              + " differentiate with respect to them");
    }
    Shape shape = root.shape();
    Tensor g;
    if (seed == null) {
      if (shape.size() != 1) {
        throw new IllegalArgumentException(
            String.format(
                "backward: the output has shape %s, not a scalar; reduce it first (sum() or"
                    + " mean()) or call backward(seed) with a gradient of shape %s",
                shape, shape));
      }
      g = Tensor.ones(root.dtype(), shape.toArray());
    } else {
      checkArgument(
          seed.shape().equals(shape),
          "backward: the seed gradient has shape %s but the output has shape %s; pass a seed of"
              + " the output's shape",
          seed.shape(),
          shape);
      g = seed.to(root.dtype()).copy();
    }
    Node start = root.creator();
    if (start == null) {
      root.accumulateGrad(g);
      return;
    }
    if (start.released) {
      throw released(start);
    }
    run(start, g, retainGraph);
  }

  private static IllegalStateException released(Node node) {
    return new IllegalStateException(
        "backward: the graph through op "
            + node.describe()
            + " was already released by an earlier backward(); call backward(seed, true) the"
            + " first time to keep it, or run the forward pass again");
  }

  /**
   * Walks the recorded ops reachable from {@code start} in reverse execution order.
   *
   * <p>All or nothing: the gradients for leaves are staged and added to them only after every
   * op's backward has succeeded, and the graph is released only then. When an op's backward (or
   * a check of it) throws, no leaf's gradient has changed and the graph is as it was, so the call
   * can be retried.
   *
   * <p>A leaf owns the gradient it receives: a gradient tensor whose storage is also reachable
   * elsewhere (a value or saved tensor of the graph, or a gradient handed to another input) is
   * copied before the leaf takes it, so that zeroing or updating one gradient never changes
   * another, nor a parameter.
   */
  private static void run(Node start, Tensor seed, boolean retainGraph) {
    PriorityQueue<Node> queue =
        new PriorityQueue<>(Comparator.comparingLong((Node n) -> n.position).reversed());
    Map<Variable, Tensor> staged = new IdentityHashMap<>();
    Map<Storage, Boolean> reachable = new IdentityHashMap<>();
    List<Node> visited = new ArrayList<>();
    boolean anomaly = Tape.current().anomalyDepth > 0;
    start.pending = seed;
    start.queued = true;
    queue.add(start);
    try {
      while (!queue.isEmpty()) {
        Node node = queue.poll();
        node.queued = false;
        if (node.released) {
          throw released(node);
        }
        visited.add(node);
        node.ctx.checkVersions(node.describe());
        node.ctx.savedStorages(reachable);
        Variable[] inputs = node.inputs;
        for (Variable in : inputs) {
          reachable.put(in.value().storage(), Boolean.TRUE);
        }
        Tensor dout = node.pending;
        node.pending = null;
        Tensor[] grads = node.op.backward(node.ctx, dout);
        checkCount(node, grads);
        for (int i = 0; i < inputs.length; i++) {
          Variable in = inputs[i];
          if (!in.requiresGrad()) {
            continue;
          }
          Tensor gi = fit(node, i, grads[i], in);
          if (anomaly) {
            checkFinite(
                gi,
                node.op.name(),
                "gradient for input " + i,
                node.site == null ? null : node.site.toString());
          }
          boolean shared = reachable.put(gi.storage(), Boolean.TRUE) != null;
          Node parent = in.creator();
          if (parent == null) {
            Tensor before = staged.get(in);
            staged.put(in, before != null ? before.add(gi) : shared ? gi.copy() : gi);
          } else {
            parent.pending = parent.pending == null ? gi : parent.pending.add(gi);
            if (!parent.queued) {
              parent.queued = true;
              queue.add(parent);
            }
          }
        }
      }
    } catch (RuntimeException | Error e) {
      for (Node n : visited) {
        n.pending = null;
      }
      for (Node n : queue) {
        n.pending = null;
        n.queued = false;
      }
      throw e;
    }
    staged.forEach(Variable::accumulateGrad);
    if (!retainGraph) {
      for (Node n : visited) {
        n.release();
      }
    }
  }

  private static void checkCount(Node node, Tensor[] grads) {
    if (grads == null) {
      throw new IllegalStateException(
          String.format(
              "op %s: backward returned null; return one gradient per input (%d), null only for"
                  + " inputs that need none",
              node.describe(), node.inputs.length));
    }
    if (grads.length != node.inputs.length) {
      throw new IllegalStateException(
          String.format(
              "op %s: backward returned %d gradient(s) but the op has %d input(s); return one per"
                  + " input",
              node.describe(), grads.length, node.inputs.length));
    }
  }

  /**
   * Checks one gradient against its input and fits it there. The contract: a gradient has the
   * input's shape, or the op's output shape when the input was broadcast to it (then it is summed
   * back); and it has the input's type, or the output's type, the type a mixed-type op computes
   * in (then it is rounded to the input's type, as NumPy and PyTorch round mixed-type results).
   * Anything else is a bug in the op's backward, reported naming the op and the input.
   */
  private static Tensor fit(Node node, int i, Tensor g, Variable in) {
    Shape expected = in.shape();
    if (g == null) {
      throw new IllegalStateException(
          String.format(
              "op %s: backward returned null for input %d, which requires a gradient; expected"
                  + " shape %s",
              node.describe(), i, expected));
    }
    if (!g.shape().equals(expected)) {
      if (!g.shape().equals(node.shape) || !expected.isBroadcastableTo(node.shape)) {
        throw new IllegalStateException(
            String.format(
                "op %s: backward returned a gradient of shape %s for input %d, which has shape"
                    + " %s; return the input's shape %s%s",
                node.describe(),
                g.shape(),
                i,
                expected,
                expected,
                !expected.equals(node.shape) && expected.isBroadcastableTo(node.shape)
                    ? " or the output's shape " + node.shape + ", which it was broadcast to"
                    : ""));
      }
      g = g.sumTo(expected);
    }
    if (g.dtype() != in.dtype()) {
      if (g.dtype() != node.dtype) {
        throw new IllegalStateException(
            String.format(
                "op %s: backward returned a %s gradient for input %d, which is %s and whose"
                    + " output is %s; return the input's type (or the output's)",
                node.describe(), g.dtype(), i, in.dtype(), node.dtype));
      }
      g = g.to(in.dtype());
    }
    return g;
  }
}
