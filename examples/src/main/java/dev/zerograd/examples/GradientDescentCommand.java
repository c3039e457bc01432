package dev.zerograd.examples;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Chapter 4's gradient descent on f(x0, x1) = x0^2 + x1^2 (figure 4-10). */
@Command(
    name = "gradient-descent",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 4 (figure 4-10): gradient descent on f(x0, x1) = x0^2 + x1^2 from (-3, 4) with"
          + " learning rate 0.1 for 20 steps (the book's gradient_method.py), the gradient by"
          + " backprop; prints 'step K x0 X x1 Y f F' per step, then 'RESULT steps=N x0=X x1=Y f=F'."
    },
    sortOptions = false)
final class GradientDescentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  double lr = 0.1;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "step size (default: 0.1)")
  void setLearningRate(double v) {
    lr = OptionChecks.rate(spec, "--learning-rate", v);
  }

  int steps = 20;

  @Option(names = "--steps", paramLabel = "N", description = "steps (default: 20)")
  void setSteps(int n) {
    steps = OptionChecks.count(spec, "--steps", n);
  }


  @Mixin PlotOption plot;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Variable x = Variable.parameter(Tensor.of(new double[] {-3.0, 4.0}), "x");
    double[][] path = new double[2][steps + 1];
    for (int k = 0; k <= steps; k++) {
      Variable f = x.mul(x).sum();
      path[0][k] = x.value().get(0);
      path[1][k] = x.value().get(1);
      out.println(
          String.format(
              Locale.ROOT, "step %d x0 %.8f x1 %.8f f %.8e", k, path[0][k], path[1][k], f.item()));
      if (k < steps) {
        x.zeroGrad();
        f.backward();
        x.value().addScaledInPlace(-lr, x.grad());
      }
    }
    out.println(
        String.format(
            Locale.ROOT,
            "RESULT steps=%d x0=%.8f x1=%.8f f=%.8e",
            steps, path[0][steps], path[1][steps],
            path[0][steps] * path[0][steps] + path[1][steps] * path[1][steps]));
    if (plot.path != null) {
      Map<String, double[][]> series = new LinkedHashMap<>();
      for (double r : new double[] {1, 2, 3, 4, 5}) { // contours of f: circles
        double[][] circle = new double[2][65];
        for (int i = 0; i <= 64; i++) {
          circle[0][i] = r * Math.cos(2 * Math.PI * i / 64);
          circle[1][i] = r * Math.sin(2 * Math.PI * i / 64);
        }
        series.put("f = " + (int) (r * r), circle);
      }
      series.put("path", path);
      var chart = Figures.lines("gradient descent on x0^2 + x1^2", "x0", "x1", series, false);
      chart.getSeriesMap().get("path").setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
      chart.getStyler().setXAxisMin(-4.0).setXAxisMax(4.0).setYAxisMin(-5.0).setYAxisMax(5.0);
      Figures.save(plot.path, List.of(chart), 1, 1);
    }
    return 0;
  }
}
