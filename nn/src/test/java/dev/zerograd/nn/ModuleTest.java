package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleTest {
  @Test
  void namedParametersAreDottedAndInRegistrationOrder() {
    Generator g = new Generator(1);
    Sequential net =
        new Sequential()
            .add("affine1", new Affine(4, 3, Init.he(), DType.FLOAT32, g))
            .add("relu1", new Relu())
            .add("affine2", new Affine(3, 2, Init.he(), DType.FLOAT32, g));
    assertEquals(
        List.of("affine1.W", "affine1.b", "affine2.W", "affine2.b"),
        List.copyOf(net.namedParameters().keySet()));
    assertEquals(4 * 3 + 3 + 3 * 2 + 2, net.parameterCount());
    assertEquals(Shape.of(5, 2), net.forward(Variable.of(Tensor.ones(DType.FLOAT32, 5, 4))).shape());
    assertEquals(List.of("0", "1"), List.copyOf(Sequential.of(new Relu(), new Tanh()).modules().keySet()));
  }

  @Test
  void aSharedLayerIsCountedOnceAndSavedOnce(@TempDir Path dir) throws Exception {
    Generator g = new Generator(1);
    Affine shared = new Affine(3, 3, Init.he(), DType.FLOAT64, g);
    BatchNorm1d bn = new BatchNorm1d(3, DType.FLOAT64);
    Sequential net =
        new Sequential().add("first", shared).add("bn", bn).add("again", shared).add("bn2", bn);
    assertEquals(
        List.of("first.W", "first.b", "bn.gamma", "bn.beta"),
        List.copyOf(net.namedParameters().keySet()));
    assertEquals(List.of("bn.runningMean", "bn.runningVar"), List.copyOf(net.namedBuffers().keySet()));
    assertEquals(4, net.parameters().size());
    assertEquals(3 * 3 + 3 + 3 + 3, net.parameterCount());
    Path file = dir.resolve("tied.npz");
    Checkpoint.save(net, file);
    assertEquals(
        List.of("first.W", "first.b", "bn.gamma", "bn.beta", "bn.runningMean", "bn.runningVar"),
        List.copyOf(Checkpoint.read(file).keySet()));
    Checkpoint.load(net, file);
  }

  @Test
  void aModuleThatWouldContainItselfIsRefused() {
    Sequential outer = new Sequential();
    Sequential inner = new Sequential().add("relu", new Relu());
    outer.add("inner", inner);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> outer.add("self", outer));
    assertEquals(
        "Sequential: cannot register 'self' (Sequential): it is this module, and a module tree"
            + " cannot contain itself; register a new instance instead",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> inner.add("loop", outer));
    assertTrue(e.getMessage().contains("it contains this module"), e.getMessage());
    assertEquals(List.of("inner"), List.copyOf(outer.modules().keySet()), "nothing was added");
    assertEquals(List.of("relu"), List.copyOf(inner.modules().keySet()));
  }

  @Test
  void evaluationOnAnotherThreadNeverChangesTheModelsMode() throws Exception {
    // A model in training with dropout; one thread evaluates it over and over meanwhile. Every
    // training forward must drop (training mode), every evaluation must not, and the model ends
    // in the mode it had.
    Sequential net = new Sequential().add("drop", new Dropout(0.5, 1));
    Tensor ones = Tensor.ones(DType.FLOAT64, 1, 64);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger badEvaluations = new java.util.concurrent.atomic.AtomicInteger();
    Thread evaluator =
        new Thread(
            () -> {
              while (!stop.get()) {
                if (!net.predict(ones).equals(ones)) {
                  badEvaluations.incrementAndGet();
                }
              }
            });
    evaluator.start();
    int undropped = 0;
    try {
      for (int i = 0; i < 2000; i++) {
        Tensor y = net.forward(Variable.of(ones)).value();
        undropped += y.equals(ones) ? 1 : 0; // all 64 kept: probability 2^-64
      }
    } finally {
      stop.set(true);
      evaluator.join();
    }
    assertEquals(0, undropped, "training forwards that ran in evaluation mode");
    assertEquals(0, badEvaluations.get(), "evaluations that dropped");
    assertTrue(net.isTraining());
    try (EvalMode scope = EvalMode.enter()) {
      assertFalse(net.isTraining());
      assertTrue(net.modules().get("drop").forward(Variable.of(ones)).value().equals(ones));
    }
    assertTrue(net.isTraining());
  }

  @Test
  void batchNormRefusesAnInputOfAnotherTypeAsAffineAndConv2dDo() {
    BatchNorm1d bn = new BatchNorm1d(3, DType.FLOAT32);
    Variable x = Variable.of(Tensor.ones(DType.FLOAT64, 4, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(x));
    assertEquals(
        "BatchNorm1d: x is float64 but the layer is float32; convert the input with x.to(float32)",
        e.getMessage());
    BatchNorm2d bn2 = new BatchNorm2d(2, DType.FLOAT64);
    bn2.eval();
    Variable images = Variable.of(Tensor.ones(DType.FLOAT32, 1, 2, 3, 3));
    e = assertThrows(IllegalArgumentException.class, () -> bn2.forward(images));
    assertTrue(e.getMessage().startsWith("BatchNorm2d: x is float32 but the layer is float64"));
  }

  @Test
  void anEmptyBatchGivesAnEmptyResult() {
    Tensor noRows = Tensor.zeros(DType.FLOAT32, 0, 784);
    TwoLayerNet two = new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0);
    assertEquals(Shape.of(0, 10), two.predict(noRows).shape());
    assertEquals(0.0, two.accuracy(noRows, new int[0]));
    SimpleConvNet conv = new SimpleConvNet(DType.FLOAT32, 0);
    assertEquals(Shape.of(0, 10), conv.predict(noRows).shape());
    assertEquals(Shape.of(0, 10), conv.predict(Tensor.zeros(DType.FLOAT32, 0, 1, 28, 28)).shape());
    Sequential flat = new Sequential().add("flatten", new Flatten());
    assertEquals(
        Shape.of(0, 12), flat.forward(Variable.of(Tensor.zeros(DType.FLOAT64, 0, 3, 4))).shape());
    Mlp mlp = Mlp.builder().sizes(784, 20, 10).seed(1).build();
    assertEquals(Shape.of(0, 10), mlp.predict(noRows).shape());
  }

  @Test
  void mlpBuildsNamedLayers() {
    Mlp net =
        Mlp.builder().sizes(784, 100, 50, 10).activation(Activation.TANH).seed(3).build();
    assertEquals(
        List.of(
            "layers.affine1.W", "layers.affine1.b", "layers.affine2.W", "layers.affine2.b",
            "layers.affine3.W", "layers.affine3.b"),
        List.copyOf(net.namedParameters().keySet()));
    Module layers = net.modules().get("layers");
    assertEquals(
        List.of("affine1", "tanh1", "affine2", "tanh2", "affine3"),
        List.copyOf(layers.modules().keySet()));
    assertEquals(
        Shape.of(2, 10), net.forward(Variable.of(Tensor.zeros(DType.FLOAT32, 2, 784))).shape());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Mlp.builder().build());
    assertTrue(e.getMessage().contains("sizes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Mlp.builder().sizes(3));
  }

  @Test
  void sameSeedSameWeights() {
    Mlp a = Mlp.builder().sizes(5, 4, 3).seed(9).build();
    Mlp b = Mlp.builder().sizes(5, 4, 3).seed(9).build();
    Mlp c = Mlp.builder().sizes(5, 4, 3).seed(10).build();
    assertEquals(a.parameters().get(0).value(), b.parameters().get(0).value());
    assertFalse(a.parameters().get(0).value().equals(c.parameters().get(0).value()));
  }

  @Test
  void trainAndEvalReachSubModules() {
    Sequential inner = Sequential.of(new Relu());
    Sequential outer = Sequential.of(inner);
    outer.eval();
    assertFalse(inner.isTraining());
    outer.train();
    assertTrue(inner.modules().get("0").isTraining());
  }

  /** A module that lets the test register parameters. */
  private static final class Holder extends Module {
    void add(String name, Variable v) {
      registerParameter(name, v);
    }

    @Override
    public Variable forward(Variable x) {
      return x;
    }
  }

  @Test
  void registrationRejectsBadNamesAndNonParameters() {
    Holder m = new Holder();
    Variable p = Variable.parameter(Tensor.ones(DType.FLOAT64, 1), "p");
    m.add("w", p);
    IllegalArgumentException taken =
        assertThrows(IllegalArgumentException.class, () -> m.add("w", p));
    assertTrue(taken.getMessage().contains("'w' is already taken"), taken.getMessage());
    IllegalArgumentException dotted =
        assertThrows(IllegalArgumentException.class, () -> m.add("a.b", p));
    assertTrue(dotted.getMessage().contains("no dot"), dotted.getMessage());
    Variable constant = Variable.of(Tensor.ones(DType.FLOAT64, 1));
    IllegalArgumentException notParam =
        assertThrows(IllegalArgumentException.class, () -> m.add("c", constant));
    assertTrue(notParam.getMessage().contains("Variable.parameter"), notParam.getMessage());
  }

  @Test
  void zeroGradClearsEveryParameter() {
    Affine a = new Affine(2, 2, Init.he(), DType.FLOAT64, new Generator(0));
    a.forward(Variable.of(Tensor.ones(DType.FLOAT64, 1, 2))).sum().backward();
    assertTrue(a.parameters().stream().allMatch(p -> p.grad() != null));
    a.zeroGrad();
    assertTrue(a.parameters().stream().allMatch(p -> p.grad() == null));
  }

  @Test
  void printsItsTree() {
    Sequential net = new Sequential().add("fc", new Affine(3, 2, Init.zeros(), DType.FLOAT32, new Generator(0)));
    assertEquals("Sequential(\n  (fc): Affine(W=(3, 2), b=(2,))\n)", net.toString());
  }
}
