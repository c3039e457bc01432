package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.GradCheck;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The functional forms against their layers (the same bits), gradient-checked, with their checks. */
class FunctionalTest {
  private static final DType F64 = DType.FLOAT64;

  @Test
  void batchNormIsTheLayersFunctionInTrainingAndEvaluation() {
    Generator g = new Generator(3);
    BatchNorm2d layer = new BatchNorm2d(3, 0.1, 1e-5, F64);
    layer.gamma().value().assignInPlace(g.uniform(F64, 0.5, 2, 3));
    layer.beta().value().assignInPlace(g.uniform(F64, -1, 1, 3));
    Tensor mean = Tensor.zeros(F64, 3);
    Tensor var = Tensor.ones(F64, 3);
    for (int step = 0; step < 3; step++) {
      Variable x = Variable.of(g.normal(F64, 2, 3, 4, 3, 5, 5));
      Variable ours =
          Functional.batchNorm(x, mean, var, layer.gamma(), layer.beta(), true, 0.1, 1e-5);
      assertArrayEquals(
          layer.forward(x).value().toDoubleArray(), ours.value().toDoubleArray(), 0.0, "training");
    }
    assertArrayEquals(layer.runningMean().toDoubleArray(), mean.toDoubleArray(), 0.0);
    assertArrayEquals(layer.runningVar().toDoubleArray(), var.toDoubleArray(), 0.0);
    assertEquals(3, layer.batchesTracked());
    layer.eval();
    Variable x = Variable.of(g.normal(F64, 0, 1, 2, 3, 4, 4));
    assertArrayEquals(
        layer.forward(x).value().toDoubleArray(),
        Functional.batchNorm(x, mean, var, layer.gamma(), layer.beta(), false, 0.1, 1e-5)
            .value()
            .toDoubleArray(),
        0.0,
        "evaluation");
    // Rows (N, C) too, without scale and shift and without running statistics.
    Variable rows = Variable.of(g.normal(F64, 0, 1, 8, 3));
    Variable y = Functional.batchNorm(rows, null, null, null, null, true, 0.1, 1e-5);
    double[] v = y.value().toDoubleArray();
    double[] in = rows.value().toDoubleArray();
    double gamma = Rounding.gamma(F64, 8);
    for (int c = 0; c < 3; c++) {
      double sum = 0;
      double absY = 0;
      double absX = 0;
      double xMean = 0;
      for (int i = 0; i < 8; i++) {
        sum += v[i * 3 + c];
        absY += Math.abs(v[i * 3 + c]);
        absX += Math.abs(in[i * 3 + c]);
        xMean += in[i * 3 + c] / 8;
      }
      double xVar = 0;
      for (int i = 0; i < 8; i++) {
        xVar += (in[i * 3 + c] - xMean) * (in[i * 3 + c] - xMean) / 8;
      }
      // The computed mean is off by gamma(8) sum|x| / 8, which shifts the 8 centred values'
      // sum by up to gamma(8) sum|x|, scaled by 1 / sqrt(var + eps); the final sum rounds by up
      // to gamma(8) sum|y|. Twice that covers the second-order terms.
      double tol = 2 * (gamma * absX / Math.sqrt(xVar + 1e-5) + gamma * absY);
      assertTrue(Math.abs(sum) <= tol, "feature " + c + " is centred: sum " + sum + " > " + tol);
    }
  }

  @Test
  void batchNormIsGradientChecked() {
    Generator g = new Generator(4);
    Tensor x = g.normal(F64, 0, 1, 4, 2, 3, 3);
    Tensor w = g.uniform(F64, 0.5, 2, 2);
    Tensor b = g.uniform(F64, -1, 1, 2);
    Variable projection = Variable.of(g.normal(F64, 0, 1, 4, 2, 3, 3)); // fixed: one function
    GradCheck.Report r =
        GradCheck.defaults()
            .check(
                in -> Functional.batchNorm(in.get(0), null, null, in.get(1), in.get(2), true, 0.1, 1e-5)
                    .mul(projection)
                    .sum(),
                x,
                w,
                b);
    assertTrue(r.passed(), r.toString());
  }

  @Test
  void batchNormSaysWhatDoesNotFit() {
    Variable x = Variable.of(Tensor.zeros(F64, 4, 3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Functional.batchNorm(x, null, null, null, null, false, 0.1, 1e-5));
    assertEquals(
        "batchNorm: evaluation needs the running statistics; give them, or normalise with training"
            + " true",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Functional.batchNorm(
                    x, null, null, Variable.of(Tensor.ones(F64, 4)), null, true, 0.1, 1e-5));
    assertEquals(
        "batchNorm: the weight has shape (4,), but x (4, 3) has 3 features on axis 1; give (3,)",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Functional.batchNorm(
                    Variable.of(Tensor.zeros(F64, 5)), null, null, null, null, true, 0.1, 1e-5));
    assertTrue(e.getMessage().startsWith("batchNorm: x (5,) needs a batch axis"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Functional.batchNorm(x, Tensor.zeros(F64, 3), null, null, null, true, 0.1, 1e-5));
    assertEquals("batchNorm: give both running statistics or neither", e.getMessage());
  }

  @Test
  void dropoutIsTheLayersFunction() {
    Variable x = Variable.of(new Generator(5).normal(F64, 0, 1, 6, 7));
    Dropout layer = new Dropout(0.3, 11);
    Generator rng = new Generator(11);
    for (int step = 0; step < 3; step++) {
      assertArrayEquals(
          layer.forward(x).value().toDoubleArray(),
          Functional.dropout(x, 0.3, true, rng).value().toDoubleArray(),
          0.0,
          "the same seed drops the same elements, step " + step);
    }
    assertSame(x, Functional.dropout(x, 0.3, false, rng), "evaluation passes x through");
    assertSame(x, Functional.dropout(x, 0, true, rng));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Functional.dropout(x, 1, true, rng));
    assertEquals("dropout: p 1.0 must be in [0, 1)", e.getMessage());
  }
}
