package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zerograd.autograd.GradCheck;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossesTest {
  private static final DType F64 = DType.FLOAT64;

  @Test
  void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheLabels() {
    Tensor logits = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 5}});
    double expected =
        -(logits.logSoftmax(1).get(0, 2) + logits.logSoftmax(1).get(1, 0)) / 2;
    assertEquals(expected, Losses.crossEntropy(Variable.of(logits), new int[] {2, 0}).item(), 1e-15);
    Variable soft = Variable.of(Tensor.oneHot(new int[] {2, 0}, 3, F64));
    assertEquals(expected, Losses.crossEntropy(Variable.of(logits), soft).item(), 1e-15);
  }

  @Test
  void mseIsTheMeanSquaredDifferenceAndDifferentiates() {
    Tensor p = Tensor.of(new double[] {1, 2, 4});
    Tensor t = Tensor.of(new double[] {1, 0, 1});
    assertEquals((0 + 4 + 9) / 3.0, Losses.mse(Variable.of(p), Variable.of(t)).item(), 0.0);
    Generator g = new Generator(1);
    GradCheck.defaults()
        .assertPasses(
            in -> Losses.mse(in.get(0), in.get(1)),
            g.uniform(F64, -1, 1, 2, 3),
            g.uniform(F64, -1, 1, 2, 3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.mse(Variable.of(p), Variable.of(Tensor.ones(F64, 2))));
    assertEquals("mse: prediction (3,) and target (2,) differ in shape; give equal shapes", e.getMessage());
  }

  @Test
  void predictRunsInEvaluationModeWithoutRecordingAndConvertsTheInput() {
    Sequential net =
        new Sequential()
            .add("affine", new Affine(3, 2, Init.normal(1), F64, new Generator(2)))
            .add("drop", new Dropout(0.5, 3));
    Tensor x = new Generator(4).uniform(DType.FLOAT32, 0, 1, Metrics.DEFAULT_BATCH + 5, 3);
    Tensor y = net.predict(x);
    assertEquals(F64, y.dtype(), "float32 rows into a float64 model");
    net.eval();
    Tensor direct = net.forward(Variable.of(x.to(F64))).value();
    net.train();
    assertEquals(direct, y, "dropout is off in predict");
    assertEquals(true, net.isTraining(), "the mode is restored");
  }

  @Test
  void anActivationCanBeAnyFunction() {
    Mlp net =
        Mlp.builder()
            .sizes(3, 4, 2)
            .activation("softplus", x -> x.exp().add(1).log())
            .dtype(F64)
            .build();
    assertEquals(
        java.util.List.of("affine1", "softplus1", "affine2"),
        java.util.List.copyOf(
            ((Sequential) net.modules().get("layers")).modules().keySet()));
    GradCheck.defaults()
        .assertPasses(in -> net.forward(in.get(0)).sum(), Tensor.ones(F64, 2, 3));
  }

  @Test
  void nullLabelsAreNamed() {
    Variable logits = Variable.of(Tensor.zeros(DType.FLOAT64, 2, 3));
    NullPointerException e =
        assertThrows(
            NullPointerException.class, () -> Losses.crossEntropy(logits, (int[]) null));
    assertEquals(
        "crossEntropy: the labels array is null; give one class per row", e.getMessage());
  }
}
