package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Gradients as values: {@code grad(outputs, inputs)} returns the gradients of the outputs with
 * respect to the inputs instead of adding them to the inputs' {@link Variable#grad()} (PyTorch's
 * {@code torch.autograd.grad}).
 *
 * <p>With {@code createGraph}, the backward pass is itself recorded, so the returned gradients
 * can be differentiated again: second derivatives, Hessian-vector products, gradient penalties.
 *
 * <pre>{@code
 * // Hessian-vector product of a loss L(w) with a direction v:
 * Variable g = Autograd.grad(loss, List.of(w), true).get(0);      // dL/dw, recorded
 * Tensor hv = Autograd.grad(g.mul(Variable.of(v)).sum(), List.of(w), false).get(0).value();
 * }</pre>
 *
 * <p>Semantics as PyTorch's: the graph is released after the call unless {@code retainGraph}
 * (which defaults to {@code createGraph}, since a recorded backward will be walked again); an
 * input may be a parameter or any value computed from one; an input the outputs do not depend on
 * is an error unless {@code allowUnused}, which gives null for it.
 */
public final class Autograd {
  private Autograd() {}

  /**
   * The gradient of the scalar {@code output} with respect to each input.
   *
   * @param createGraph record the backward pass, so that the gradients can be differentiated
   *     again (and keep the graph)
   * @param output the variable differentiated
   * @param inputs the inputs
   * @return the gradient of the scalar {@code output} with respect to each input
   * @throws IllegalArgumentException when the output is not a scalar, an input requires no
   *     gradient, or the output does not depend on an input
   * @throws IllegalStateException as {@link Variable#backward()}, and when a derivative of a
   *     first-order-only op's gradient is asked for
   */
  public static List<Variable> grad(Variable output, List<Variable> inputs, boolean createGraph) {
    return grad(List.of(checkNotNull(output, "Autograd.grad: output is null")), null, inputs,
        createGraph, createGraph, false);
  }

  /**
   * The gradient of the scalar {@code output} with respect to {@code input}; see {@link
   * #grad(Variable, List, boolean)}.
   *
   * @param output the variable differentiated
   * @param input the variable differentiated against
   * @param createGraph whether the backward pass is itself recorded, so that its result can be
   *     differentiated again
   * @return the gradient of the scalar {@code output} with respect to {@code input}; see {@link
   *     #grad(Variable, List, boolean)}
   */
  public static Variable grad(Variable output, Variable input, boolean createGraph) {
    return grad(output, List.of(checkNotNull(input, "Autograd.grad: input is null")), createGraph)
        .get(0);
  }

  /**
   * The sum over the outputs of each output's gradient, seeded with {@code seeds} (one per
   * output, of its shape; null for all-scalar outputs, seeded with 1), with respect to each
   * input: {@code sum_i seeds[i] . d outputs[i] / d input}.
   *
   * @param retainGraph keep the graph for another backward
   * @param createGraph record the backward pass so that the gradients can be differentiated
   * @param allowUnused give null for an input the outputs do not depend on, instead of failing
   * @param outputs the outputs
   * @param seeds the seeds
   * @param inputs the inputs
   * @return one gradient per input, in order (null for an unused input with {@code allowUnused})
   * @throws IllegalArgumentException for mismatched seeds, inputs that require no gradient, or
   *     unused inputs without {@code allowUnused}
   * @throws IllegalStateException as {@link #grad(Variable, List, boolean)}
   */
  public static List<Variable> grad(
      List<Variable> outputs,
      List<Tensor> seeds,
      List<Variable> inputs,
      boolean retainGraph,
      boolean createGraph,
      boolean allowUnused) {
    return Backprop.grad(outputs, seeds, inputs, retainGraph, createGraph, allowUnused);
  }

  /**
   * The Hessian-vector product {@code H v} of a scalar {@code loss} with respect to {@code
   * params}, along the direction {@code v} (one tensor per parameter, of its shape): the
   * gradient of {@code grad(loss) . v}, by differentiating the recorded backward pass (PyTorch's
   * {@code torch.autograd.functional.hvp}). Costs about two backward passes; never forms H.
   * Releases the graph.
   *
   * @param loss the scalar loss
   * @param params the parameters to update
   * @param v the vector, one tensor per parameter, shaped as it
   * @return one tensor per parameter, of its shape (zeros where the loss is linear in it)
   * @throws IllegalArgumentException when v does not have one tensor of each parameter's shape
   */
  public static List<Tensor> hvp(Variable loss, List<Variable> params, List<Tensor> v) {
    checkArgument(
        v.size() == params.size(),
        "Autograd.hvp: %s directions for %s parameters; give one per parameter",
        v.size(),
        params.size());
    List<Variable> g = grad(List.of(loss), null, params, true, true, true);
    Variable gv = null;
    for (int i = 0; i < params.size(); i++) {
      checkArgument(
          v.get(i).shape().equals(params.get(i).shape()),
          "Autograd.hvp: direction %s has shape %s but parameter %s has %s",
          i,
          v.get(i).shape(),
          params.get(i),
          params.get(i).shape());
      if (g.get(i) != null) {
        Variable term = g.get(i).mul(Variable.of(v.get(i))).sum();
        gv = gv == null ? term : gv.add(term);
      }
    }
    List<Tensor> out = new ArrayList<>();
    List<Variable> h =
        gv != null && gv.requiresGrad()
            ? grad(List.of(gv), null, params, false, false, true)
            : Collections.nCopies(params.size(), (Variable) null);
    for (int i = 0; i < params.size(); i++) {
      out.add(
          h.get(i) == null
              ? Tensor.zeros(params.get(i).shape(), params.get(i).dtype())
              : h.get(i).value());
    }
    return out;
  }
}
