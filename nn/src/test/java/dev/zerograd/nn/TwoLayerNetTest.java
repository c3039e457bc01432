package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwoLayerNetTest {
  @Test
  void parametersAndLayersHaveTheTextbooksNames() {
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 0.01);
    assertEquals(List.of("W1", "b1", "W2", "b2"), List.copyOf(net.namedParameters().keySet()));
    assertEquals(List.of("Affine1", "Relu1", "Affine2"), List.copyOf(net.layers().keySet()));
    assertEquals(Shape.of(784, 50), net.namedParameters().get("W1").shape());
    assertEquals(DType.FLOAT64, net.dtype());
    Tensor w1 = net.namedParameters().get("W1").value();
    double std = Math.sqrt(w1.pow(2).mean().item());
    assertEquals(0.01, std, 0.0005);
    assertEquals(0.0, net.namedParameters().get("b1").value().abs().sum().item());
  }

  /**
   * The textbook's gradient check: backprop against finite differences on 3 MNIST-shaped
   * inputs, mean absolute difference per parameter below 1e-8 in float64.
   */
  @Test
  void backpropAgreesWithNumericalGradientsOnThreeMnistShapedInputs() {
    Generator g = new Generator(11);
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT64, 7);
    // Train a little first so that the gradients are not dominated by the initial symmetry.
    Tensor xs = g.uniform(DType.FLOAT64, 0, 1, 30, 784);
    int[] ts = g.integers(0, 10, 30);
    SGD sgd = new SGD(net, 0.1);
    for (int i = 0; i < 20; i++) {
      net.gradient(xs, ts);
      sgd.step();
    }
    Tensor x = xs.sliceRows(0, 3);
    int[] t = {ts[0], ts[1], ts[2]};
    Map<String, Tensor> numeric = net.numericalGradient(x, t);
    Map<String, Tensor> backprop = net.gradient(x, t);
    assertEquals(numeric.keySet(), backprop.keySet());
    for (String name : numeric.keySet()) {
      double diff = backprop.get(name).sub(numeric.get(name)).abs().mean().item();
      double scale = numeric.get(name).abs().mean().item();
      assertTrue(diff < 1e-8, name + ": mean |backprop - numerical| = " + diff);
      assertTrue(scale > 1e-6, name + " has a real gradient to compare: " + scale);
    }
  }

  @Test
  void oneHotTargetsGiveTheSameLossAndGradients() {
    Generator g = new Generator(2);
    TwoLayerNet net = new TwoLayerNet(6, 5, 3, 0.5, DType.FLOAT64, 1);
    Tensor x = g.uniform(DType.FLOAT64, 0, 1, 4, 6);
    int[] labels = {0, 2, 1, 2};
    Tensor t = Tensor.oneHot(labels, 3, DType.FLOAT64);
    assertEquals(net.loss(x, labels).item(), net.loss(x, t).item(), 1e-12);
    Map<String, Tensor> a = net.gradient(x, labels);
    Map<String, Tensor> b = net.gradient(x, t);
    a.forEach((k, v) -> assertTrue(v.allClose(b.get(k), 0, 1e-12), k));
    assertEquals(net.accuracy(x, labels), net.accuracy(x, t));
  }

  @Test
  void predictIsRawScoresComputedWithoutRecordingInChunks() {
    Generator g = new Generator(3);
    TwoLayerNet net = new TwoLayerNet(5, 4, 3, 0.5, DType.FLOAT32, 4);
    int n = TwoLayerNet.EVAL_BATCH + 7;
    Tensor x = g.uniform(DType.FLOAT32, 0, 1, n, 5);
    Tensor scores = net.predict(x);
    assertEquals(Shape.of(n, 3), scores.shape());
    Variable direct = net.forward(Variable.of(x));
    assertTrue(direct.requiresGrad(), "forward records while training");
    // The chunks are products of another size, which BLAS may round otherwise: equal to within
    // both evaluations' rounding bound.
    Tensor bound = ScoreBounds.scoreError(net, x).mul(2);
    assertTrue(
        Rounding.within(scores, direct.value(), bound),
        Rounding.describe(scores, direct.value(), bound));
    int[] labels = scores.argmax(1);
    assertEquals(1.0, net.accuracy(x, labels));
    labels[0] = (labels[0] + 1) % 3;
    assertEquals((n - 1.0) / n, net.accuracy(x, labels));
  }

  @Test
  void trainingReducesTheLoss() {
    Generator g = new Generator(5);
    TwoLayerNet net = new TwoLayerNet(8, 16, 3, 0.1, DType.FLOAT32, 6);
    Tensor x = g.uniform(DType.FLOAT32, -1, 1, 60, 8);
    int[] t = x.sliceColumns(0, 3).argmax(1); // learnable: the largest of the first 3 features
    SGD sgd = new SGD(net, 0.5);
    double first = net.loss(x, t).item();
    for (int i = 0; i < 300; i++) {
      net.gradient(x, t);
      sgd.step();
    }
    double last = net.loss(x, t).item();
    assertTrue(last < first / 3, first + " -> " + last);
    assertTrue(net.accuracy(x, t) > 0.9);
  }
}
