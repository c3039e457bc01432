package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.spi.Storage;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Backward: walks the recorded ops reachable from the outputs in reverse execution order, calling
 * each op's backward and routing the gradients to its inputs.
 *
 * <p>Gradients travel as variables. In a first-order backward they are constants and every op's
 * backward runs unrecorded (inside {@link NoGrad}), on the same tensors a tensor-level backward
 * would use. With {@code createGraph}, backward is recorded like any forward computation, so the
 * gradients it returns can be differentiated again.
 *
 * <p>All or nothing: the gradients for leaves are staged and handed over only after every op's
 * backward has succeeded, and the graph is released only then. When an op's backward (or a check
 * of it) throws, no leaf's gradient has changed and the graph is as it was, so the call can be
 * retried.
 *
 * <p>A leaf owns the gradient it receives: a gradient whose storage is also reachable elsewhere (a
 * value or saved tensor of the graph, or a gradient handed to another input) is copied before the
 * leaf takes it, so that zeroing or updating one gradient never changes another, nor a parameter.
 */
final class Backprop {
  private final boolean retainGraph;
  private final boolean createGraph;
  /** The variables whose gradients are wanted, or null: every leaf reached, into its grad. */
  private final Map<Variable, Boolean> targets;

  private final PriorityQueue<Node> queue =
      new PriorityQueue<>(Comparator.comparingLong((Node n) -> n.position).reversed());
  /**
   * The gradient with respect to each queued node's output, summed over its consumers. Kept here,
   * not in the nodes, so that several threads may walk one retained graph at once.
   */
  private final Map<Node, Variable> pending = new IdentityHashMap<>(16);
  private final Map<Variable, Variable> found = new IdentityHashMap<>(8);
  private final Map<Storage, Boolean> reachable = new IdentityHashMap<>(16);
  private final List<Node> visited = new ArrayList<>();
  private final boolean anomaly = Tape.current().anomalyDepth > 0;

  private Backprop(boolean retainGraph, boolean createGraph, List<Variable> wanted) {
    this.retainGraph = retainGraph;
    this.createGraph = createGraph;
    if (wanted == null) {
      this.targets = null;
    } else {
      this.targets = new IdentityHashMap<>();
      for (Variable v : wanted) {
        targets.put(v, Boolean.TRUE);
      }
    }
  }

  /**
   * Backpropagates from {@code root} with {@code seed} (null: 1 for a scalar) and adds the
   * gradients to every leaf reached.
   */
  static void backward(Variable root, Tensor seed, boolean retainGraph, boolean createGraph) {
    Variable g = seed(root, seed, "backward");
    Backprop b = new Backprop(retainGraph, createGraph, null);
    b.run(List.of(root), List.of(g));
    b.found.forEach(Variable::accumulateGrad);
  }

