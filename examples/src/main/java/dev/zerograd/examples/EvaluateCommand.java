package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.data.mnist.MnistLocator;
import dev.zerograd.interop.ModelFiles;
import dev.zerograd.interop.OnnxModel;
import dev.zerograd.nn.Metrics;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The test accuracy of a saved model, from the file alone. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the MNIST test accuracy of a saved model as 'RESULT test_acc=...': an .onnx graph"
          + " (any of ONNX's operators zerograd reads, exported here or by PyTorch), or an .npz /"
          + " .safetensors file saved by train-mnist or train-convnet (its metadata names the"
          + " net).",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  Path model;

  @Option(
      names = "--model",
      order = 1,
      required = true,
      paramLabel = "FILE",
      description = "the model: .npz, .safetensors or .onnx")
  void setModel(Path p) {
    model = OptionChecks.modelFile(spec, "--model", p);
  }

  @Option(
      names = "--data-dir",
      order = 2,
      paramLabel = "DIR",
      description = "directory with the four MNIST idx files (raw or .gz)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Module net = ModelFiles.load(model);
    Mnist data = MnistLocator.standard(dataDir, spec.commandLine().getErr()).load();
    Tensor images = data.test().images();
    if (net instanceof OnnxModel onnx) {
      images = shapedFor(onnx, images);
    }
    double acc = Metrics.accuracy(net, images, data.test().labels());
    out.println(String.format(Locale.ROOT, "RESULT test_acc=%.4f", acc));
    return 0;
  }

  /** The rows reshaped to the graph's input, (N, 1, 28, 28) say, when it is not rows. */
  private Tensor shapedFor(OnnxModel onnx, Tensor rows) {
    int[] dims = onnx.inputDims();
    long per = 1;
    for (int d : dims) {
      per = d < 0 ? -1 : per * d;
    }
    if (per < 0 || dims.length == 1) {
      return rows;
    }
    if (per != rows.dim(1)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s: the model takes inputs of %s, but the data's images have %d pixels",
              model, Arrays.toString(dims), rows.dim(1)));
    }
    int[] shape = new int[dims.length + 1];
    shape[0] = rows.dim(0);
    System.arraycopy(dims, 0, shape, 1, dims.length);
    return rows.reshape(shape);
  }
}
