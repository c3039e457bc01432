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
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.Mlp;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /** Step {@code k} of a run: a batch of its own, the same whichever process runs it. */
  private static void trainStep(Module net, Optimizer opt, int k) {
    Generator g = new Generator(1000 + k);
    Tensor x = g.normal(DType.FLOAT64, 0, 1, 8, 5);
    int[] labels = g.integers(0, 3, 8);
    opt.zeroGrad();
    Losses.crossEntropy(net.forward(Variable.of(x)), labels).backward();
    opt.step();
  }

  @Test
  void trainingResumedFromSavedStateIsBitForBitTheUninterruptedRun(@TempDir Path dir)
      throws Exception {
    Map<String, Function<Module, Optimizer>> optimisers = new LinkedHashMap<>();
    optimisers.put("sgd", m -> SGD.builder(m).lr(0.1).weightDecay(1e-3).build());
    optimisers.put("momentum", m -> Momentum.builder(m).lr(0.1).build());
    optimisers.put("nesterov", m -> Nesterov.builder(m).lr(0.1).build());
    optimisers.put("adagrad", m -> AdaGrad.builder(m).lr(0.1).build());
    optimisers.put("rmsprop", m -> RMSprop.builder(m).lr(0.01).build());
    optimisers.put("adam", m -> Adam.builder(m).lr(0.01).build());
    for (Map.Entry<String, Function<Module, Optimizer>> e : optimisers.entrySet()) {
      Supplier<Module> fresh =
          () -> Mlp.builder().sizes(5, 7, 3).dtype(DType.FLOAT64).seed(4).build();
      Module whole = fresh.get();
      Optimizer wholeOpt = e.getValue().apply(whole);
      for (int k = 0; k < 10; k++) {
        trainStep(whole, wholeOpt, k);
      }
      Module first = fresh.get();
      Optimizer firstOpt = e.getValue().apply(first);
      for (int k = 0; k < 5; k++) {
        trainStep(first, firstOpt, k);
      }
      Path model = dir.resolve(e.getKey() + ".npz");
      Path state = dir.resolve(e.getKey() + ".optimizer.npz");
      Checkpoint.save(first, model);
      Checkpoint.save(firstOpt.stateDict(first), state);
      Module resumed = fresh.get();
      Optimizer resumedOpt = e.getValue().apply(resumed);
      Checkpoint.load(resumed, model);
      resumedOpt.loadStateDict(resumed, Checkpoint.read(state));
      assertEquals(5, resumedOpt.steps(), e.getKey());
      for (int k = 5; k < 10; k++) {
        trainStep(resumed, resumedOpt, k);
      }
      Map<String, Variable> a = whole.namedParameters();
      Map<String, Variable> b = resumed.namedParameters();
      for (String name : a.keySet()) {
        assertArrayEquals(
            a.get(name).value().toDoubleArray(),
            b.get(name).value().toDoubleArray(),
            0.0,
            e.getKey() + " " + name);
      }
      assertEquals(
          new TreeSet<>(wholeOpt.stateDict(whole).keySet()),
          new TreeSet<>(resumedOpt.stateDict(resumed).keySet()));
    }
  }

  @Test
  void aStateDictThatDoesNotFitIsRefusedWholeAndChangesNothing() {
    Module net = Mlp.builder().sizes(5, 7, 3).dtype(DType.FLOAT64).seed(4).build();
    Adam adam = Adam.builder(net).lr(0.01).build();
    trainStep(net, adam, 0);
    Map<String, Tensor> good = adam.stateDict(net);
    assertEquals(
        List.of("step", "layers.affine1.W.exp_avg", "layers.affine1.W.exp_avg_sq",
            "layers.affine1.b.exp_avg", "layers.affine1.b.exp_avg_sq", "layers.affine2.W.exp_avg",
            "layers.affine2.W.exp_avg_sq", "layers.affine2.b.exp_avg", "layers.affine2.b.exp_avg_sq"),
        List.copyOf(good.keySet()));
    Map<String, Tensor> bad = new java.util.LinkedHashMap<>(good);
    bad.remove("layers.affine1.b.exp_avg_sq");
    bad.put("layers.affine2.b.exp_avg", Tensor.zeros(DType.FLOAT64, 4));
    bad.put("layers.nothing.exp_avg", Tensor.zeros(DType.FLOAT64, 1));
    Adam other = Adam.builder(net).lr(0.01).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(net, bad));
    assertEquals(
        "Adam.loadStateDict: 'layers.affine1.b' has 1 of its 2 state tensors [exp_avg, exp_avg_sq];"
            + " 'layers.affine2.b.exp_avg' is (4,) float64 but the parameter is (3,) float64;"
            + " unexpected 'layers.nothing.exp_avg' (nothing was changed)",
        e.getMessage());
    assertEquals(0, other.steps());
    Module stranger = Mlp.builder().sizes(5, 7, 3).seed(4).build();
    e = assertThrows(IllegalArgumentException.class, () -> adam.stateDict(stranger));
    assertTrue(e.getMessage().contains("is not a parameter of the Mlp given"), e.getMessage());
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
