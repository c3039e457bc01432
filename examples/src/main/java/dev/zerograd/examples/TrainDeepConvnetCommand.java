package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.DeepConvNet;
import dev.zerograd.nn.Metrics;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains the textbook's chapter-8 DeepConvNet on MNIST. */
@Command(
    name = "train-deepconvnet",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the textbook's chapter-8 DeepConvNet (six 3x3 convolutions of 16, 16, 32, 32, 64 and"
          + " 64 filters with ReLU, max pooling after every second, affine 50 - ReLU - dropout 0.5"
          + " - affine 10 - dropout 0.5; He initialisation) with Adam (lr 0.001), batches of 100"
          + " sampled with replacement, 600 per epoch, 20 epochs: the book reports 99.38 %%.",
      "Output: as train-convnet, then 'PRECISION float16 test_acc=...' and 'PRECISION bfloat16"
          + " test_acc=...': the test accuracy with the weights rounded to each 16-bit format"
          + " (computation in float32).",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class TrainDeepConvnetCommand extends ConvnetCommand {
  Path misclassified;

  @Option(
      names = "--misclassified",
      order = 7,
      paramLabel = "PATH.png",
      description = "draw the misclassified test images with their labels and predictions")
  void setMisclassified(Path p) {
    misclassified = OutputFiles.check(spec, "--misclassified", p, ".png");
  }

  @Override
  String program() {
    return "train-deepconvnet";
  }

  @Override
  String network() {
    return "DeepConvNet";
  }

  @Override
  Module create(DType dtype, long seed) {
    return new DeepConvNet(dtype, seed);
  }

  @Override
  void afterTraining(Module net, Mnist data, PrintWriter out) throws Exception {
    for (Precision p : Precision.values()) {
      Module rounded = create(dtype, seed);
      Map<String, Tensor> weights = new LinkedHashMap<>();
      Checkpoint.snapshot(net).forEach((name, t) -> weights.put(name, p.round(t)));
      Checkpoint.assign(rounded, weights, "the weights rounded to " + p);
      double acc = Metrics.accuracy(rounded, data.test().images(), data.test().labels());
      out.println(
          String.format(Locale.ROOT, "PRECISION %s test_acc=%.4f", p.name().toLowerCase(Locale.ROOT), acc));
    }
    if (misclassified != null) {
      int shown = ImageGrids.misclassified(misclassified, net, data.test(), 40);
      spec.commandLine().getErr().println("drew " + shown + " misclassified images in " + misclassified);
    }
  }
}
