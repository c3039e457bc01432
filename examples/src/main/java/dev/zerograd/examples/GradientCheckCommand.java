package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.data.mnist.MnistLocator;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The textbook's gradient check: backprop against finite differences on 3 training images. */
@Command(
    name = "gradient-check",
    mixinStandardHelpOptions = true,
    description = {
      "Compares backprop with numerical gradients for the two-layer net (784-50-10, float64) on"
          + " the first 3 training images and prints the mean absolute difference for W1, b1,"
          + " W2 and b2; exits with 1 if any is 1e-8 or more."
    })
final class GradientCheckCommand implements Callable<Integer> {
  /** The largest mean absolute difference that passes. */
  static final double LIMIT = 1e-8;

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "directory with the MNIST files")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Mnist data = MnistLocator.standard(dataDir, spec.commandLine().getErr()).load();
    FirstImages first = new FirstImages(data, 3, "gradient-check");
    Tensor x = first.x;
    int[] t = first.t;
    TwoLayerNet net = new TwoLayerNet(x.dim(1), 50, 10, 0.01);
    Map<String, Tensor> numerical = net.numericalGradient(x, t);
    Map<String, Tensor> backprop = net.gradient(x, t);
    boolean ok = true;
    for (String key : numerical.keySet()) {
      double diff = backprop.get(key).sub(numerical.get(key)).abs().mean().item();
      ok &= diff < LIMIT;
      out.println(
          String.format(
              Locale.ROOT, "%s: %.3e %s", key, diff, diff < LIMIT ? "ok (< 1e-8)" : "TOO LARGE"));
    }
    return ok ? 0 : 1;
  }
}
