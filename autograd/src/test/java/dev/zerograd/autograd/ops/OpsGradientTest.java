package dev.zerograd.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.testing.OpCatalog;
import dev.zerograd.autograd.testing.OpGradCheck;
import dev.zerograd.autograd.testing.ShapeSampler;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import dev.zerograd.tensor.spi.UnaryOp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every built-in op, gradient-checked in float64 on random shapes (broadcast where the op
 * broadcasts) and on non-contiguous views, driven by one catalog with a guard that it lists every
 * op in the package.
 */
class OpsGradientTest {
  /** The catalog: one check per op class in this package. */
  static Map<Class<? extends Op>, OpGradCheck> catalog() {
    Map<Class<? extends Op>, OpGradCheck> c = new LinkedHashMap<>();
    c.put(Add.class, OpGradCheck.of(new Add()));
    c.put(Sub.class, OpGradCheck.of(new Sub()));
    c.put(Mul.class, OpGradCheck.of(new Mul()));
    c.put(Div.class, OpGradCheck.of(new Div()).domain(0.5, 2));
    c.put(Pow.class, OpGradCheck.of(new Pow()).domain(0.5, 2));
    c.put(Maximum.class, OpGradCheck.of(new Maximum()));
    c.put(Minimum.class, OpGradCheck.of(new Minimum()));
    // One check per function of the elementwise table, on its line's domain.
    c.put(Unary.class, unaryChecks());
    c.put(
        Sum.class,
        OpGradCheck.of("sum over axes", in -> in.get(0).sum(new int[] {0, -1}, true), rank(3))
            .seed(1));
    c.put(
        MatMul.class,
        OpGradCheck.of("matmul", in -> in.get(0).matmul(in.get(1)), OpsGradientTest::matmulShapes)
            .cases(12));
    c.put(
        Transpose.class,
        OpGradCheck.of("transpose", in -> in.get(0).transpose(2, 0, 1), rank(3)));
    c.put(
        Reshape.class,
        OpGradCheck.of("reshape", in -> in.get(0).reshape(-1, 2), ShapeSampler.fixed(
            Shape.of(3, 2, 2))).cases(2));
    c.put(
        GatherRows.class,
        OpGradCheck.of(
            "gatherRows (repeated rows)",
            in -> in.get(0).gatherRows(new int[] {2, 0, 2, 1}),
            ShapeSampler.fixed(Shape.of(3, 4)))
            .cases(2));
    c.put(
        Where.class,
        OpGradCheck.of(
                "where",
                in -> new Where().apply(in.get(0), in.get(1), in.get(2)),
                ShapeSampler.broadcast(3))
            .constants(
                (i, s, g, lo, hi) -> g.uniform(DType.FLOAT64, 0, 1, s.toArray()).gt(0.5), 0));
    c.put(
        Softmax.class,
        OpGradCheck.of("softmax(axis 1)", in -> in.get(0).softmax(1), rank(2, 3)).domain(-3, 3));
    c.put(
        LogSoftmax.class,
        OpGradCheck.of("logSoftmax(axis -1)", in -> in.get(0).logSoftmax(-1), rank(2, 3))
            .domain(-3, 3));
    c.put(
        BroadcastTo.class,
        OpGradCheck.of(
            "broadcastTo (2, 3, 4)",
            in -> in.get(0).broadcastTo(2, 3, 4),
            g -> List.of(Shape.of(g.nextInt(2) == 0 ? 1 : 3, g.nextInt(2) == 0 ? 1 : 4))));
    c.put(
        Cast.class,
        OpGradCheck.of(
            "cast to float32 and back, times 3",
            in -> in.get(0).to(DType.FLOAT32).mul(3).to(DType.FLOAT64),
            ShapeSampler.same(1))
            .eps(1e-2) // linear: a wide step is exact, and stays above float32's rounding
            .tolerance(1e-5, 1e-4)
            .secondOrderTolerance(1e-5, 1e-4));
    c.put(Copy.class, OpGradCheck.of(new Copy()));
    c.put(
        ScatterRows.class,
        OpGradCheck.of(
            "scatterRows (repeated rows)",
            in -> new ScatterRows(new int[] {2, 0, 2}, Shape.of(4, 3)).apply(in.get(0)),
            ShapeSampler.fixed(Shape.of(3, 3)))
            .cases(2));
    c.put(
        Unfold2d.class,
        OpGradCheck.of(
                "unfold2d 3x2 windows, stride 2, pad 1",
                in -> in.get(0).unfold2d(3, 2, 2, 1),
                ShapeSampler.fixed(Shape.of(2, 2, 5, 4)))
            .cases(2));
    c.put(
        Conv2d.class,
        OpGradCheck.of(
                "conv2d 3x2 filters, stride 2, pad 1",
                in -> in.get(0).conv2d(in.get(1), 2, 1),
                ShapeSampler.fixed(Shape.of(2, 2, 5, 4), Shape.of(3, 2, 3, 2)))
            .cases(2));
    c.put(
        Conv2dWeightGrad.class,
        OpGradCheck.of(
                "conv2dWeightGrad 2x3 filters, stride 1, pad 1 (overlapping)",
                in -> new Conv2dWeightGrad(2, 3, Conv2dSpec.of(1, 1)).apply(in.get(0), in.get(1)),
                ShapeSampler.fixed(Shape.of(2, 2, 4, 3), Shape.of(2, 3, 5, 3)))
            .cases(2));
    c.put(
        Conv2dInputGrad.class,
        OpGradCheck.of(
                "conv2dInputGrad 3x3 filters, stride 2, pad 1",
                in -> new Conv2dInputGrad(new int[] {2, 2, 5, 6}, Conv2dSpec.of(2, 1)).apply(in.get(0), in.get(1)),
                ShapeSampler.fixed(Shape.of(3, 2, 3, 3), Shape.of(2, 3, 3, 3)))
            .cases(2));
    c.put(
        Fold2d.class,
        OpGradCheck.of(
                "fold2d 2x2 windows, stride 1 (overlapping)",
                in -> new Fold2d(new int[] {1, 2, 4, 3}, 2, 2, 1, 0).apply(in.get(0)),
                ShapeSampler.fixed(Shape.of(1, 8, 6)))
            .cases(2));
    c.put(
        TakeAlongAxis.class,
        OpGradCheck.of(
                "takeAlongAxis (axis 1, repeats)",
                in -> in.get(0).takeAlongAxis(1, new int[] {2, 0, 1, 1, 0, 0}),
                ShapeSampler.fixed(Shape.of(3, 4)))
            .cases(2));
    c.put(
        ScatterAlongAxis.class,
        OpGradCheck.of(
                "scatterAlongAxis (axis 1, repeats)",
                in ->
                    new ScatterAlongAxis(1, new int[] {2, 0, 1, 1, 0, 0}, new int[] {3, 4})
                        .apply(in.get(0)),
                ShapeSampler.fixed(Shape.of(3, 2)))
            .cases(2));
    c.put(
        MaxAlongAxis.class,
        OpGradCheck.of("max along axis 1", in -> in.get(0).max(1, false), rank(2, 3)));
    c.put(
        Slice.class,
        OpGradCheck.of(
                "slice [1, 5) step 2 of axis 1",
                in -> in.get(0).slice(1, 1, 5, 2),
                ShapeSampler.fixed(Shape.of(2, 6)))
            .cases(2));
    c.put(
        SliceScatter.class,
        OpGradCheck.of(
                "sliceScatter into (2, 6)",
                in -> new SliceScatter(new int[] {2, 6}, 1, 1, 5, 2).apply(in.get(0)),
                ShapeSampler.fixed(Shape.of(2, 2)))
            .cases(2));
    c.put(
        Concat.class,
        OpGradCheck.of(
                "concat along axis 1",
                in -> Variable.concat(1, in.get(0), in.get(1), in.get(0)),
                ShapeSampler.fixed(Shape.of(2, 3), Shape.of(2, 1)))
            .cases(2));
    c.put(
        ReluGrad.class,
        OpGradCheck.of(
                "reluGrad (dy, y) with a constant y",
                in -> new ReluGrad().apply(in.get(0), in.get(1)),
                ShapeSampler.same(2))
            .constants((i, s, g, lo, hi) -> g.uniform(DType.FLOAT64, -1, 1, s.toArray()), 1));
    return c;
  }

