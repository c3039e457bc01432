package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.optim.Optimizer;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Chapter 6's comparisons on MNIST (figures 6-9 and 6-15): several configurations of one net
 * trained on the same batches of 128, the losses printed every 100 iterations as one line ({@code
 * iter I NAME L NAME L ...}), then {@code RESULT iterations=N NAME_final_loss=L ...}, and plotted
 * smoothed, as the book plots them. A subclass names its program and its configurations.
 */
abstract class LossComparisonCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  int iterations = 2000;

  @Option(names = "--iterations", paramLabel = "N", description = "iterations (default: 2000)")
  void setIterations(int n) {
    iterations = OptionChecks.count(spec, "--iterations", n);
  }

  @Mixin DataOption mnist;

  @Mixin PlotOption plot;

  /** A configuration: its net and the optimiser over it. */
  record Config(BookNet net, Function<BookNet, Optimizer> optimizer) {}

  /** The program's name, for messages. */
  abstract String program();

  /** The figure's title. */
  abstract String title();

  /** The configurations by name, their nets taking images of {@code pixels}. */
  abstract Map<String, Config> configs(int pixels);

  @Override
  public Integer call() throws Exception {
    Mnist data = mnist.load();
    DataChecks.atLeast(program(), data, BATCH, "one batch of " + BATCH);
    Map<String, Config> configs = configs(data.train().images().dim(1));
    PrintWriter out = spec.commandLine().getOut();
    Map<String, double[]> losses = new LinkedHashMap<>();
    for (Map.Entry<String, Config> e : configs.entrySet()) {
      Config c = e.getValue();
      losses.put(
          e.getKey(),
          BookTrainer.train(c.net(), c.net().objective(0), c.optimizer().apply(c.net()),
                  data.train(), data.test(), iterations, BATCH, 1, false)
              .losses());
    }
    for (int i = 0; i < iterations; i += 100) {
      StringBuilder line = new StringBuilder("iter ").append(i);
      for (Map.Entry<String, double[]> e : losses.entrySet()) {
        line.append(' ').append(e.getKey()).append(' ')
            .append(String.format(Locale.ROOT, "%.4f", e.getValue()[i]));
      }
      out.println(line);
    }
    Map<String, Double> last = new LinkedHashMap<>();
    Map<String, double[][]> series = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : losses.entrySet()) {
      double[] smooth = BookTrainer.smooth(e.getValue(), Math.min(100, iterations));
      series.put(e.getKey(), new double[][] {BookTrainer.range(iterations), smooth});
      last.put(e.getKey(), smooth[iterations - 1]);
    }
    StringBuilder result = new StringBuilder("RESULT iterations=").append(iterations);
    last.forEach(
        (k, v) -> result.append(' ').append(k).append("_final_loss=")
            .append(String.format(Locale.ROOT, "%.4f", v)));
    out.println(result);
    if (plot.path != null) {
      var chart = Figures.lines(title(), "iterations", "loss", series, false);
      chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
      Figures.save(plot.path, List.of(chart), 1, 1);
    }
    return 0;
  }

  /** The book's 5-layer net: four hidden layers of 100 ReLU units. */
  static BookNet net(int pixels, String init) {
    return new BookNet(pixels, new int[] {100, 100, 100, 100}, 10, "relu", BookNet.init(init), false, 0, 0);
  }

  private static final int BATCH = 128;
}
