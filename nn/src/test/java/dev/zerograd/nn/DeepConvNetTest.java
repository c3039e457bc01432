package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepConvNetTest {
  @TempDir Path dir;

  /** The book's layers: name, weight shape. */
  private static final Map<String, int[]> WEIGHTS = new LinkedHashMap<>();

  static {
    WEIGHTS.put("layers.conv1.W", new int[] {16, 1, 3, 3});
    WEIGHTS.put("layers.conv2.W", new int[] {16, 16, 3, 3});
    WEIGHTS.put("layers.conv3.W", new int[] {32, 16, 3, 3});
    WEIGHTS.put("layers.conv4.W", new int[] {32, 32, 3, 3});
    WEIGHTS.put("layers.conv5.W", new int[] {64, 32, 3, 3});
    WEIGHTS.put("layers.conv6.W", new int[] {64, 64, 3, 3});
    WEIGHTS.put("layers.affine1.W", new int[] {1024, 50});
    WEIGHTS.put("layers.affine2.W", new int[] {50, 10});
  }

  @Test
  void theBooksLayersShapesAndHeInitialisation() {
    DeepConvNet net = new DeepConvNet(DType.FLOAT32, 0);
    Map<String, Variable> p = net.namedParameters();
    assertEquals(2 * WEIGHTS.size(), p.size(), p.keySet().toString());
    long count = 0;
    for (Map.Entry<String, int[]> e : WEIGHTS.entrySet()) {
      int[] shape = e.getValue();
      Tensor w = p.get(e.getKey()).value();
      assertArrayEquals(shape, w.shape().toArray(), e.getKey());
      String bias = e.getKey().replace(".W", ".b");
      int out = shape.length == 4 ? shape[0] : shape[1];
      assertArrayEquals(new int[] {out}, p.get(bias).shape().toArray(), bias);
      assertEquals(0.0, p.get(bias).value().abs().max().item(), bias);
      // He: std sqrt(2 / fan-in); the sample std of n normal draws is within 6/sqrt(2n) of it
      // relatively (six standard errors).
      int fanIn = shape.length == 4 ? shape[1] * shape[2] * shape[3] : shape[0];
      double n = w.size();
      double std = Math.sqrt(w.mul(w).mean().item());
      double he = Math.sqrt(2.0 / fanIn);
      assertTrue(Math.abs(std / he - 1) <= 6 / Math.sqrt(2 * n), e.getKey() + ": std " + std + " vs " + he);
      count += w.size() + out;
    }
    // The book's parameter count: 16*9+16 + 16*144+16 + 32*144+32 + 32*288+32 + 64*288+64 +
    // 64*576+64 + 1024*50+50 + 50*10+10.
    assertEquals(
        16 * 9 + 16 + 16 * 144 + 16 + 32 * 144 + 32 + 32 * 288 + 32 + 64 * 288 + 64 + 64 * 576 + 64
            + 1024 * 50 + 50 + 50 * 10 + 10,
        count);
    assertEquals(count, net.parameterCount());
  }

  @Test
  void rowsAndImagesGiveTenScoresAndDropoutActsOnlyInTraining() {
    DeepConvNet net = new DeepConvNet(DType.FLOAT32, 1);
    Tensor rows = new Generator(2).uniform(DType.FLOAT32, 0, 1, 100, 784);
    net.eval();
    Tensor a = net.predict(rows);
    assertArrayEquals(new int[] {100, 10}, a.shape().toArray());
    assertEquals(a, net.predict(rows.reshape(100, 1, 28, 28)));
    assertEquals(a, net.predict(rows), "evaluation is deterministic");
    net.train();
    Tensor t1 = net.forward(Variable.of(rows)).value();
    Tensor t2 = net.forward(Variable.of(rows)).value();
    assertNotEquals(t1, t2, "dropout draws new masks per pass");
    // dropout2 zeroes about half of the scores (exact zeros come from nothing else): 1000 draws
    // of p = 0.5 lie within 0.3-0.7 but with probability below 1e-30.
    double zeros = t1.eq(0).mean().item();
    assertTrue(zeros > 0.3 && zeros < 0.7, "zeroed fraction " + zeros);
  }

  @Test
  void scoresAndEveryGradientMatchPyTorchInFloat64() throws Exception {
    assumeTrue(Torch.installed(), "/usr/bin/python3 with torch and numpy is not installed");
    DeepConvNet net = new DeepConvNet(DType.FLOAT64, 3);
    net.eval();
    Tensor x = new Generator(4).uniform(DType.FLOAT64, 0, 1, 4, 1, 28, 28);
    int[] t = {3, 0, 9, 5};
    Variable xv = Variable.parameter(x, "x");
    Variable scores = net.forward(xv);
    Variable loss = Losses.crossEntropy(scores, t);
    loss.backward();
    Map<String, Tensor> arrays = new LinkedHashMap<>(Checkpoint.snapshot(net));
    arrays.put("x", x);
    arrays.put("t", Tensor.of(new double[] {3, 0, 9, 5}));
    Map<String, Tensor> torch = Torch.run(getClass(), "/torch_deep_convnet_check.py", arrays, dir);
    Map<String, Tensor> ours = new LinkedHashMap<>();
    ours.put("scores", scores.value());
    ours.put("loss", loss.value());
    ours.put("grad.x", xv.grad());
    net.namedParameters().forEach((name, p) -> ours.put("grad." + name, p.grad()));
    assertEquals(3 + 16, ours.size());
    for (Map.Entry<String, Tensor> e : ours.entrySet()) {
      Tensor theirs = torch.get(e.getKey());
      assertArrayEquals(theirs.shape().toArray(), e.getValue().shape().toArray(), e.getKey());
      // float64 through six convolutions: sums of at most 576 products per layer, rounding
      // far below 1e-10 of the largest value.
      double scale = Math.max(theirs.abs().max().item(), 1e-300);
      double err = e.getValue().sub(theirs).abs().max().item() / scale;
      assertTrue(err <= 1e-10, e.getKey() + ": relative error " + err);
    }
  }
}