  /**
   * Every function of {@link Unary}'s table as one check: the function of the input, each on the
   * domain its line gives (the input mapped affinely from [0, 1) into it), summed; every
   * function's gradient and second derivative enter the sum, so a wrong line fails it.
   */
  private static OpGradCheck unaryChecks() {
    return OpGradCheck.of(
            "every elementwise function of the table",
            in -> {
              Variable total = null;
              for (UnaryOp f : UnaryOp.values()) {
                Unary.Rule r = Unary.rule(f);
                Variable x = in.get(0).mul(r.high() - r.low()).add(r.low());
                Variable y = Unary.of(f).apply(x);
                total = total == null ? y : total.add(y);
              }
              return total;
            },
            ShapeSampler.same(1))
        .domain(0, 1);
  }

  /** A random shape of a rank in [min, max], dimensions 1 to 4. */
  private static ShapeSampler rank(int min, int max) {
    return g -> {
      int r = min + g.nextInt(max - min + 1);
      int[] d = new int[r];
      for (int i = 0; i < r; i++) {
        d[i] = 1 + g.nextInt(4);
      }
      return List.of(Shape.of(d));
    };
  }

  private static ShapeSampler rank(int r) {
    return rank(r, r);
  }

  /** Every case of NumPy matmul: vectors on either side, matrices, and 3-D batches. */
  private static List<Shape> matmulShapes(Generator g) {
    int m = 1 + g.nextInt(4);
    int k = 1 + g.nextInt(4);
    int n = 1 + g.nextInt(4);
    int b = 2 + g.nextInt(2);
    switch (g.nextInt(8)) {
      case 0:
        return List.of(Shape.of(k), Shape.of(k));
      case 1:
        return List.of(Shape.of(m, k), Shape.of(k));
      case 2:
        return List.of(Shape.of(k), Shape.of(k, n));
      case 3:
        return List.of(Shape.of(b, m, k), Shape.of(b, k, n));
      case 4:
        return List.of(Shape.of(b, m, k), Shape.of(k, n));
      case 5:
        return List.of(Shape.of(m, k), Shape.of(b, k, n));
      case 6:
        return List.of(Shape.of(1, m, k), Shape.of(b, k, n));
      default:
        return List.of(Shape.of(m, k), Shape.of(k, n));
    }
  }