  /** The gradients of {@code outputs} with respect to {@code inputs}, without touching grads. */
  static List<Variable> grad(
      List<Variable> outputs,
      List<Tensor> seeds,
      List<Variable> inputs,
      boolean retainGraph,
      boolean createGraph,
      boolean allowUnused) {
    checkArgument(outputs != null, "Autograd.grad: the outputs list is null");
    checkArgument(inputs != null, "Autograd.grad: the inputs list is null");
    checkArgument(!outputs.isEmpty(), "Autograd.grad: give at least one output");
    checkArgument(
        !inputs.isEmpty(),
        "Autograd.grad: give at least one input to differentiate with respect to");
    checkArgument(
        seeds == null || seeds.size() == outputs.size(),
        "Autograd.grad: %s seed(s) for %s output(s); give one per output (or none for scalars)",
        seeds == null ? 0 : seeds.size(),
        outputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      Variable in = inputs.get(i);
      checkArgument(
          in != null && in.requiresGrad(),
          "Autograd.grad: input %s (%s) does not require a gradient; differentiate with respect"
              + " to parameters or values computed from them",
          i,
          in);
    }
    List<Variable> gs = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      gs.add(seed(outputs.get(i), seeds == null ? null : seeds.get(i), "Autograd.grad"));
    }
    Backprop b = new Backprop(retainGraph, createGraph, inputs);
    b.run(outputs, gs);
    List<Variable> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Variable g = b.found.get(inputs.get(i));
      if (g == null && !allowUnused) {
        throw new IllegalArgumentException(
            String.format(
                "Autograd.grad: input %s (%s) is not used to compute the outputs; pass"
                    + " allowUnused to get null for it",
                i, inputs.get(i)));
      }
      out.add(g);
    }
    return out;
  }

  private static Variable seed(Variable root, Tensor seed, String op) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          op
              + ": this value does not require a gradient: nothing it was computed from is a"
              + " parameter. Create inputs with Variable.parameter(...) (or outside NoGrad) to"
              + " differentiate with respect to them");
    }
    Shape shape = root.shape();
    if (seed == null) {
      if (shape.size() != 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the output has shape %s, not a scalar; reduce it first (sum() or mean()) or"
                    + " give a seed gradient of shape %s",
                op, shape, shape));
      }
      return Variable.of(Tensor.ones(root.dtype(), shape.toArray()));
    }
    checkArgument(
        seed.shape().equals(shape),
        "%s: the seed gradient has shape %s but the output has shape %s; pass a seed of the"
            + " output's shape",
        op,
        seed.shape(),
        shape);
    return Variable.of(seed.to(root.dtype()).copy());
  }

  private static IllegalStateException released(Node node) {
    return new IllegalStateException(
        "backward: the graph through op "
            + node.describe()
            + " was already released by an earlier backward(); call backward(seed, true) the"
            + " first time to keep it, or run the forward pass again");
  }

  private void run(List<Variable> roots, List<Variable> seeds) {
    try {
      for (int i = 0; i < roots.size(); i++) {
        Variable root = roots.get(i);
        Node node = root.creator();
        if (node == null) {
          deliver(root, seeds.get(i));
        } else {
          if (node.released) {
            throw released(node);
          }
          push(node, seeds.get(i));
        }
      }
      while (!queue.isEmpty()) {
        visit(queue.poll());
      }
    } catch (RuntimeException | Error e) {
      // Nothing to undo: the walk's state lives in this object, and no leaf got a gradient.
      throw e;
    }
    if (!retainGraph) {
      for (Node n : visited) {
        n.release();
      }
    }
  }

  private void push(Node parent, Variable g) {
    Variable before = pending.get(parent);
    if (before == null) {
      pending.put(parent, g);
      queue.add(parent);
    } else {
      pending.put(parent, before.add(g));
    }
  }

  private void visit(Node node) {
    // Read once: another thread's backward without retainGraph may release the node meanwhile.
    Context ctx = node.ctx;
    Variable[] inputs = node.inputs;
    if (node.released || ctx == null || inputs == null) {
      throw released(node);
    }
    visited.add(node);
    ctx.checkVersions();
    ctx.savedStorages(reachable);
    for (Variable in : inputs) {
      reachable.put(in.value().storage(), Boolean.TRUE);
    }
    Variable dout = pending.remove(node);
    if (targets != null && targets.containsKey(ctx.output())) {
      found.put(ctx.output(), dout);
    }
    Variable[] grads = callBackward(node, ctx, inputs, dout);
    for (int i = 0; i < inputs.length; i++) {
      Variable in = inputs[i];
      if (!in.requiresGrad()) {
        continue;
      }
      Variable gi = fit(node, i, grads[i], in);
      if (anomaly) {
        Engine.checkFinite(
            gi.value(),
            node.op.name(),
            "gradient for input " + i,
            node.site == null ? null : node.site.toString());
      }
      boolean shared = reachable.put(gi.value().storage(), Boolean.TRUE) != null;
      Node parent = in.creator();
      if (parent == null) {
        deliver(in, shared ? gi.copy() : gi);
      } else {
        push(parent, gi);
      }
    }
  }

  /** Stages a leaf's gradient, summing over the paths that reach it. */
  private void deliver(Variable leaf, Variable g) {
    if (targets == null || targets.containsKey(leaf)) {
      found.merge(leaf, g, Variable::add);
    }
  }

  /**
   * Runs one op's backward: the differentiable form unrecorded (first order) or recorded (create
   * graph); the tensor form on the tensors, its results made constants (first order) or
   * variables whose own derivative fails naming the op (create graph).
   */
  private Variable[] callBackward(Node node, Context ctx, Variable[] inputs, Variable dout) {
    Tape tape = Tape.current();
    Variable[] grads;
    if (!createGraph) {
      tape.noGradDepth++;
    }
    tape.backwardDepth++;
    try {
      if (node.op.hasDifferentiableBackward()) {
        boolean outer = tape.differentiating;
        tape.differentiating = createGraph;
        try {
          grads = node.op.backward(ctx, dout);
        } finally {
          tape.differentiating = outer;
        }
        checkCount(node, inputs, grads);
      } else {
        Tensor[] ts = node.op.backward(ctx, dout.value());
        checkCount(node, inputs, ts);
        grads = new Variable[ts.length];
        for (int i = 0; i < ts.length; i++) {
          if (ts[i] != null) {
            grads[i] =
                createGraph ? FirstOrderOnly.wrap(node, ts[i], dout) : Variable.of(ts[i]);
          }
        }
      }
    } finally {
      tape.backwardDepth--;
      if (!createGraph) {
        tape.noGradDepth--;
      }
    }
    return grads;
  }

  private static void checkCount(Node node, Variable[] inputs, Object[] grads) {
    if (grads == null) {
      throw new IllegalStateException(
          String.format(
              "op %s: backward returned null; return one gradient per input (%d), null only for"
                  + " inputs that need none",
              node.describe(), inputs.length));
    }
    if (grads.length != inputs.length) {
      throw new IllegalStateException(
          String.format(
              "op %s: backward returned %d gradient(s) but the op has %d input(s); return one per"
                  + " input",
              node.describe(), grads.length, inputs.length));
    }
  }

  /**
   * Checks one gradient against its input and fits it there. The contract: a gradient has the
   * input's shape, or the op's output shape when the input was broadcast to it (then it is summed
   * back); and it has the input's type, or the output's type, the type a mixed-type op computes
   * in (then it is rounded to the input's type, as NumPy and PyTorch round mixed-type results).
   * Anything else is a bug in the op's backward, reported naming the op and the input.
   */
  private static Variable fit(Node node, int i, Variable g, Variable in) {
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
