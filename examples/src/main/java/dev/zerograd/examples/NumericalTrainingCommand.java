package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.NumericalGradient;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Chapter 4's point: training by numerical gradients gives backprop's losses, far slower. */
@Command(
    name = "train-numerical",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 4: trains two copies of the book's two-layer net (ch04/two_layer_net.py: affine -"
          + " sigmoid - affine, weights of std 0.01; float64, the same initial weights, the same"
          + " batches) by SGD (lr 0.1) for a few iterations, one with numerical gradients (central"
          + " differences, h = 1e-4: two forward passes per parameter) and one with backprop,"
          + " and prints per iteration 'iter I loss_numerical L loss_backprop L max_grad_diff D"
          + " numerical_ms T backprop_ms T', then 'RESULT ... speedup=S'.",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class NumericalTrainingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  int iterations = 3;
  int hidden = 50;
  int batch = 100;

  @Mixin DataOption mnist;

  @Mixin PlotOption plot;


  @Option(names = "--iterations", paramLabel = "N", description = "iterations (default: 3)")
  void setIterations(int n) {
    iterations = OptionChecks.count(spec, "--iterations", n);
  }

  @Option(names = "--hidden", paramLabel = "N", description = "hidden units (default: 50)")
  void setHidden(int n) {
    hidden = OptionChecks.count(spec, "--hidden", n);
  }

  @Option(names = "--batch-size", paramLabel = "N", description = "rows per batch (default: 100)")
  void setBatch(int n) {
    batch = OptionChecks.count(spec, "--batch-size", n);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Mnist data = mnist.load();
    DataChecks.atLeast("train-numerical", data, batch, "one batch of " + batch);
    int pixels = data.train().images().dim(1);
    BookNet numerical = net(pixels, hidden);
    BookNet backprop = net(pixels, hidden);
    Generator g = new Generator(1);
    double[][] losses = new double[2][iterations];
    double numericalSeconds = 0;
    double backpropSeconds = 0;
    for (int i = 0; i < iterations; i++) {
      int[] rows = g.integers(0, data.train().size(), batch);
      Tensor x = data.train().images().gatherRows(rows).to(DType.FLOAT64);
      int[] t = new int[batch];
      for (int k = 0; k < batch; k++) {
        t[k] = data.train().labels()[rows[k]];
      }
      long a = System.nanoTime();
      Map<String, Tensor> gn = numericalGradient(numerical, x, t);
      long b = System.nanoTime();
      backprop.zeroGrad();
      Variable loss = backprop.loss(x, t, 0);
      loss.backward();
      long c = System.nanoTime();
      Map<String, Tensor> gb = new LinkedHashMap<>();
      backprop.namedParameters().forEach((n, p) -> gb.put(n, p.grad()));
      losses[0][i] = lossValue(numerical, x, t);
      losses[1][i] = loss.item();
      double diff = 0;
      for (String name : gn.keySet()) {
        diff = Math.max(diff, gn.get(name).sub(gb.get(name)).abs().max().item());
      }
      step(numerical, gn);
      step(backprop, gb);
      numericalSeconds += (b - a) / 1e9;
      backpropSeconds += (c - b) / 1e9;
      out.println(
          String.format(
              Locale.ROOT,
              "iter %d loss_numerical %.10f loss_backprop %.10f max_grad_diff %.3e numerical_ms %.1f"
                  + " backprop_ms %.3f",
              i, losses[0][i], losses[1][i], diff, (b - a) / 1e6, (c - b) / 1e6));
    }
    out.println(
        String.format(
            Locale.ROOT,
            "RESULT iterations=%d parameters=%d numerical_seconds=%.2f backprop_seconds=%.4f"
                + " speedup=%.0f",
            iterations,
            numerical.parameterCount(),
            numericalSeconds,
            backpropSeconds,
            numericalSeconds / backpropSeconds));
    if (plot.path != null) {
      Map<String, double[][]> series = new LinkedHashMap<>();
      series.put("numerical gradient", new double[][] {BookTrainer.range(iterations), losses[0]});
      series.put("backprop", new double[][] {BookTrainer.range(iterations), losses[1]});
      Figures.save(plot.path, java.util.List.of(Figures.lines("loss", "iteration", "loss", series, true)), 1, 1);
    }
    return 0;
  }

  /** The book's chapter-4 net: affine - sigmoid - affine, weights N(0, 0.01^2), in float64. */
  static BookNet net(int pixels, int hidden) {
    return new BookNet(
        pixels, new int[] {hidden}, 10, "sigmoid", BookNet.init("0.01"), false, 0, DType.FLOAT64, 0);
  }

  /** The loss's value, recording no graph. */
  private static double lossValue(BookNet net, Tensor x, int[] t) {
    try (NoGrad scope = NoGrad.enter()) {
      return net.loss(x, t, 0).item();
    }
  }

  /** The book's numerical_gradient: central differences (h = 1e-4) for every parameter. */
  static Map<String, Tensor> numericalGradient(BookNet net, Tensor x, int[] t) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    net.namedParameters()
        .forEach((n, p) -> out.put(n, NumericalGradient.of(p.value(), () -> lossValue(net, x, t), 1e-4)));
    return out;
  }

  /** The book's SGD step, lr 0.1, with the given gradients. */
  private static void step(BookNet net, Map<String, Tensor> grads) {
    net.namedParameters().forEach((n, p) -> p.value().addScaledInPlace(-0.1, grads.get(n)));
  }
}
