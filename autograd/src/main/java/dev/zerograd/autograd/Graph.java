package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded computation behind a value, read-only: every op call it was computed from, in
 * execution order, with its inputs and output as variables. For tools that translate a traced
 * forward pass into another form (an ONNX graph, a diagram), as PyTorch's exporter reads a
 * traced graph.
 *
 * <pre>{@code
 * Variable x = Variable.parameter(images, "input");     // recorded from the input on
 * Variable y = model.forward(x);
 * for (Graph.Step s : Graph.of(y)) { ... s.op() ... s.inputs() ... s.output() ... }
 * }</pre>
 *
 * <p>A graph released by {@code backward} has no steps left to read; read it before, or trace a
 * new forward pass.
 */
public final class Graph {
  private Graph() {}

  /**
   * One recorded op call.
   *
   * @param op the op, with its configuration (a convolution's stride, a reshape's dimensions)
   * @param inputs its inputs, in order: outputs of earlier steps or leaves (parameters,
   *     constants)
   * @param output its output
   * @param site where the call was made when recorded in {@link AnomalyMode}, else null
   */
  public record Step(Op op, List<Variable> inputs, Variable output, StackTraceElement site) {}

  /**
   * The steps that {@code output} was computed from, in execution order (each step after the
   * steps of its inputs).
   *
   * @param output a value computed by recorded ops
   * @return the steps, oldest first; empty for a leaf
   * @throws IllegalStateException when part of the graph was released by a backward pass
   */
  public static List<Step> of(Variable output) {
    checkNotNull(output, "Graph.of: output is null");
    Map<Node, Boolean> seen = new IdentityHashMap<>();
    List<Node> nodes = new ArrayList<>();
    Deque<Node> todo = new ArrayDeque<>();
    if (output.creator() != null) {
      todo.push(output.creator());
    }
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (seen.put(n, Boolean.TRUE) != null) {
        continue;
      }
      Variable[] inputs = n.inputs;
      if (n.released || inputs == null) {
        throw new IllegalStateException(
            "Graph.of: the graph through op "
                + n.describe()
                + " was released by backward(); read it before, or run the forward pass again");
      }
      nodes.add(n);
      for (Variable in : inputs) {
        if (in.creator() != null) {
          todo.push(in.creator());
        }
      }
    }
    nodes.sort(Comparator.comparingLong(n -> n.position));
    List<Step> steps = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      Context ctx = n.ctx;
      checkArgument(ctx != null, "Graph.of: op %s was released", n.describe());
      steps.add(
          new Step(n.op, List.of(n.inputs), ctx.output(), n.site));
    }
    return Collections.unmodifiableList(steps);
  }
}