  @TestFactory
  Stream<DynamicTest> everyOpPassesGradientChecks() {
    return catalog().values().stream().flatMap(OpGradCheck::dynamicTests);
  }

  @Test
  void catalogListsEveryOpInThePackage() {
    Set<String> existing = OpCatalog.opsInPackageOf(Add.class);
    Set<String> checked =
        catalog().keySet().stream()
            .map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(existing, checked, "every op needs a gradient check in the catalog");
    assertEquals(32, checked.size(), "ops checked");
  }

  @Test
  void everyElementwiseFunctionHasALineInTheTable() {
    for (UnaryOp f : UnaryOp.values()) {
      Unary.Rule r = Unary.rule(f);
      assertTrue(r != null, f + " has no derivative in Unary's table");
      assertTrue(r.low() < r.high(), f + "'s check domain is empty");
      assertEquals(f.opName(), Unary.of(f).name());
    }
  }

  @TestFactory
  Stream<DynamicTest> eachElementwiseFunctionPassesGradientChecksOnItsDomain() {
    return Stream.of(UnaryOp.values())
        .map(
            f ->
                OpGradCheck.of(Unary.of(f))
                    .domain(Unary.rule(f).low(), Unary.rule(f).high()))
        .flatMap(OpGradCheck::dynamicTests);
  }

  @Test
  void everyBuiltInOpHasSecondDerivativesAndTheCatalogChecksThem() {
    Map<Class<? extends Op>, OpGradCheck> c = catalog();
    c.forEach(
        (k, check) ->
            assertTrue(check.checksSecondOrder(), k.getSimpleName() + " is checked at order 2"));
    assertEquals(32, c.values().stream().filter(OpGradCheck::checksSecondOrder).count());
  }

