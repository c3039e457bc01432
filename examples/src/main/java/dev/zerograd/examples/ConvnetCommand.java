package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.data.mnist.MnistLocator;
import dev.zerograd.interop.ModelFiles;
import dev.zerograd.interop.StateDicts;
import dev.zerograd.nn.AtomicFile;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.Adam;
import dev.zerograd.tensor.cpu.Blas;
import dev.zerograd.tensor.DType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the book's convolutional nets' training programs share ({@code train-convnet}, {@code
 * train-deepconvnet}): the options, the book's schedule (Adam lr 0.001, batches of 100 sampled
 * with replacement, 600 per epoch, per-epoch accuracy on the first 1000 images), the RESULT line
 * and saving. A subclass names its program and makes its net.
 */
abstract class ConvnetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dtype",
      order = 1,
      paramLabel = "float32|float64",
      description = "float32 or float64 (default: ${DEFAULT-VALUE})",
      defaultValue = "float32",
      converter = TrainMnistCommand.DTypeConverter.class)
  DType dtype;

  int epochs = defaultEpochs();

  /** The program's name, for messages. */
  abstract String program();

  /** The network's name, for messages. */
  abstract String network();

  /** The net, with fresh weights from {@code seed}. */
  abstract Module create(DType dtype, long seed);

  /** The book's number of epochs. */
  int defaultEpochs() {
    return 20;
  }

  /** What the program does after training, with the trained net (nothing, by default). */
  void afterTraining(Module net, Mnist data, PrintWriter out) throws Exception {}

  @Option(names = "--seed", order = 3, paramLabel = "N", description = "seed (default: 0)")
  long seed;

  @Option(
      names = "--data-dir",
      order = 4,
      paramLabel = "DIR",
      description = "directory with the four MNIST (or Fashion-MNIST) idx files (raw or .gz)")
  Path dataDir;

  Path save;

  @Option(
      names = "--epochs",
      order = 2,
      paramLabel = "N",
      description = "epochs of 600 iterations (default: the book's 20)")
  void setEpochs(int n) {
    epochs = OptionChecks.count(spec, "--epochs", n);
    iterations(TrainMnistCommand.MNIST_TRAIN_SIZE / BATCH); // MNIST's count: checked now
  }

  /** The iteration count of {@code epochs} epochs of {@code perEpoch}, or a usage error. */
  private int iterations(int perEpoch) {
    try {
      return Math.multiplyExact(perEpoch, epochs);
    } catch (ArithmeticException e) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              Locale.ROOT,
              "--epochs %d: %d epochs of %d iterations is more than %d iterations; give at most"
                  + " %d",
              epochs, epochs, perEpoch, Integer.MAX_VALUE, Integer.MAX_VALUE / perEpoch));
    }
  }

  @Option(
      names = "--save",
      order = 5,
      paramLabel = "PATH",
      description = "save the trained net: .npz, .safetensors or .onnx, by the extension")
  void setSave(Path p) {
    save = OutputFiles.check(spec, "--save", p, ModelFiles.EXTENSIONS);
  }

  @Option(
      names = "--layout",
      order = 6,
      paramLabel = "zerograd|pytorch",
      description = "the names and layouts of a saved weights file (default: ${DEFAULT-VALUE})",
      defaultValue = "zerograd",
      converter = TrainMnistCommand.LayoutConverter.class)
  StateDicts.Layout layout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.println(Blas.describe());
    Mnist data = MnistLocator.standard(dataDir, spec.commandLine().getErr()).load();
    DataChecks.mnistSized(program(), data, network());
    DataChecks.atLeast(program(), data, BATCH, "one batch of " + BATCH);
    Module net = create(dtype, seed);
    int perEpoch = data.train().size() / BATCH;
    int iterations = iterations(perEpoch);
    if (save != null) {
      AtomicFile.checkSpace(save, Finite.bytes(net));
    }
    MnistTrainer.Result result;
    try (TerminalProgress progress = TerminalProgress.start("train", iterations)) {
      result = Finite.orSuggest("the learning rate", 0.001, () ->
          MnistTrainer.train(
              net,
              () -> create(dtype, seed),
              dtype,
              new Adam(net, 0.001),
              data,
              iterations,
              BATCH,
              seed,
              1000,
              e -> out.println(e.line()),
              progress));
    }
    double train;
    double test;
    try (TerminalProgress progress =
        TerminalProgress.start("evaluate", data.train().size() + data.test().size())) {
      train = accuracy(net, data.train(), 0, progress);
      test = accuracy(net, data.test(), data.train().size(), progress);
    }
    out.println(
        String.format(
            Locale.ROOT,
            "RESULT dtype=%s iterations=%d train_acc=%.4f test_acc=%.4f train_seconds=%.2f",
            dtype,
            iterations,
            train,
            test,
            result.trainSeconds()));
    if (save != null) {
      ModelFiles.save(net, save, layout);
      spec.commandLine().getErr().println("saved " + save);
    }
    afterTraining(net, data, out);
    return 0;
  }

  /** The accuracy on a whole split, evaluated 1000 images at a time with a progress display. */
  static double accuracy(Module net, Mnist.Split split, int before, TerminalProgress p) {
    int n = split.size();
    long correct = 0;
    for (int start = 0; start < n; start += CHUNK) {
      int end = Math.min(n, start + CHUNK);
      int[] labels = java.util.Arrays.copyOfRange(split.labels(), start, end);
      correct += Math.round(net.accuracy(split.images().sliceRows(start, end), labels) * (end - start));
      p.stepTo(before + end);
    }
    return (double) correct / n;
  }

  private static final int CHUNK = 1000;

  /** The book's batch size. */
  private static final int BATCH = 100;
}
