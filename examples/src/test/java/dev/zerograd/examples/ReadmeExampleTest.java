package dev.zerograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Autograd;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.testing.OpGradCheck;
import dev.zerograd.data.Batch;
import dev.zerograd.data.DataLoader;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.Conv2d;
import dev.zerograd.nn.Flatten;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.Initializer;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.MaxPool2d;
import dev.zerograd.nn.Relu;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.optim.Adam;
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
  void aDepthwiseBlockHasPyTorchsShapes() throws Exception {
    // The block as README shows it, line for line (checked below against the file).
    Init.manualSeed(0);                                             // torch.manual_seed(0)
    Sequential block = new Sequential()
        .add("depthwise", Conv2d.builder(32, 32, 3).padding(1).groups(32).bias(false).build())
        .add("pointwise", new Conv2d(32, 64, 1))
        .add("relu", new Relu())
        .add("pool", new MaxPool2d(3, 2, 1, true));                 // padding 1, ceil mode
    Variable y = block.forward(Variable.of(Tensor.zeros(DType.FLOAT32, 8, 32, 15, 15)));

    // torch.nn.Sequential(Conv2d(32, 32, 3, padding=1, groups=32, bias=False), Conv2d(32, 64,
    // 1), ReLU(), MaxPool2d(3, 2, 1, ceil_mode=True)) gives (8, 64, 8, 8) for this input.
    assertEquals(dev.zerograd.tensor.Shape.of(8, 64, 8, 8), y.shape());
    assertEquals(
        java.util.List.of("depthwise.W", "pointwise.W", "pointwise.b"),
        java.util.List.copyOf(block.namedParameters().keySet()));
    String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
    String[] shown = {
      "Init.manualSeed(0);                                             // torch.manual_seed(0)",
      "Sequential block = new Sequential()",
      "    .add(\"depthwise\", Conv2d.builder(32, 32, 3).padding(1).groups(32).bias(false).build())",
      "    .add(\"pointwise\", new Conv2d(32, 64, 1))",
      "    .add(\"relu\", new Relu())",
      "    .add(\"pool\", new MaxPool2d(3, 2, 1, true));                 // padding 1, ceil mode",
      "Variable y = block.forward(Variable.of(Tensor.zeros(DType.FLOAT32, 8, 32, 15, 15)));"
    };
    assertTrue(readme.contains(String.join("\n", shown)), "README shows the block this test runs");
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

  @Test
  void theConvNetTrains() {
    // 1000 28x28 images: noise, plus a bright 6x6 square whose place is the class (10 places):
    // a task a ConvNet learns in a few epochs, whatever the kernel's rounding.
    Generator data = new Generator(3);
    int n = 1000;
    int[] classes = data.integers(0, 10, n);
    Tensor pixels = data.uniform(DType.FLOAT32, 0, 0.3, n, 784);
    for (int i = 0; i < n; i++) {
      int top = 2 + (classes[i] / 5) * 14;
      int left = 2 + (classes[i] % 5) * 5;
      Tensor image = pixels.select(0, i).reshape(28, 28);
      image.slice(0, top, top + 6).slice(1, left, left + 6).addInPlace(Tensor.scalar(0.7, DType.FLOAT32));
    }
    Mnist mnist = new Mnist(new Mnist.Split(pixels, classes), new Mnist.Split(pixels, classes));

    // --- README: the ConvNet ---
    Generator g = new Generator(0);
    Initializer init = Init.normal(0.01);
    Sequential net = new Sequential()
        .add("conv1", new Conv2d(1, 30, 5, 1, 0, init, DType.FLOAT32, g))
        .add("pool1", new MaxPool2d(2, 2))
        .add("relu1", new Relu())
        .add("flatten", new Flatten())
        .add("affine1", new Affine(30 * 12 * 12, 100, init, DType.FLOAT32, g))
        .add("relu2", new Relu())
        .add("affine2", new Affine(100, 10, init, DType.FLOAT32, g));
    Adam adam = Adam.builder(net).lr(0.001).build();
    DataLoader loader = DataLoader.builder(mnist.train()).batchSize(100).shuffle(true).seed(1).build();
    // --- end (the README's loop is one epoch; here it runs several) ---
    double before = convLoss(net, pixels, classes);
    for (int epoch = 0; epoch < 8; epoch++) {
      for (Batch batch : loader) {
        adam.zeroGrad();
        Variable images = Variable.of(batch.features().reshape(-1, 1, 28, 28));
        Losses.crossEntropy(net.forward(images), batch.labels()).backward();
        adam.step();
      }
    }
    double after = convLoss(net, pixels, classes);
    double accuracy = net.accuracy(pixels.reshape(-1, 1, 28, 28), classes);
    // Measured: loss 2.3026 -> 0.00033 and accuracy 1.0 (bundled OpenBLAS and pure Java); chance
    // is 0.1 and an untrained net's loss ln 10.
    assertTrue(after < before / 2, before + " -> " + after);
    assertTrue(accuracy >= 0.9, "accuracy " + accuracy);
  }

  private static double convLoss(Sequential net, Tensor pixels, int[] classes) {
    Tensor scores = net.predict(pixels.reshape(-1, 1, 28, 28));
    return Losses.crossEntropy(Variable.of(scores), classes).item();
  }
}
