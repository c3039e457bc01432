package dev.zerograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Parameter groups (PyTorch's {@code param_groups}): an optimiser with groups updates each
 * parameter exactly as an optimiser of that parameter alone with the group's settings would,
 * which is what {@code torch.optim} does; each parameter's update is the same operations on the
 * same numbers, so the comparison is bit for bit.
 */
class ParameterGroupsTest {
  private static final int STEPS = 12;

  /** A group's settings: learning rate and weight decay. */
  private record Settings(double lr, double weightDecay) {}

  @Test
  void eachGroupStepsAsItsOwnOptimiserWould() {
    List<BiFunction<List<Variable>, Settings, Optimizer.Builder<?, ?>>> kinds =
        List.of(
            (p, s) -> SGD.builder(p).lr(s.lr()).weightDecay(s.weightDecay()),
            (p, s) -> SGD.builder(p).lr(s.lr()).momentum(0.9).nesterov(true).weightDecay(s.weightDecay()),
            (p, s) -> Momentum.builder(p).lr(s.lr()).weightDecay(s.weightDecay()),
            (p, s) -> Nesterov.builder(p).lr(s.lr()).weightDecay(s.weightDecay()),
            (p, s) -> AdaGrad.builder(p).pytorch().lr(s.lr()).weightDecay(s.weightDecay()),
            (p, s) -> RMSprop.builder(p).lr(s.lr()).weightDecay(s.weightDecay()),
            (p, s) -> Adam.builder(p).lr(s.lr()).weightDecay(s.weightDecay()),
            (p, s) -> Adam.builder(p).pytorch().lr(s.lr()).weightDecay(s.weightDecay()));
    Settings base = new Settings(0.01, 0.001);
    Settings head = new Settings(0.1, 0);
    for (var kind : kinds) {
      Generator g = new Generator(3);
      Tensor a0 = g.normal(DType.FLOAT64, 0, 1, 4, 3);
      Tensor b0 = g.normal(DType.FLOAT64, 0, 1, 3);
      Tensor[] grads = new Tensor[2 * STEPS];
      for (int t = 0; t < grads.length; t++) {
        grads[t] = g.normal(DType.FLOAT64, 0, 1, t % 2 == 0 ? 4 : 3, t % 2 == 0 ? 3 : 1);
      }
      Variable a = Variable.parameter(a0.copy(), "a");
      Variable b = Variable.parameter(b0.copy(), "b");
      Optimizer grouped = kind.apply(List.of(a, b), base).group(List.of(b), head.lr(), head.weightDecay()).build();
      Variable aAlone = Variable.parameter(a0.copy(), "a");
      Variable bAlone = Variable.parameter(b0.copy(), "b");
      Optimizer first = kind.apply(List.of(aAlone), base).build();
      Optimizer second = kind.apply(List.of(bAlone), head).build();
      for (int t = 0; t < STEPS; t++) {
        Tensor ga = grads[2 * t];
        Tensor gb = grads[2 * t + 1].reshape(3);
        a.setGrad(ga.copy());
        b.setGrad(gb.copy());
        aAlone.setGrad(ga.copy());
        bAlone.setGrad(gb.copy());
        grouped.step();
        first.step();
        second.step();
      }
      String name = grouped.getClass().getSimpleName();
      assertEquals(aAlone.value(), a.value(), name + ": the default group");
      assertEquals(bAlone.value(), b.value(), name + ": the head's group");
      // The group's settings took effect: the default's would have moved b elsewhere.
      Variable bDefault = Variable.parameter(b0.copy(), "b");
      Optimizer plain = kind.apply(List.of(bDefault), base).build();
      for (int t = 0; t < STEPS; t++) {
        bDefault.setGrad(grads[2 * t + 1].reshape(3).copy());
        plain.step();
      }
      assertNotEquals(bDefault.value(), b.value(), name + ": the group's lr matters");
    }
  }

  @Test
  void aGroupWithoutItsOwnDecayTakesTheBuilders() {
    Variable a = Variable.parameter(Tensor.ones(DType.FLOAT64, 2), "a");
    Variable b = Variable.parameter(Tensor.ones(DType.FLOAT64, 2), "b");
    Optimizer sgd = SGD.builder(List.of(a, b)).lr(0.5).weightDecay(0.25).group(List.of(b), 1).build();
    a.setGrad(Tensor.zeros(DType.FLOAT64, 2));
    b.setGrad(Tensor.zeros(DType.FLOAT64, 2));
    sgd.step();
    // Only the decay acts, in exact binary fractions: a -= 0.5 (0.25 a), b -= 1 (0.25 b).
    assertEquals(Tensor.full(0.875, DType.FLOAT64, 2), a.value());
    assertEquals(Tensor.full(0.75, DType.FLOAT64, 2), b.value());
  }

  @Test
  void groupMistakesAreNamed() {
    Variable a = Variable.parameter(Tensor.zeros(DType.FLOAT64, 2), "a");
    Variable b = Variable.parameter(Tensor.zeros(DType.FLOAT64, 2), "b");
    Variable stranger = Variable.parameter(Tensor.zeros(DType.FLOAT64, 2), "stranger");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Adam.builder(List.of(a, b)).group(List.of(stranger), 0.1).build());
    assertEquals(
        "Adam: parameter group 0 holds stranger, which is not among the 2 parameters this"
            + " optimiser updates; give the builder the parameters and each group a subset of them",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SGD.builder(List.of(a, b)).group(List.of(b), 0.1).group(List.of(a, b), 0.2).build());
    assertEquals(
        "SGD: parameter b is in parameter groups 0 and 1; put each parameter in one group",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SGD.builder(List.of(a, b)).group(List.of(b), -1).build());
    assertEquals(
        "SGD: lr of parameter group 0 is -1.0; it must be in [4.9E-324, 1.7976931348623157E308]",
        e.getMessage());
  }
}
