package dev.zerograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Torch;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adam in PyTorch's form against {@code torch.optim.Adam} and {@code AdamW} themselves: the same
 * float64 parameter and gradients, every step compared. Gradients of 1e-6 make eps matter, so
 * that the textbook's form, which adds eps before the bias correction, visibly differs.
 */
class PyTorchAdamTest {
  private static final int STEPS = 30;
  private static final double LR = 0.01;
  private static final double WD = 0.1;

  @TempDir Path dir;

  /** Each step's parameter under the optimiser {@code make} builds, from the given gradients. */
  private static Tensor path(Tensor p0, Tensor g, Function<List<Variable>, Adam> make) {
    Variable p = Variable.parameter(p0.copy(), "p");
    Adam adam = make.apply(List.of(p));
    Tensor[] steps = new Tensor[STEPS];
    for (int t = 0; t < STEPS; t++) {
      p.setGrad(g.select(0, t).copy());
      adam.step();
      steps[t] = p.value().copy().reshape(1, -1);
    }
    return Tensor.concat(0, steps);
  }

  @Test
  void pytorchsFormIsTorchOptimAdamAndAdamWStepForStep() throws Exception {
    assumeTrue(Torch.installed(), "/usr/bin/python3 with torch and numpy is not installed");
    Generator gen = new Generator(5);
    Tensor p0 = gen.normal(DType.FLOAT64, 0, 1, 40);
    Tensor g = gen.normal(DType.FLOAT64, 0, 1e-6, STEPS, 40);
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("p0", p0);
    in.put("g", g);
    in.put("settings", Tensor.of(new double[] {LR, 0.9, 0.999, 1e-8, WD, WD}));
    Map<String, Tensor> torch = Torch.run(getClass(), "/torch_adam.py", in, dir);

    Tensor adam = path(p0, g, p -> Adam.builder(p).pytorch().lr(LR).weightDecay(WD).build());
    Tensor adamw =
        path(p0, g, p -> Adam.builder(p).pytorch().lr(LR).decoupledWeightDecay(WD).build());
    Tensor plain = path(p0, g, p -> Adam.builder(p).pytorch().lr(LR).build());
    Tensor textbook = path(p0, g, p -> Adam.builder(p).lr(LR).eps(1e-8).build());
    // float64, a few roundings per step: 30 steps stay far below 1e-12 of the values.
    double scale = p0.abs().max().item();
    assertTrue(close(adam, torch.get("adam"), 1e-12 * scale), "Adam: " + diff(adam, torch.get("adam")));
    assertTrue(close(adamw, torch.get("adamw"), 1e-12 * scale), "AdamW: " + diff(adamw, torch.get("adamw")));
    assertTrue(close(plain, torch.get("plain"), 1e-12 * scale), "plain: " + diff(plain, torch.get("plain")));
    // The textbook's eps acts 1/sqrt(1 - 0.999) = 31.6 times larger in the first step, where
    // sqrt(v) is 0.03 |g| = 3e-8: its steps are a quarter shorter, 2.5e-3 of lr 0.01 each.
    assertTrue(diff(textbook, torch.get("plain")) > 1e-3, "textbook " + diff(textbook, torch.get("plain")));
  }

  private static double diff(Tensor a, Tensor b) {
    return a.sub(b.reshape(a.shape().toArray())).abs().max().item();
  }

  private static boolean close(Tensor a, Tensor b, double tol) {
    return diff(a, b) <= tol;
  }

  @Test
  void eachFormHasItsDefaultsAndDecoupledDecayNeedsPyTorchsForm() {
    Variable p = Variable.parameter(Tensor.zeros(DType.FLOAT64, 3), "p");
    assertTrue(Adam.builder(List.of(p)).pytorch().build().isPytorchForm());
    assertEquals(false, new Adam(List.of(p)).isPytorchForm());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Adam.builder(List.of(p)).decoupledWeightDecay(0.01).build());
    assertEquals(
        "Adam: decoupled weight decay is AdamW's, in PyTorch's form; call pytorch() on the builder",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Adam.builder(List.of(p)).pytorch().weightDecay(0.1).decoupledWeightDecay(0.01).build());
    assertTrue(e.getMessage().contains("not both"), e.getMessage());
  }
}
