package dev.zerograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Torch;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SGD (plain, with PyTorch's momentum, dampening and Nesterov), RMSprop (centred, with momentum),
 * AdaGrad (with lr decay), Adam and AdamW
 * in PyTorch's form against {@code torch.optim.SGD}, {@code RMSprop}, {@code Adagrad}, {@code Adam}
 * and {@code AdamW} themselves: the same float64 parameter and gradients, every step compared. Gradients of 1e-6 make eps matter, so that
 * the textbook's default eps visibly differs from PyTorch's.
 */
class PyTorchOptimizersTest {
  private static final int STEPS = 30;
  private static final double LR = 0.01;
  private static final double WD = 0.1;
  private static final double MOMENTUM = 0.9;
  private static final double DAMPENING = 0.3;

  @TempDir Path dir;

  @Test
  void pytorchsFormsAreTorchOptimsStepForStep() throws Exception {
    assumeTrue(Torch.installed(), "/usr/bin/python3 with torch and numpy is not installed");
    Generator gen = new Generator(9);
    Tensor p0 = gen.normal(DType.FLOAT64, 0, 1, 40);
    Tensor g = gen.normal(DType.FLOAT64, 0, 1e-6, STEPS, 40);
    Map<String, Tensor> torch =
        StepPaths.torch(
            getClass(), p0, g, new double[] {LR, WD, MOMENTUM, DAMPENING, 0.9, 0.999, 1e-8}, dir);

    Map<String, Function<List<Variable>, Optimizer>> ours = new LinkedHashMap<>();
    ours.put("sgd", p -> SGD.builder(p).lr(LR).build());
    ours.put("sgd_wd", p -> SGD.builder(p).lr(LR).weightDecay(WD).build());
    ours.put("momentum", p -> SGD.builder(p).lr(LR).momentum(MOMENTUM).build());
    ours.put(
        "dampened",
        p -> SGD.builder(p).lr(LR).momentum(MOMENTUM).dampening(DAMPENING).weightDecay(WD).build());
    ours.put("nesterov", p -> SGD.builder(p).lr(LR).momentum(MOMENTUM).nesterov(true).build());
    ours.put("rmsprop", p -> RMSprop.builder(p).pytorch().lr(LR).build());
    ours.put("rmsprop_wd", p -> RMSprop.builder(p).pytorch().lr(LR).decay(0.9).weightDecay(WD).build());
    ours.put("rmsprop_centered", p -> RMSprop.builder(p).pytorch().lr(LR).centered(true).build());
    ours.put(
        "rmsprop_momentum",
        p ->
            RMSprop.builder(p)
                .pytorch()
                .lr(LR)
                .momentum(MOMENTUM)
                .centered(true)
                .weightDecay(WD)
                .build());
    ours.put("adagrad", p -> AdaGrad.builder(p).pytorch().lr(LR).build());
    ours.put("adagrad_decay", p -> AdaGrad.builder(p).pytorch().lr(LR).lrDecay(0.05).build());
    ours.put("adagrad_wd", p -> AdaGrad.builder(p).pytorch().lr(LR).weightDecay(WD).build());
    ours.put("adam", p -> Adam.builder(p).pytorch().lr(LR).weightDecay(WD).build());
    ours.put("adamw", p -> Adam.builder(p).pytorch().lr(LR).decoupledWeightDecay(WD).build());
    ours.put("plain", p -> Adam.builder(p).pytorch().lr(LR).build());
    // float64, a few roundings per step: 30 steps stay far below 1e-12 of the values.
    double tol = 1e-12 * p0.abs().max().item();
    for (Map.Entry<String, Function<List<Variable>, Optimizer>> e : ours.entrySet()) {
      double d = diff(StepPaths.path(p0, g, e.getValue()), torch.get(e.getKey()));
      assertTrue(d <= tol, e.getKey() + ": differs from torch.optim by " + d);
    }
    // The checks have teeth: the textbook's eps, and momentum without dampening, move the
    // parameters far more than the tolerance.
    assertTrue(
        diff(StepPaths.path(p0, g, p -> RMSprop.builder(p).lr(LR).build()), torch.get("rmsprop")) > 1e-5,
        "the textbook's RMSprop eps should differ");
    assertTrue(
        diff(StepPaths.path(p0, g, p -> AdaGrad.builder(p).lr(LR).build()), torch.get("adagrad")) > 1e-5,
        "the textbook's AdaGrad eps should differ");
    // Adam's textbook eps acts 1/sqrt(1 - 0.999) = 31.6 times larger in the first step, where
    // sqrt(v) is 0.03 |g| = 3e-8: its steps are a quarter shorter, 2.5e-3 of lr 0.01 each.
    assertTrue(
        diff(StepPaths.path(p0, g, p -> Adam.builder(p).lr(LR).eps(1e-8).build()), torch.get("plain"))
            > 1e-3,
        "the textbook's Adam should differ");
    assertTrue(
        diff(StepPaths.path(p0, g, p -> RMSprop.builder(p).pytorch().lr(LR).build()), torch.get("rmsprop_centered"))
            > 1e-5,
        "centring should matter");
    assertTrue(
        diff(StepPaths.path(p0, g, p -> AdaGrad.builder(p).pytorch().lr(LR).build()), torch.get("adagrad_decay"))
            > 1e-5,
        "the lr decay should matter");
    assertTrue(
        diff(StepPaths.path(p0, g, p -> SGD.builder(p).lr(LR).momentum(MOMENTUM).weightDecay(WD).build()),
                torch.get("dampened"))
            > 1e-8,
        "dampening should matter");
  }

  @Test
  void sgdsMomentumIsTheTextbooksMomentumUpToRounding() {
    // b = m b + g, p -= lr b  against  v = m v - lr g, p += v: v = -lr b, the same path.
    Generator gen = new Generator(4);
    Tensor p0 = gen.normal(DType.FLOAT64, 0, 1, 40);
    Tensor g = gen.normal(DType.FLOAT64, 0, 1, STEPS, 40);
    Tensor torchForm = StepPaths.path(p0, g, p -> SGD.builder(p).lr(LR).momentum(MOMENTUM).build());
    Tensor textbook = StepPaths.path(p0, g, p -> Momentum.builder(p).lr(LR).momentum(MOMENTUM).build());
    // Each step rounds a few times in each form; an error in the buffer lives on for about
    // 1 / (1 - momentum) steps: 4 roundings x STEPS steps x that, of the largest value on the path.
    long roundings = 4L * STEPS * (long) Math.ceil(1 / (1 - MOMENTUM));
    double tol =
        Rounding.gamma(DType.FLOAT64, roundings)
            * Math.max(torchForm.abs().max().item(), g.abs().max().item() / (1 - MOMENTUM));
    assertTrue(diff(torchForm, textbook) <= tol, "differ by " + diff(torchForm, textbook) + " > " + tol);
  }

  @Test
  void nesterovNeedsMomentumAndNoDampeningAndTheStateHasPyTorchsName() {
    Variable p = Variable.parameter(Tensor.zeros(DType.FLOAT64, 3), "p");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SGD.builder(List.of(p)).nesterov(true).build());
    assertEquals(
        "SGD: Nesterov momentum needs a momentum above 0 and no dampening (momentum 0.0,"
            + " dampening 0.0), as in PyTorch",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SGD.builder(List.of(p)).momentum(0.9).dampening(0.1).nesterov(true).build());
    assertTrue(e.getMessage().contains("dampening 0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SGD.builder(List.of(p)).dampening(2).build());
    assertEquals("SGD: dampening is 2.0; it must be in [0.0, 1.0]", e.getMessage());
    assertEquals(List.of(), SGD.builder(List.of(p)).build().stateNames());
    assertEquals(List.of("momentum_buffer"), SGD.builder(List.of(p)).momentum(0.9).build().stateNames());
  }

  @Test
  void adamsFormsHaveTheirDefaultsAndDecoupledDecayNeedsPyTorchsForm() {
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

  private static double diff(Tensor a, Tensor b) {
    return StepPaths.diff(a, b);
  }
}
