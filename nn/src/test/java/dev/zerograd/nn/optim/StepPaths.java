package dev.zerograd.nn.optim;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Torch;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An optimiser's path on a fixed sequence of gradients, ours and torch.optim's
 * ({@code torch_optimizers.py}), for the tests that compare them step for step.
 */
final class StepPaths {
  private StepPaths() {}

  /**
   * The parameter after every step (one row per step) of the optimiser {@code make} builds over a
   * parameter starting at {@code p0}, given the gradients {@code g} (one row per step).
   */
  static Tensor path(Tensor p0, Tensor g, Function<List<Variable>, ? extends Optimizer> make) {
    Variable p = Variable.parameter(p0.copy(), "p");
    Optimizer opt = make.apply(List.of(p));
    int steps = g.dim(0);
    Tensor[] out = new Tensor[steps];
    for (int t = 0; t < steps; t++) {
      p.setGrad(g.select(0, t).copy());
      opt.step();
      out[t] = p.value().copy().reshape(1, -1);
    }
    return Tensor.concat(0, out);
  }

  /**
   * torch.optim's paths by configuration name (see the script), for settings {lr, weight decay,
   * momentum, dampening, beta1, beta2, eps}.
   */
  static Map<String, Tensor> torch(Class<?> test, Tensor p0, Tensor g, double[] settings, Path dir)
      throws Exception {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("p0", p0);
    in.put("g", g);
    in.put("settings", Tensor.of(settings));
    return Torch.run(test, "/torch_optimizers.py", in, dir);
  }

  /** The largest absolute difference of two paths. */
  static double diff(Tensor a, Tensor b) {
    return a.sub(b.reshape(a.shape().toArray())).abs().max().item();
  }
}
