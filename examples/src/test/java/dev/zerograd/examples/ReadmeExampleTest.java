package dev.zerograd.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code shown in README.md, kept compiling and working. */
class ReadmeExampleTest {
  @Test
  void usingNnAsADependency(@TempDir Path dir) throws Exception {
    Generator g = new Generator(1);
    Tensor images = g.uniform(DType.FLOAT32, 0, 1, 500, 784);
    int[] classes = images.sliceColumns(0, 10).argmax(1); // a learnable toy task
    Path file = dir.resolve("net.npz");

    // --- README: using nn ---
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
    // --- end ---

    assertTrue(accuracy > 0.5, "accuracy " + accuracy);
    assertTrue(Files.size(file) > 0);
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
}
