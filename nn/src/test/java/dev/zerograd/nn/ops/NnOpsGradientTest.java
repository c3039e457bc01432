package dev.zerograd.nn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.testing.OpCatalog;
import dev.zerograd.autograd.testing.OpGradCheck;
import dev.zerograd.autograd.testing.ShapeSampler;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * nn's own ops, each gradient-checked at both orders in float64, with the same guard as
 * autograd's catalogue: an op added to this package without a check here fails the build.
 */
class NnOpsGradientTest {
  private static final int[] LABELS = {2, 0, 3};

  static Map<Class<? extends Op>, OpGradCheck> catalog() {
    // Where the maxima of one fixed (1, 2, 4, 4) batch lie: the pooling ops' positions.
    int[] positions =
        new Generator(11).uniform(DType.FLOAT64, -1, 1, 1, 2, 4, 4).maxPool2d(2, 2).indices();
    Map<Class<? extends Op>, OpGradCheck> c = new LinkedHashMap<>();
    c.put(
        AffineOp.class,
        OpGradCheck.of(
            "affine",
            in -> new AffineOp().apply(in.get(0), in.get(1), in.get(2)),
            ShapeSampler.fixed(Shape.of(3, 4), Shape.of(4, 3), Shape.of(3))));
    c.put(
        MaxPool2dOp.class,
        OpGradCheck.of(
            "maxPool2d 2x2 stride 2 (odd size)",
            in -> new MaxPool2dOp(2, 2).apply(in.get(0)),
            ShapeSampler.fixed(Shape.of(2, 2, 5, 4))));
    c.put(
        AvgPool2dOp.class,
        OpGradCheck.of(
            "avgPool2d 3x3 stride 2 (odd size)",
            in -> new AvgPool2dOp(3, 2).apply(in.get(0)),
            ShapeSampler.fixed(Shape.of(2, 2, 7, 6))));
    c.put(
        PoolScatter.class,
        OpGradCheck.of(
            "poolScatter into (1, 2, 4, 4)",
            in -> new PoolScatter(positions, new int[] {1, 2, 4, 4}).apply(in.get(0)),
            ShapeSampler.fixed(Shape.of(1, 2, 2, 2))));
    c.put(
        PoolGather.class,
        OpGradCheck.of(
            "poolGather from (1, 2, 4, 4)",
            in -> new PoolGather(positions, new int[] {1, 2, 2, 2}).apply(in.get(0)),
            ShapeSampler.fixed(Shape.of(1, 2, 4, 4))));
    c.put(
        SoftmaxCrossEntropy.class,
        OpGradCheck.of(
                "softmaxCrossEntropy, labels",
                in -> new SoftmaxCrossEntropy(LABELS).apply(in.get(0)),
                ShapeSampler.fixed(Shape.of(3, 4)))
            .domain(-3, 3));
    c.put(
        SoftmaxCrossEntropyGrad.class,
        OpGradCheck.of(
                "softmaxCrossEntropyGrad (x, dL; softmax(x) as the saved constant)",
                in ->
                    new SoftmaxCrossEntropyGrad(LABELS)
                        .apply(in.get(0), in.get(1), Variable.of(in.get(0).value().softmax(1))),
                ShapeSampler.fixed(Shape.of(3, 4), Shape.of()))
            .domain(-3, 3));
    return c;
  }

  /** The pooling ops with PyTorch's padding and ceil mode (the catalog checks the textbook's). */
  @TestFactory
  Stream<DynamicTest> poolingWithPaddingAndCeilModePassesGradientChecks() {
    ShapeSampler images = ShapeSampler.fixed(Shape.of(2, 2, 6, 5));
    return Stream.of(
            OpGradCheck.of(
                "maxPool2d 3x3 stride 2, padding 1, ceil mode",
                in -> new MaxPool2dOp(3, 2, 1, true).apply(in.get(0)),
                images),
            OpGradCheck.of(
                "maxPool2d 2x2 stride 2, padding 1",
                in -> new MaxPool2dOp(2, 2, 1, false).apply(in.get(0)),
                images),
            OpGradCheck.of(
                "avgPool2d 3x3 stride 2, padding 1, ceil mode, padding counted",
                in -> new AvgPool2dOp(3, 2, 1, true, true).apply(in.get(0)),
                images),
            OpGradCheck.of(
                "avgPool2d 3x3 stride 2, padding 1, ceil mode, padding not counted",
                in -> new AvgPool2dOp(3, 2, 1, true, false).apply(in.get(0)),
                images))
        .flatMap(c -> c.cases(2).dynamicTests());
  }

  @TestFactory
  Stream<DynamicTest> everyOpPassesGradientChecksAtBothOrders() {
    return catalog().values().stream().flatMap(c -> c.cases(2).dynamicTests());
  }

  @Test
  void catalogListsEveryOpInThePackageAndChecksSecondOrder() {
    Set<String> existing = OpCatalog.opsInPackageOf(AffineOp.class);
    Map<Class<? extends Op>, OpGradCheck> c = catalog();
    Set<String> checked =
        c.keySet().stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(existing, checked, "every nn op needs a gradient check in the catalog");
    assertEquals(7, checked.size(), "ops checked");
    c.forEach(
        (k, check) ->
            assertTrue(check.checksSecondOrder(), k.getSimpleName() + " is checked at order 2"));
  }
}
