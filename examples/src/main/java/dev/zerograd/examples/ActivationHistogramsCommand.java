package dev.zerograd.examples;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.CategoryChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Chapter 6's activation histograms under different initial weights (figures 6-10 to 6-14). */
@Command(
    name = "activation-histograms",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 6 (figures 6-10 to 6-14): 1000 random inputs of 100 values through 5 layers of 100"
          + " units, weights of std 1, 0.01 and Xavier (sqrt(1/n)) with sigmoid, and 0.01, Xavier"
          + " and He (sqrt(2/n)) with ReLU, as the book's weight_init_activation_histogram.py;"
          + " prints 'init I activation A layer L mean M std S near_0 F near_1 G' (the fractions"
          + " of activations below 0.05 and above 0.95)."
    },
    sortOptions = false)
final class ActivationHistogramsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;


  @Mixin PlotOption plot;

  /** The six configurations: the weights' standard deviation for fan-in 100, the activation. */
  static final String[][] CONFIGS = {
    {"std=1", "1.0", "sigmoid"},
    {"std=0.01", "0.01", "sigmoid"},
    {"Xavier", "0.1", "sigmoid"},
    {"std=0.01", "0.01", "relu"},
    {"Xavier", "0.1", "relu"},
    {"He", String.valueOf(Math.sqrt(2.0 / 100)), "relu"},
  };

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<CategoryChart> panels = new ArrayList<>();
    for (String[] c : CONFIGS) {
      Generator g = new Generator(0);
      Tensor x = g.normal(DType.FLOAT64, 0, 1, 1000, 100);
      for (int layer = 1; layer <= 5; layer++) {
        Tensor w = g.normal(DType.FLOAT64, 0, Double.parseDouble(c[1]), 100, 100);
        Tensor z = x.matmul(w);
        x = c[2].equals("sigmoid") ? z.sigmoid() : z.relu();
        double mean = x.mean().item();
        double std = Math.sqrt(x.sub(mean).mul(x.sub(mean)).mean().item());
        double near0 = x.lt(0.05).mean().item();
        double near1 = x.gt(0.95).mean().item();
        out.println(
            String.format(
                Locale.ROOT,
                "init %s activation %s layer %d mean %.4f std %.4f near_0 %.4f near_1 %.4f",
                c[0], c[2], layer, mean, std, near0, near1));
        if (plot.path != null) {
          panels.add(histogram(c[0] + " " + c[2] + " layer " + layer, x, c[2].equals("relu")));
        }
      }
    }
    if (plot.path != null) {
      Figures.save(plot.path, panels, CONFIGS.length, 5);
    }
    return 0;
  }

  /** 30 bins over [0, 1] (ReLU's zeros left out, as the book's range=(0, 1) leaves them). */
  private static CategoryChart histogram(String title, Tensor a, boolean relu) {
    double[] v = a.toDoubleArray();
    long[] counts = new long[30];
    double[] edges = new double[30];
    for (int i = 0; i < 30; i++) {
      edges[i] = i / 30.0;
    }
    for (double d : v) {
      if (d >= 0 && d <= 1 && !(relu && d == 0)) {
        counts[Math.min(29, (int) (d * 30))]++;
      }
    }
    return Figures.histogram(title, edges, counts, 240, 180);
  }
}
