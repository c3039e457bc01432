package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.AnomalyException;
import dev.zerograd.autograd.AnomalyMode;
import dev.zerograd.autograd.GradCheck;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.testing.OpGradCheck;
import dev.zerograd.autograd.testing.ShapeSampler;
import dev.zerograd.nn.ops.AffineOp;
import dev.zerograd.nn.ops.SoftmaxCrossEntropy;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every layer and the fused loss, gradient-checked in float64 at batch sizes 1 and 3. */
class LayersTest {
  private static final DType F64 = DType.FLOAT64;

  private static OpGradCheck affine(int batch) {
    return OpGradCheck.of(
        "affine batch " + batch,
        in -> new AffineOp().apply(in.get(0), in.get(1), in.get(2)),
        ShapeSampler.fixed(Shape.of(batch, 4), Shape.of(4, 3), Shape.of(3)));
  }

  private static OpGradCheck loss(int batch) {
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = (2 * i + 1) % 4;
    }
    return OpGradCheck.of(
        "softmax-with-loss, labels, batch " + batch,
        in -> new SoftmaxWithLoss().forward(in.get(0), labels),
        ShapeSampler.fixed(Shape.of(batch, 4)))
        .domain(-3, 3);
  }

  private static OpGradCheck oneHotLoss(int batch) {
    return OpGradCheck.of(
        "softmax-with-loss, one-hot, batch " + batch,
        in -> new SoftmaxWithLoss().forward(in.get(0), Tensor.oneHot(new int[batch], 5, F64)),
        ShapeSampler.fixed(Shape.of(batch, 5)))
        .domain(-3, 3);
  }

  private static OpGradCheck module(String name, Module m, int batch) {
    return OpGradCheck.of(
        name + " batch " + batch, in -> m.forward(in.get(0)), ShapeSampler.fixed(Shape.of(batch, 6)))
        .domain(-2, 2);
  }

  @TestFactory
  Stream<DynamicTest> everyLayerPassesGradientChecks() {
    Stream.Builder<OpGradCheck> checks = Stream.builder();
    for (int batch : new int[] {1, 3}) {
      checks.add(affine(batch));
      checks.add(loss(batch));
      checks.add(oneHotLoss(batch));
      checks.add(module("relu", new Relu(), batch));
      checks.add(module("sigmoid", new Sigmoid(), batch));
      checks.add(module("tanh", new Tanh(), batch));
    }
    return checks.build().flatMap(c -> c.cases(2).dynamicTests());
  }

  @Test
  void affineModuleGradientsReachItsParametersForAnyBatchAndInputRank() {
    Generator g = new Generator(4);
    for (int[] dims : new int[][] {{6}, {1, 6}, {3, 6}, {3, 2, 3}}) {
      Affine layer = new Affine(6, 4, Init.normal(0.5), F64, g);
      Tensor x = g.uniform(F64, -1, 1, dims);
      GradCheck.Report r =
          GradCheck.defaults().check(
              in -> new Affine(in.get(1), in.get(2)).forward(in.get(0)).tanh(),
              x,
              layer.weight().value(),
              layer.bias().value());
      assertTrue(r.passed(), java.util.Arrays.toString(dims) + " " + r);
    }
    Affine layer = new Affine(6, 4, Init.normal(0.5), F64, g);
    assertEquals(Shape.of(4), layer.forward(Variable.of(Tensor.ones(F64, 6))).shape());
    assertEquals(Shape.of(3, 4), layer.forward(Variable.of(Tensor.ones(F64, 3, 2, 3))).shape());
  }

  @Test
  void softTargetsGetAGradientToo() {
    Generator g = new Generator(5);
    Tensor scores = g.uniform(F64, -2, 2, 3, 4);
    Tensor targets = g.uniform(F64, 0, 1, 3, 4).softmax(1);
    GradCheck.defaults().assertPasses(
        in -> SoftmaxCrossEntropy.withTargets().apply(in.get(0), in.get(1)), scores, targets);
    // Targets whose rows do not sum to 1: the gradient is y sum(t) - t, not y - t.
    Tensor unnormalised = g.uniform(F64, 0, 2, 3, 4);
    GradCheck.defaults().assertPasses(
        in -> SoftmaxCrossEntropy.withTargets().apply(in.get(0), in.get(1)),
        scores,
        unnormalised);
    GradCheck.defaults()
        .tolerance(1e-8, 1e-6)
        .assertSecondOrderPasses(
            in -> SoftmaxCrossEntropy.withTargets().apply(in.get(0), in.get(1)),
            scores,
            unnormalised);
  }

  @Test
  void lossIsTheMeanCrossEntropyAndItsBackwardIsYMinusTOverN() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {1, 1, 1}});
    Variable scores = Variable.parameter(x, "scores");
    Variable loss = new SoftmaxWithLoss().forward(scores, new int[] {2, 0});
    Tensor y = x.softmax(1);
    double expected = -(Math.log(y.get(0, 2)) + Math.log(y.get(1, 0))) / 2;
    assertEquals(expected, loss.item(), 1e-12);
    loss.backward();
    Tensor t = Tensor.oneHot(new int[] {2, 0}, 3, F64);
    assertTrue(scores.grad().allClose(y.sub(t).div(2), 0, 1e-12), scores.grad().toString());
    Variable oneHot = new SoftmaxWithLoss().forward(Variable.of(x), t);
    assertEquals(expected, oneHot.item(), 1e-12);
  }

  @Test
  void hugeLogitsNeitherOverflowNorTakeLogOfZero() {
    for (DType dt : DType.values()) {
      Tensor x = Tensor.of(new double[][] {{1e4, 0, -1e4}, {-1e4, 1e4, 0}}).to(dt);
      Variable scores = Variable.parameter(x, "scores");
      Variable right = new SoftmaxWithLoss().forward(scores, new int[] {0, 1});
      assertEquals(0.0, right.item(), 1e-6);
      right.backward();
      assertTrue(scores.grad().allFinite(), scores.grad().toString());
      Variable wrong = new SoftmaxWithLoss().forward(Variable.of(x), new int[] {2, 0});
      assertEquals(2e4, wrong.item(), 1e-2); // each row: 1e4 - (-1e4)
    }
  }

  @Test
  void badLabelsAreNamed() {
    Variable s = Variable.of(Tensor.zeros(F64, 2, 3));
    IllegalArgumentException count =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SoftmaxWithLoss().forward(s, new int[] {1}));
    assertTrue(count.getMessage().contains("1 labels for 2 rows"), count.getMessage());
    IndexOutOfBoundsException range =
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> new SoftmaxWithLoss().forward(s, new int[] {1, 3}));
    assertEquals(
        "softmaxCrossEntropy: label 3 at position 1 is outside [0, 3)", range.getMessage());
    IllegalArgumentException shape =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SoftmaxWithLoss().forward(s, Tensor.zeros(F64, 2, 4)));
    assertTrue(shape.getMessage().contains("(2, 4)"), shape.getMessage());
  }

  @Test
  void affineRejectsMismatchedShapesNamingThem() {
    Affine layer = new Affine(4, 3, Init.zeros(), F64, new Generator(0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> layer.forward(Variable.of(Tensor.ones(F64, 2, 5))));
    assertTrue(e.getMessage().contains("x (2, 5), W (4, 3)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Affine(Variable.parameter(Tensor.ones(F64, 4, 3), "W"),
            Variable.parameter(Tensor.ones(F64, 4), "b")));
  }

  @Test
  void activationsComputeTheirFunctions() {
    Variable x = Variable.of(Tensor.of(new double[] {-1, 0, 2}));
    assertArrayEquals(new double[] {0, 0, 2}, new Relu().forward(x).value().toDoubleArray());
    assertEquals(0.5, new Sigmoid().forward(x).value().get(1));
    assertEquals(Math.tanh(2), new Tanh().forward(x).value().get(2));
  }

  @Test
  void anAnomalyInsideALayerNamesTheCallersLineNotTheLayers() {
    Affine layer =
        new Affine(
            Variable.parameter(Tensor.ones(DType.FLOAT64, 2, 3), "W"),
            Variable.parameter(Tensor.zeros(DType.FLOAT64, 3), "b"));
    Variable x = Variable.of(Tensor.of(new double[] {Double.NaN, 1}, 1, 2));
    try (AnomalyMode scope = AnomalyMode.enable()) {
      int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
      AnomalyException e = assertThrows(AnomalyException.class, () -> layer.forward(x));
      assertTrue(e.getMessage().contains("LayersTest.java:" + line + ")"), e.getMessage());
      assertFalse(e.getMessage().contains("Affine.java"), e.getMessage());
    }
  }
}
