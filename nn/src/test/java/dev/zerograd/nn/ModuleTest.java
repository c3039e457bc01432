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
import java.util.List;
import org.junit.jupiter.api.Test;

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
