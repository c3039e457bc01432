package dev.zerograd.examples;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.optim.AdaGrad;
import dev.zerograd.nn.optim.Adam;
import dev.zerograd.nn.optim.Momentum;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Chapter 6's optimiser paths on f(x, y) = x^2 / 20 + y^2 (figure 6-8). */
@Command(
    name = "optimizer-paths",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 6 (figure 6-8): SGD (lr 0.95), Momentum (0.1), AdaGrad (1.5) and Adam (0.3) on"
          + " f(x, y) = x^2 / 20 + y^2 from (-7, 2) for 30 steps, as the book's"
          + " optimizer_compare_naive.py; prints 'optimizer NAME step K x X y Y f F', then 'RESULT"
          + " steps=N SGD_f=F Momentum_f=F AdaGrad_f=F Adam_f=F' (f where each ends)."
    },
    sortOptions = false)
final class OptimizerPathsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  int steps = 30;

  @Option(names = "--steps", paramLabel = "N", description = "steps (default: 30)")
  void setSteps(int n) {
    steps = OptionChecks.count(spec, "--steps", n);
  }


  @Mixin PlotOption plot;

  /** The book's optimisers and learning rates for this figure. */
  static Map<String, Function<List<Variable>, Optimizer>> optimizers() {
    Map<String, Function<List<Variable>, Optimizer>> m = new LinkedHashMap<>();
    m.put("SGD", p -> new SGD(p, 0.95));
    m.put("Momentum", p -> Momentum.builder(p).lr(0.1).build());
    m.put("AdaGrad", p -> AdaGrad.builder(p).lr(1.5).build());
    m.put("Adam", p -> Adam.builder(p).lr(0.3).build());
    return m;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<XYChart> panels = new ArrayList<>();
    StringBuilder result = new StringBuilder("RESULT steps=").append(steps);
    for (Map.Entry<String, Function<List<Variable>, Optimizer>> e : optimizers().entrySet()) {
      Variable xy = Variable.parameter(Tensor.of(new double[] {-7.0, 2.0}), "xy");
      Optimizer opt = e.getValue().apply(List.of(xy));
      double[][] path = new double[2][steps + 1];
      for (int k = 0; k <= steps; k++) {
        path[0][k] = xy.value().get(0);
        path[1][k] = xy.value().get(1);
        Variable f = xy.mul(Variable.of(Tensor.of(new double[] {1.0 / 20, 1.0}))).mul(xy).sum();
        out.println(
            String.format(
                Locale.ROOT,
                "optimizer %s step %d x %.6f y %.6f f %.6e",
                e.getKey(), k, path[0][k], path[1][k], f.item()));
        if (k < steps) {
          opt.zeroGrad();
          f.backward();
          opt.step();
        }
      }
      result.append(String.format(Locale.ROOT, " %s_f=%.6e", e.getKey(), f(path[0][steps], path[1][steps])));
      if (plot.path != null) {
        panels.add(panel(e.getKey(), path));
      }
    }
    out.println(result);
    if (plot.path != null) {
      Figures.save(plot.path, panels, 2, 2);
    }
    return 0;
  }

  /** The function, in float64. */
  private static double f(double x, double y) {
    return x * x / 20 + y * y;
  }

  /** One optimiser's path over the contours of f. */
  private static XYChart panel(String name, double[][] path) {
    Map<String, double[][]> series = new LinkedHashMap<>();
    for (double level : new double[] {0.25, 1, 2.5, 5}) { // ellipses x^2 / 20 + y^2 = level
      double[][] ellipse = new double[2][81];
      for (int i = 0; i <= 80; i++) {
        double t = 2 * Math.PI * i / 80;
        ellipse[0][i] = Math.sqrt(20 * level) * Math.cos(t);
        ellipse[1][i] = Math.sqrt(level) * Math.sin(t);
      }
      series.put("f = " + level, ellipse);
    }
    series.put(name, path);
    XYChart c = Figures.lines(name, "x", "y", series, false);
    c.getSeriesMap().get(name).setMarker(SeriesMarkers.CIRCLE);
    c.getStyler().setXAxisMin(-10.0).setXAxisMax(10.0).setYAxisMin(-5.0).setYAxisMax(5.0);
    c.getStyler().setLegendVisible(false);
    return c;
  }
}
