package dev.zerograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.google.common.collect.ImmutableList;
import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  private static final Tensor G = Tensor.of(new double[] {0.5, -1.0});

  /**
   * Runs two steps on p = [1, -2] with the constant gradient g = [0.5, -1] (the loss sum(p * g))
   * and checks the parameter after each against values computed by hand from the formulas.
   */
  private static void twoSteps(
      Function<List<Variable>, Optimizer> make, double[] after1, double[] after2) {
    Variable p = Variable.parameter(Tensor.of(new double[] {1.0, -2.0}), "p");
    Optimizer opt = make.apply(List.of(p));
    double[][] expected = {after1, after2};
    for (int step = 0; step < 2; step++) {
      opt.zeroGrad();
      p.mul(Variable.of(G)).sum().backward();
      opt.step();
      assertArrayEquals(expected[step], p.value().toDoubleArray(), 1e-12, "after step " + (step + 1));
    }
    assertEquals(2, opt.steps());
  }

  @Test
  void sgd() {
    twoSteps(ps -> new SGD(ps, 0.1), new double[] {0.95, -1.9}, new double[] {0.9, -1.8});
  }

  @Test
  void sgdWithWeightDecay() {
    twoSteps(
        ps -> SGD.builder(ps).lr(0.1).weightDecay(0.5).build(), new double[] {0.9, -1.8}, new double[] {0.805, -1.61});
  }

  @Test
  void momentum() {
    twoSteps(
        ps -> Momentum.builder(ps).lr(0.1).momentum(0.9).build(),
        new double[] {0.95, -1.9},
        new double[] {0.855, -1.71});
  }

  @Test
  void nesterov() {
    twoSteps(
        ps -> Nesterov.builder(ps).lr(0.1).momentum(0.9).build(),
        new double[] {0.8645, -1.729},
        new double[] {0.69255, -1.3851});
  }

  @Test
  void adaGrad() {
    twoSteps(
        ps -> AdaGrad.builder(ps).lr(0.1).build(),
        new double[] {0.90000001999999601, -1.900000009999999},
        new double[] {0.82928935188133979, -1.8292893368813439});
  }

  @Test
  void rmsProp() {
    twoSteps(
        ps -> RMSprop.builder(ps).lr(0.1).decay(0.99).build(),
        new double[] {1.9999960000349759e-06, -1.0000009999990001},
        new double[] {-0.7088781999886351, -0.29112029750287072});
  }

  @Test
  void adam() {
    twoSteps(
        ps -> Adam.builder(ps).lr(0.1).betas(0.9, 0.999).build(),
        new double[] {0.90000063245153195, -1.900000316226766},
        new double[] {0.80000107977497248, -1.8000005398889869});
  }

  @Test
  void everyOptimizerReducesTheLossOfASmallNetwork() {
    List<Function<Module, Optimizer>> all =
        List.of(
            m -> new SGD(m, 0.3),
            m -> new Momentum(m, 0.05, 0.9),
            m -> new Nesterov(m, 0.05, 0.9),
            m -> new AdaGrad(m, 0.1),
            m -> new RMSprop(m, 0.01),
            m -> new Adam(m, 0.01));
    Generator g = new Generator(8);
    Tensor x = g.uniform(DType.FLOAT32, -1, 1, 64, 6);
    int[] t = x.sliceColumns(0, 3).argmax(1);
    for (Function<Module, Optimizer> make : all) {
      TwoLayerNet net = new TwoLayerNet(6, 12, 3, 0.1, DType.FLOAT32, 2);
      Optimizer opt = make.apply(net);
      double before = net.loss(x, t).item();
      for (int i = 0; i < 150; i++) {
        opt.zeroGrad();
        net.loss(x, t).backward();
        opt.step();
      }
      double after = net.loss(x, t).item();
      assertTrue(
          after < before * 0.5, opt.getClass().getSimpleName() + ": " + before + " -> " + after);
    }
  }

  @Test
  void onlyParametersThatRequireGradAreTouched() {
    // A module whose parameter list also holds a frozen (constant) value: a mock tensor that
    // must see no call at all.
    Tensor frozenValue = mock(Tensor.class);
    Variable frozen = Variable.of(frozenValue);
    Variable trainable = Variable.parameter(Tensor.ones(DType.FLOAT64, 2), "w");
    Variable untouched = Variable.parameter(Tensor.ones(DType.FLOAT64, 2), "no-grad-yet");
    Module module = mock(Module.class);
    when(module.parameters()).thenReturn(ImmutableList.of(frozen, trainable, untouched));
    SGD sgd = new SGD(module, 0.5);
    trainable.mul(3).sum().backward();
    sgd.step();
    verifyNoInteractions(frozenValue);
    assertArrayEquals(new double[] {-0.5, -0.5}, trainable.value().toDoubleArray());
    assertArrayEquals(new double[] {1, 1}, untouched.value().toDoubleArray());
    assertNull(untouched.grad());
  }

  @Test
  void parameterListsThatCannotBeOptimisedAreRefused() {
    Variable w = Variable.parameter(Tensor.ones(DType.FLOAT64, 2), "w");
    Variable b = Variable.parameter(Tensor.ones(DType.FLOAT64, 1), "b");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1));
    assertEquals(
        "SGD: got an empty parameter list; give the parameters to update (model.parameters())",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w, b, w), 0.1));
    assertEquals(
        "SGD: parameter 2 (w) appears twice in the list (also at 0), so it would be updated"
            + " twice per step; give each parameter once",
        e.getMessage());
    Variable computed = w.mul(2);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Adam.builder(List.of(b, computed)).build());
    assertEquals(
        "Adam: parameter 1 (mul) is not a leaf but computed by an op; optimise the parameters it"
            + " is computed from",
        e.getMessage());
    Variable constant = Variable.of(Tensor.ones(DType.FLOAT64, 2), "c");
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Momentum.builder(List.of(constant)).build());
    assertTrue(e.getMessage().startsWith("Momentum: none of the 1 parameter(s) requires"), e.getMessage());
  }

  @Test
  void aLayerSharedUnderTwoNamesIsUpdatedOncePerStep() {
    Affine shared = new Affine(2, 2, Init.normal(1), DType.FLOAT64, new Generator(1));
    Sequential net = new Sequential().add("a", shared).add("b", shared);
    assertEquals(List.of("a.W", "a.b"), List.copyOf(net.namedParameters().keySet()));
    Tensor before = shared.weight().value().copy();
    SGD sgd = new SGD(net, 0.1);
    net.forward(Variable.of(Tensor.ones(DType.FLOAT64, 1, 2))).sum().backward();
    Tensor grad = shared.weight().grad().copy(); // the sum over both uses, accumulated once
    sgd.step();
    // One update (an axpy may fuse its multiply-add: a few roundings of float64 apart at most).
    Tensor once = before.sub(grad.mul(0.1));
    Tensor slack = before.abs().add(grad.abs().mul(0.1)).mul(4 * Rounding.unitRoundoff(DType.FLOAT64));
    assertTrue(
        Rounding.within(shared.weight().value(), once, slack),
        Rounding.describe(shared.weight().value(), once, slack));
  }

  @Test
  void stepDoesNotClearGradients() {
    Variable p = Variable.parameter(Tensor.ones(DType.FLOAT64, 1), "p");
    SGD sgd = new SGD(List.of(p), 0.1);
    p.mul(2).sum().backward();
    sgd.step();
    assertEquals(2.0, p.grad().item());
    sgd.zeroGrad();
    assertNull(p.grad());
  }

  @Test
  void hyperParametersAreValidated() {
    List<Variable> ps = List.of(Variable.parameter(Tensor.ones(DType.FLOAT64, 2), "p"));
    IllegalArgumentException lr =
        assertThrows(IllegalArgumentException.class, () -> new SGD(ps, 0));
    assertTrue(lr.getMessage().contains("SGD: lr is 0.0"), lr.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SGD(ps, Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> Momentum.builder(ps).lr(0.1).momentum(1.0).build());
    assertThrows(
        IllegalArgumentException.class, () -> Adam.builder(ps).lr(0.1).betas(0.9, -0.1).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> RMSprop.builder(ps).lr(0.1).decay(0.9).weightDecay(-1).build());
    IllegalArgumentException eps =
        assertThrows(IllegalArgumentException.class, () -> Adam.builder(ps).eps(0).build());
    assertTrue(eps.getMessage().startsWith("Adam: eps is 0.0;"), eps.getMessage());
  }

  @Test
  void adamsEpsIsTheOneConfigured() {
    // One step of Adam on a zero gradient's neighbour: p -= lr * m / (sqrt(v) + eps) with
    // m = (1 - b1) g, v = (1 - b2) g^2 after bias correction gives lr * g / (|g| + eps').
    for (double eps : new double[] {1e-7, 1e-8, 0.5}) {
      Variable p = Variable.parameter(Tensor.of(new double[] {0}), "p");
      p.mul(Variable.of(Tensor.of(new double[] {0.001}))).sum().backward();
      Adam adam = Adam.builder(List.of(p)).lr(1).betas(0.9, 0.999).eps(eps).build();
      adam.step();
      double lrT = Math.sqrt(1 - 0.999) / (1 - 0.9);
      double expected = -lrT * (0.1 * 0.001) / (Math.sqrt(0.001 * 0.001 * 0.001) + eps);
      assertEquals(expected, p.value().item(), 1e-12 * Math.abs(expected));
    }
  }
}
