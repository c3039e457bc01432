package dev.zerograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Autograd;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.testing.OpGradCheck;
import dev.zerograd.nn.Activation;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Metrics;
import dev.zerograd.nn.Mlp;
import dev.zerograd.nn.SoftmaxWithLoss;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code shown in README.md, kept compiling and working. */
class ReadmeExampleTest {
  @Test
  void anMlpLearnsASeparableTaskAndSavesIt(@TempDir Path dir) throws Exception {
    Generator g = new Generator(1);
    // A separable toy task with a wide margin, so that the verdict cannot depend on rounding:
    // noise in [0, 0.5), and class c adds 0.5 to its own band of 78 pixels.
    int[] classes = g.integers(0, 10, 500);
    Tensor images = g.uniform(DType.FLOAT32, 0, 0.5, 500, 784);
    for (int i = 0; i < classes.length; i++) {
      images.select(0, i).slice(0, 78 * classes[i], 78 * classes[i] + 78).addInPlace(HALF);
    }
    Path file = dir.resolve("net.npz");
    double lossBefore = lossOf(images, classes);

    Mlp net = Mlp.builder().sizes(784, 100, 10).activation(Activation.RELU).seed(42).build();
    SGD sgd = new SGD(net, 0.1);
    SoftmaxWithLoss lossLayer = new SoftmaxWithLoss();
    for (int step = 0; step < 300; step++) {
      int[] rows = g.integers(0, images.dim(0), 100);
      Tensor x = images.gatherRows(rows);
      int[] t = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        t[i] = classes[rows[i]];
      }
      sgd.zeroGrad();
      Variable loss = lossLayer.forward(net.forward(Variable.of(x)), t);
      loss.backward();
      sgd.step();
    }
    double accuracy = Metrics.accuracy(net, images, classes);
    Checkpoint.save(net, file);

    // Measured 1.0 with the bundled OpenBLAS and with pure Java; 0.95 leaves room for any
    // kernel's rounding, while chance is 0.1.
    assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    double lossAfter = lossOf(images, classes, net);
    assertTrue(lossAfter < lossBefore / 2, lossBefore + " -> " + lossAfter);
    assertEquals(
        net.namedParameters().keySet(), Checkpoint.read(file).keySet(), "the file holds the net");
  }

  private static final Tensor HALF = Tensor.scalar(0.5, DType.FLOAT32);

  /** The loss of a fresh net built as above (seed 42), before any training. */
  private static double lossOf(Tensor images, int[] classes) {
    return lossOf(
        images,
        classes,
        Mlp.builder().sizes(784, 100, 10).activation(Activation.RELU).seed(42).build());
  }

  private static double lossOf(Tensor images, int[] classes, Mlp net) {
    return new SoftmaxWithLoss().forward(net.forward(Variable.of(images)), classes).item();
  }

  @Test
  void aCustomOpIsCheckedInOneLine() {
    // --- README: custom op check ---
    OpGradCheck.of(new Swish()).check();
    // --- end ---
    Variable x = Variable.parameter(Tensor.of(new double[] {-1, 0, 2}), "x");
    new Swish().apply(x).sum().backward();
    assertTrue(x.grad().allFinite());
  }

  @Test
  void aGradientPenaltyTrains() {
    Generator g = new Generator(2);
    Tensor images = g.uniform(DType.FLOAT64, -1, 1, 16, 4);
    int[] labels = images.sliceColumns(0, 3).argmax(1);

    // --- README: gradient penalty ---
    Mlp net = Mlp.builder().sizes(4, 8, 3).activation(Activation.TANH).dtype(DType.FLOAT64).seed(1).build();
    SGD sgd = new SGD(net, 0.05);
    Variable x = Variable.parameter(images, "x");              // differentiate with respect to x
    for (int step = 0; step < 20; step++) {
      sgd.zeroGrad();
      Variable loss = new SoftmaxWithLoss().forward(net.forward(x), labels);
      Variable dx = Autograd.grad(loss, x, true);              // recorded: differentiable
      Variable total = loss.add(dx.mul(dx).sum().mul(10));     // loss + 10 |dL/dx|^2
      total.backward();                                         // through the gradient too
      sgd.step();
    }
    // --- end ---

    // The penalty's own gradient reaches the parameters: it falls as they train.
    Mlp fresh =
        Mlp.builder().sizes(4, 8, 3).activation(Activation.TANH).dtype(DType.FLOAT64).seed(1).build();
    double before = penalty(fresh, images, labels);
    double after = penalty(net, images, labels);
    assertTrue(after < before / 2, before + " -> " + after);
  }

  /** |dL/dx|^2 for the net's loss at x. */
  private static double penalty(Mlp net, Tensor images, int[] labels) {
    Variable x = Variable.parameter(images.copy(), "x");
    Variable loss = new SoftmaxWithLoss().forward(net.forward(x), labels);
    Variable dx = Autograd.grad(loss, x, false);
    return dx.mul(dx).sum().item();
  }
}
