package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Autograd;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.testing.OpGradCheck;
import dev.zerograd.autograd.testing.ShapeSampler;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The textbook's chapter 6 and 7 layers: convolution and pooling against naive loops, batch norm
 * against its definition and PyTorch's running statistics, dropout, flatten; each gradient-checked
 * at both orders on odd shapes, strides and padding in float64.
 */
class ConvLayersTest {
  private static final DType F64 = DType.FLOAT64;

  /** The convolution by its definition, element by element. */
  private static double[] naiveConv(
      Tensor x, Tensor w, Tensor b, int stride, int pad) {
    int n = x.dim(0);
    int c = x.dim(1);
    int h = x.dim(2);
    int wd = x.dim(3);
    int o = w.dim(0);
    int kh = w.dim(2);
    int kw = w.dim(3);
    int oh = (h + 2 * pad - kh) / stride + 1;
    int ow = (wd + 2 * pad - kw) / stride + 1;
    double[] out = new double[n * o * oh * ow];
    int k = 0;
    for (int a = 0; a < n; a++) {
      for (int f = 0; f < o; f++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = b.get(f);
            for (int ch = 0; ch < c; ch++) {
              for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                  int y = i * stride + u - pad;
                  int z = j * stride + v - pad;
                  if (y >= 0 && y < h && z >= 0 && z < wd) {
                    s += w.get(f, ch, u, v) * x.get(a, ch, y, z);
                  }
                }
              }
            }
            out[k++] = s;
          }
        }
      }
    }
    return out;
  }

  @Test
  void convolutionMatchesItsDefinition() {
    Generator g = new Generator(1);
    int[][] cases = {{2, 3, 7, 6, 4, 3, 1, 0}, {1, 2, 5, 5, 3, 2, 2, 1}, {3, 1, 9, 4, 2, 3, 3, 2}};
    for (int[] c : cases) {
      Conv2d conv = new Conv2d(c[1], c[4], c[5], c[6], c[7], Init.normal(0.5), F64, g);
      conv.bias().value().assignInPlace(g.uniform(F64, -1, 1, c[4]));
      Tensor x = g.uniform(F64, -1, 1, c[0], c[1], c[2], c[3]);
      Tensor y = conv.forward(Variable.of(x)).value();
      int oh = (c[2] + 2 * c[7] - c[5]) / c[6] + 1;
      int ow = (c[3] + 2 * c[7] - c[5]) / c[6] + 1;
      assertEquals(Shape.of(c[0], c[4], oh, ow), y.shape());
      double[] expected =
          naiveConv(x, conv.weight().value(), conv.bias().value(), c[6], c[7]);
      assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
    }
  }

  @Test
  void poolingMatchesItsDefinition() {
    Tensor x = new Generator(2).uniform(F64, -1, 1, 2, 3, 5, 7);
    Tensor max = new MaxPool2d(2, 2).forward(Variable.of(x)).value();
    Tensor avg = new AvgPool2d(3, 2).forward(Variable.of(x)).value();
    assertEquals(Shape.of(2, 3, 2, 3), max.shape());
    assertEquals(Shape.of(2, 3, 2, 3), avg.shape());
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 3; j++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int u = 0; u < 2; u++) {
              for (int v = 0; v < 2; v++) {
                m = Math.max(m, x.get(n, c, 2 * i + u, 2 * j + v));
              }
            }
            assertEquals(m, max.get(n, c, i, j), 0.0);
            double s = 0;
            for (int u = 0; u < 3; u++) {
              for (int v = 0; v < 3; v++) {
                s += x.get(n, c, 2 * i + u, 2 * j + v);
              }
            }
            assertEquals(s / 9, avg.get(n, c, i, j), 1e-15);
          }
        }
      }
    }
  }

  @Test
  void simpleConvNetComputesTheBooksLayerOrder() {
    // SimpleConvNet adds the conv bias and applies ReLU after the pooling; the book's order
    // (conv with bias - ReLU - pool) on the same parameters must give the same scores, exactly,
    // and the same gradients up to the order of summation.
    SimpleConvNet net = new SimpleConvNet(2, 9, 8, 4, 3, 5, 3, 0.5, F64, 7);
    Generator g = new Generator(3);
    Map<String, Variable> p = net.namedParameters();
    p.get("layers.conv1.b").value().assignInPlace(g.uniform(F64, -1, 1, 4));
    Tensor x = g.uniform(F64, -1, 1, 3, 2, 9, 8);
    Tensor weights = g.uniform(F64, -1, 1, 3, 3);
    Variable y = net.forward(Variable.of(x));
    Variable ref =
        Conv2d.conv(Variable.of(x), p.get("layers.conv1.W"), p.get("layers.conv1.b"), 1, 0);
    ref = new Flatten().forward(new MaxPool2d(2, 2).forward(new Relu().forward(ref)));
    ref = new Affine(p.get("layers.affine1.W"), p.get("layers.affine1.b")).forward(ref);
    ref = new Affine(p.get("layers.affine2.W"), p.get("layers.affine2.b")).forward(ref.relu());
    assertArrayEquals(ref.value().toDoubleArray(), y.value().toDoubleArray(), 0.0);
    List<Variable> params = List.copyOf(p.values());
    List<Variable> got = Autograd.grad(y.mul(Variable.of(weights)).sum(), params, false);
    List<Variable> want =
        Autograd.grad(ref.mul(Variable.of(weights)).sum(), params, false);
    for (int i = 0; i < params.size(); i++) {
      double[] a = want.get(i).value().toDoubleArray();
      double[] b = got.get(i).value().toDoubleArray();
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-12 * (1 + Math.abs(a[j])), "gradient " + i + "[" + j + "]");
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> layersPassGradientChecksAtBothOrders() {
    return Stream.of(
            OpGradCheck.of(
                "conv2d 3->2, 3x3, stride 2, pad 1",
                in -> {
                  Conv2d conv = new Conv2d(3, 2, 3, 2, 1, Init.he(), F64, new Generator(3));
                  return conv.forward(in.get(0));
                },
                ShapeSampler.fixed(Shape.of(2, 3, 5, 6))),
            OpGradCheck.of(
                "conv2d with respect to x, W and b: 2x2, stride 1",
                in -> Conv2d.conv(in.get(0), in.get(1), in.get(2), 1, 0),
                ShapeSampler.fixed(Shape.of(2, 2, 4, 3), Shape.of(3, 2, 2, 2), Shape.of(3))),
            OpGradCheck.of(
                "conv2d with respect to x, W and b: 3x3, stride 2, pad 2",
                in -> Conv2d.conv(in.get(0), in.get(1), in.get(2), 2, 2),
                ShapeSampler.fixed(Shape.of(1, 2, 5, 4), Shape.of(2, 2, 3, 3), Shape.of(2))),
            OpGradCheck.of(
                "Conv2d builder: 4->6, 3x2, stride (2, 1), padding (1, 2), dilation (2, 1), 2 groups",
                in -> {
                  return generalConv(new Generator(4)).forward(in.get(0));
                },
                ShapeSampler.fixed(Shape.of(2, 4, 7, 5))),
            OpGradCheck.of(
                "Conv2d.conv with respect to x, W and b: depthwise, padding (0, 1)",
                in ->
                    Conv2d.conv(
                        in.get(0),
                        in.get(1),
                        in.get(2),
                        Conv2dSpec.DEFAULT.withPadding(0, 1).withGroups(3)),
                ShapeSampler.fixed(Shape.of(2, 3, 4, 4), Shape.of(3, 1, 2, 3), Shape.of(3))),
            OpGradCheck.of(
                "maxPool 2x2 stride 2 (odd size)",
                in -> new MaxPool2d(2, 2).forward(in.get(0)),
                ShapeSampler.fixed(Shape.of(2, 2, 5, 4))),
            OpGradCheck.of(
                "avgPool 3x3 stride 1",
                in -> new AvgPool2d(3, 1).forward(in.get(0)),
                ShapeSampler.fixed(Shape.of(1, 2, 4, 5))),
            OpGradCheck.of(
                "batchNorm1d (training)",
                in -> new BatchNorm1d(3, F64).forward(in.get(0)).tanh(),
                ShapeSampler.fixed(Shape.of(5, 3))),
            OpGradCheck.of(
                "batchNorm2d (training)",
                in -> new BatchNorm2d(2, F64).forward(in.get(0)).tanh(),
                ShapeSampler.fixed(Shape.of(3, 2, 2, 3))),
            OpGradCheck.of(
                "flatten",
                in -> new Flatten().forward(in.get(0)),
                ShapeSampler.fixed(Shape.of(2, 3, 2))))
        .flatMap(c -> c.cases(2).dynamicTests());
  }

  @Test
  void batchNormNormalisesAndKeepsRunningStatisticsAsPyTorch() {
    Generator g = new Generator(5);
    BatchNorm1d bn = new BatchNorm1d(2, 0.1, 1e-5, F64);
    Tensor x = g.uniform(F64, -1, 3, 4, 2);
    Tensor y = bn.forward(Variable.of(x)).value();
    Tensor mean = y.mean(0);
    Tensor var = y.mul(y).mean(0);
    assertTrue(mean.abs().max().item() < 1e-12, mean.toString());
    assertEquals(1.0, var.get(0), 1e-4); // biased variance, less eps's share
    // running = 0.9 running + 0.1 batch, with the unbiased variance (N - 1 = 3).
    Tensor batchMean = x.mean(0);
    Tensor centred = x.sub(batchMean);
    Tensor unbiased = centred.mul(centred).sum(0).div(3);
    assertTrue(bn.runningMean().allClose(batchMean.mul(0.1), 0, 1e-15));
    assertTrue(bn.runningVar().allClose(unbiased.mul(0.1).add(0.9), 0, 1e-15));
    bn.eval();
    Tensor inEval = bn.forward(Variable.of(x)).value();
    Tensor expected = x.sub(bn.runningMean()).div(bn.runningVar().add(1e-5).sqrt());
    assertTrue(inEval.allClose(expected, 0, 1e-12));
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> bn.train().forward(Variable.of(Tensor.ones(F64, 1, 2))));
    assertTrue(one.getMessage().contains("use eval()"), one.getMessage());
  }

  @Test
  void runningStatisticsAreSavedWithTheParameters(@TempDir Path dir) throws Exception {
    Sequential net = new Sequential().add("bn", new BatchNorm2d(3, F64));
    net.forward(Variable.of(new Generator(6).uniform(F64, 0, 1, 2, 3, 2, 2)));
    Path file = dir.resolve("bn.npz");
    Checkpoint.save(net, file);
    assertEquals(
        java.util.Set.of("bn.gamma", "bn.beta", "bn.runningMean", "bn.runningVar"),
        Checkpoint.read(file).keySet());
    Sequential fresh = new Sequential().add("bn", new BatchNorm2d(3, F64));
    Checkpoint.load(fresh, file);
    assertEquals(
        net.namedBuffers().get("bn.runningVar"), fresh.namedBuffers().get("bn.runningVar"));
  }

  @Test
  void dropoutIsSeededAndOnlyTrains() {
    Tensor x = Tensor.ones(F64, 1000);
    Dropout d = new Dropout(0.3, 7);
    Tensor y = d.forward(Variable.of(x)).value();
    long zeros = java.util.Arrays.stream(y.toDoubleArray()).filter(v -> v == 0).count();
    assertTrue(zeros > 200 && zeros < 400, "about 300 of 1000 dropped: " + zeros);
    assertEquals(1.0 / 0.7, y.max().item(), 1e-12, "the rest scaled by 1 / (1 - p)");
    Tensor again = new Dropout(0.3, 7).forward(Variable.of(x)).value();
    assertEquals(y, again, "the same seed drops the same elements");
    assertNotEquals(y, d.forward(Variable.of(x)).value(), "a fresh mask each call");
    d.eval();
    assertEquals(x, d.forward(Variable.of(x)).value());
  }

  @Test
  void theTextbooksDropoutMasksWithoutScalingAndScalesInEvaluation() {
    Tensor x = new Generator(3).uniform(F64, 1, 2, 1000);
    Dropout d = Dropout.textbook(0.3, 7);
    assertTrue(d.isTextbook());
    assertFalse(new Dropout(0.3, 7).isTextbook());
    Variable xv = Variable.parameter(x, "x");
    Variable y = d.forward(xv);
    // The same mask as the inverted form of the same seed, without the 1 / (1 - p).
    Tensor inverted = new Dropout(0.3, 7).forward(Variable.of(x)).value();
    assertEquals(inverted.mul(0.7).sub(y.value()).abs().max().item(), 0.0, 1e-15);
    double[] yv = y.value().toDoubleArray();
    double[] xs = x.toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      assertTrue(yv[i] == 0 || yv[i] == xs[i], "kept elements are unscaled");
    }
    y.sum().backward(); // the gradient is the mask
    double[] g = xv.grad().toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals(yv[i] == 0 ? 0.0 : 1.0, g[i]);
    }
    d.eval();
    assertEquals(x.mul(0.7), d.forward(Variable.of(x)).value(), "evaluation: x (1 - p)");
  }

  @Test
  void trainAndEvalSwitchEveryLayerThatCares() {
    Sequential net =
        new Sequential()
            .add("bn", new BatchNorm1d(2, F64))
            .add("drop", new Dropout(0.5, 1))
            .add("flat", new Flatten());
    net.eval();
    assertFalse(net.modules().get("drop").isTraining());
    assertFalse(net.modules().get("bn").isTraining());
    net.train();
    assertTrue(net.modules().get("bn").isTraining());
  }

  /** Every option at once: 4 -> 6 channels, 3x2, stride (2, 1), pad (1, 2), dilation (2, 1), 2 groups. */
  private static Conv2d generalConv(Generator g) {
    return Conv2d.builder(4, 6, 3)
        .kernel(3, 2)
        .stride(2, 1)
        .padding(1, 2)
        .dilation(2, 1)
        .groups(2)
        .dtype(F64)
        .generator(g)
        .build();
  }

  @Test
  void pytorchsDefaultsNeedOnlyTheSizes() {
    Init.manualSeed(11);
    Conv2d conv = new Conv2d(1, 30, 5);
    assertEquals(Shape.of(30, 1, 5, 5), conv.weight().shape());
    assertEquals(Shape.of(30), conv.bias().shape());
    assertEquals(DType.FLOAT32, conv.weight().dtype());
    assertEquals(Conv2dSpec.DEFAULT, conv.spec());
    assertEquals(List.of("W", "b"), List.copyOf(conv.namedParameters().keySet()));
    // PyTorch's kaiming_uniform(a = sqrt 5): uniform within 1 / sqrt(fan-in 25), W and b alike.
    for (Variable p : conv.parameters()) {
      double largest = p.value().abs().max().item();
      assertTrue(largest <= 0.2 && largest > 0.15, p.name() + " max |value| " + largest);
    }
    Init.manualSeed(11);
    assertEquals(conv.weight().value(), new Conv2d(1, 30, 5).weight().value());
    assertNotEquals(conv.weight().value(), new Conv2d(1, 30, 5).weight().value());
    // Grouped filters count the fan-in of one group: 8 / 4 groups x 3 x 3 = 18.
    Conv2d grouped = Conv2d.builder(8, 4, 3).groups(4).bias(false).build();
    assertEquals(Shape.of(4, 2, 3, 3), grouped.weight().shape());
    assertEquals(List.of("W"), List.copyOf(grouped.namedParameters().keySet()));
    assertTrue(grouped.weight().value().abs().max().item() <= 1 / Math.sqrt(18));
  }

  @Test
  void theBuildersLayerIsTheFunctionWithItsSpec() {
    Generator g = new Generator(8);
    Conv2d conv = generalConv(g);
    Tensor x = g.uniform(F64, -1, 1, 2, 4, 7, 5);
    Variable y = conv.forward(Variable.of(x));
    assertEquals(Shape.of(2, 6, 3, 8), y.shape());
    Tensor expected =
        x.conv2d(conv.weight().value(), conv.spec())
            .add(conv.bias().value().reshape(1, 6, 1, 1));
    assertEquals(expected, y.value());
  }

  @Test
  void builderMistakesAreNamedBeforeAnythingIsDrawn() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Conv2d.builder(6, 4, 3).groups(4).build());
    assertEquals(
        "Conv2d: 4 groups must divide both the 6 input and the 4 output channels", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(1, 2, 3).kernel(3, 0));
    assertEquals("Conv2d: kernel (3, 0) must be positive", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Conv2d.builder(1, 2, 3).dilation(0));
    assertEquals(
        "Conv2dSpec: dilation (0, 0) must be at least 1 on both axes (1: no dilation)",
        e.getMessage());
  }

  @Test
  void poolingSizesRoundAsPyTorchRounds() {
    // {H, kernel, stride, padding, ceil, OH}: OH as torch.nn.functional.max_pool2d and avg_pool2d
    // give it (torch 1.13), including ceil mode's dropped window that would start in the padding.
    int[][] cases = {
      {6, 3, 2, 1, 1, 4}, {6, 3, 2, 1, 0, 3}, {5, 2, 2, 0, 1, 3}, {5, 2, 2, 0, 0, 2},
      {7, 3, 3, 1, 1, 3}, {4, 2, 3, 1, 1, 2}, {5, 3, 3, 1, 1, 2}, {8, 4, 3, 2, 1, 4}
    };
    for (int[] c : cases) {
      Variable x = Variable.of(Tensor.ones(F64, 1, 2, c[0], c[0]));
      boolean ceil = c[4] == 1;
      Shape expected = Shape.of(1, 2, c[5], c[5]);
      Variable max = new MaxPool2d(c[1], c[2], c[3], ceil).forward(x);
      assertEquals(expected, max.shape(), java.util.Arrays.toString(c));
      // Ones: every maximum is 1 (padding never wins); without counting the padding every mean
      // is 1 too.
      assertEquals(Tensor.ones(F64, expected.toArray()), max.value());
      Variable mean = new AvgPool2d(c[1], c[2], c[3], ceil, false).forward(x);
      assertEquals(Tensor.ones(F64, expected.toArray()), mean.value());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3, 1, 2, false));
    assertEquals(
        "maxPool2d: padding 2 must be between 0 and half the kernel 3 (PyTorch's rule)",
        e.getMessage());
  }

  @Test
  void convolutionFansCountTheReceptiveField() {
    assertEquals(new Fans(3 * 5 * 5, 30 * 5 * 5), Init.fans(Shape.of(30, 3, 5, 5)));
    assertEquals(new Fans(784, 50), Init.fans(Shape.of(784, 50)));
  }

  @Test
  void badInputsNameTheLayer() {
    Conv2d conv = new Conv2d(3, 2, 3, 1, 0, Init.he(), F64, new Generator(1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> conv.forward(Variable.of(Tensor.zeros(F64, 1, 2, 5, 5))));
    assertEquals(
        "conv2d: expects images (N, 3, H, W) for filters (2, 3, 3, 3), got (1, 2, 5, 5)",
        e.getMessage());
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () -> conv.forward(Variable.of(Tensor.zeros(DType.FLOAT32, 1, 3, 5, 5))));
    assertEquals(
        "conv2d: operands are float32 and float64; convert one with to(float32)",
        type.getMessage());
    IllegalArgumentException pool =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MaxPool2d(3, 3).forward(Variable.of(Tensor.zeros(F64, 1, 1, 2, 2))));
    assertEquals(
        "maxPool2d: a 3x3 window with stride 3 does not fit images (1, 1, 2, 2); need 1 <="
            + " kernel <= H, W and stride >= 1",
        pool.getMessage());
  }
}