  /**
   * The convolution ops with PyTorch's options beyond the textbook's (the catalog checks the
   * textbook's): per-axis strides and padding, dilation and channel groups, first and second
   * order, on each op of the three.
   */
  @TestFactory
  Stream<DynamicTest> convolutionsWithEveryOptionPassGradientChecks() {
    Conv2dSpec general =
        Conv2dSpec.DEFAULT.withStride(2, 1).withPadding(1, 2).withDilation(2, 1).withGroups(2);
    Conv2dSpec depthwise = Conv2dSpec.DEFAULT.withPadding(0, 1).withGroups(3);
    return Stream.of(
            OpGradCheck.of(
                "conv2d " + general,
                in -> in.get(0).conv2d(in.get(1), general),
                ShapeSampler.fixed(Shape.of(2, 4, 7, 5), Shape.of(6, 2, 3, 2))),
            OpGradCheck.of(
                "conv2dWeightGrad " + general,
                in -> new Conv2dWeightGrad(3, 2, general).apply(in.get(0), in.get(1)),
                ShapeSampler.fixed(Shape.of(2, 4, 7, 5), Shape.of(2, 6, 3, 8))),
            OpGradCheck.of(
                "conv2dInputGrad " + general,
                in ->
                    new Conv2dInputGrad(new int[] {2, 4, 7, 5}, general)
                        .apply(in.get(0), in.get(1)),
                ShapeSampler.fixed(Shape.of(6, 2, 3, 2), Shape.of(2, 6, 3, 8))),
            OpGradCheck.of(
                "conv2d depthwise " + depthwise,
                in -> in.get(0).conv2d(in.get(1), depthwise),
                ShapeSampler.fixed(Shape.of(2, 3, 4, 4), Shape.of(3, 1, 2, 3))))
        .flatMap(OpGradCheck::dynamicTests);
  }

  @TestFactory
  Stream<DynamicTest> compositeGraphsPassGradientChecks() {
    return Stream.of(
            // The two-layer net's forward pass with its loss, on a batch of 3.
            OpGradCheck.of(
                "affine-relu-affine-logsoftmax",
                in ->
                    in.get(0)
                        .matmul(in.get(1))
                        .add(in.get(2))
                        .relu()
                        .matmul(in.get(3))
                        .logSoftmax(1)
                        .mean(),
                ShapeSampler.fixed(Shape.of(3, 4), Shape.of(4, 5), Shape.of(5), Shape.of(5, 2))),
            // Fan-out: x is used three times.
            OpGradCheck.of(
                "fan-out x*x + exp(x)/x",
                in -> in.get(0).mul(in.get(0)).add(in.get(0).exp().div(in.get(0))).sum(),
                ShapeSampler.same(1))
                .domain(0.5, 2),
            // Reuse through broadcasting and reductions.
            OpGradCheck.of(
                "normalise rows (x - mean) / sqrt(var + 1)",
                in -> {
                  Variable x = in.get(0);
                  Variable centred = x.sub(x.mean(new int[] {1}, true));
                  Variable var = centred.mul(centred).mean(new int[] {1}, true);
                  return centred.div(var.add(1).sqrt()).tanh();
                },
                ShapeSampler.fixed(Shape.of(4, 3))),
            OpGradCheck.of(
                "sigmoid(x) * softmax(x) - minimum(x, x^T)",
                in -> {
                  Variable x = in.get(0);
                  return x.sigmoid().mul(x.softmax(0)).sub(x.minimum(x.transpose())).abs();
                },
                ShapeSampler.fixed(Shape.of(3, 3))))
        .flatMap(OpGradCheck::dynamicTests);
  }

  @Test
  void matmulSkipsTheGradientOfAnInputThatNeedsNone() {
    // The batch of images is a constant: matmul's backward must not compute its gradient.
    MatMul matmul = new MatMul();
    Variable[][] returned = new Variable[1][];
    Op spy =
        new Op("spy", 2) {
          @Override
          protected Tensor forward(Context ctx, Tensor... in) {
            return matmul.forward(ctx, in);
          }

          @Override
          protected Variable[] backward(Context ctx, Variable dy) {
            returned[0] = matmul.backward(ctx, dy);
            return returned[0];
          }
        };
    Variable images = Variable.of(new Generator(1).uniform(DType.FLOAT32, 0, 1, 4, 3));
    Variable w = Variable.parameter(Tensor.ones(DType.FLOAT32, 3, 2), "W");
    spy.apply(images, w).sum().backward();
    assertNull(returned[0][0], "gradient with respect to the images");
    // A column sum of 4 pixels in [0, 1] against the product's gradient: two float32 orders.
    assertEquals(
        images.value().sum(0).get(1), w.grad().get(1, 0), 2 * Rounding.gamma(DType.FLOAT32, 4) * 4);
  }
}
