package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.optim.SGD;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Chapter 6's batch normalisation against none over 16 weight scales (figure 6-18). */
@Command(
    name = "batch-norm-comparison",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 6 (figure 6-18): a 6-layer net of 100 ReLU units per hidden layer, with and without"
          + " batch norm, its weights of std 10^0 down to 10^-4 (16 scales), SGD (lr 0.01) on 1000"
          + " MNIST training images in batches of 100 for 20 epochs, as the book's"
          + " batch_norm_test.py; prints 'scale S epoch E batch_norm A plain B' (training"
          + " accuracy), then 'RESULT scales=N epochs=E batch_norm_ahead=K' (the scales where batch"
          + " norm ends ahead).",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class BatchNormComparisonCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  int epochs = 20;
  int scales = 16;

  @Option(names = "--epochs", paramLabel = "N", description = "epochs (default: 20)")
  void setEpochs(int n) {
    epochs = OptionChecks.count(spec, "--epochs", n);
  }

  @Option(names = "--scales", paramLabel = "N", description = "weight scales (default: 16)")
  void setScales(int n) {
    scales = OptionChecks.count(spec, "--scales", n);
  }

  @Mixin DataOption mnist;

  @Mixin PlotOption plot;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Mnist data = mnist.load();
    DataChecks.atLeast("batch-norm-comparison", data, 100, "one batch of 100");
    Mnist.Split train = BookTrainer.head(data.train(), 1000);
    int pixels = train.images().dim(1);
    int perEpoch = Math.max(1, train.size() / 100);
    int[] hidden = {100, 100, 100, 100, 100};
    List<XYChart> panels = new ArrayList<>();
    int ahead = 0;
    for (int k = 0; k < scales; k++) {
      double scale = Math.pow(10, scales == 1 ? 0 : -4.0 * k / (scales - 1)); // logspace(0, -4)
      double[][] acc = new double[2][];
      for (int bn = 0; bn < 2; bn++) {
        BookNet net = new BookNet(pixels, hidden, 10, "relu", Init.normal(scale), bn == 0, 0, 0);
        acc[bn] =
            BookTrainer.train(net, net.objective(0), new SGD(net, 0.01), train, train,
                    epochs * perEpoch, 100, 1, true)
                .trainAccuracy();
      }
      for (int e = 0; e < acc[0].length; e++) {
        out.println(
            String.format(
                Locale.ROOT, "scale %.3e epoch %d batch_norm %.4f plain %.4f", scale, e, acc[0][e], acc[1][e]));
      }
      int last = acc[0].length - 1;
      ahead += acc[0][last] > acc[1][last] ? 1 : 0;
      if (plot.path != null) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("batch norm", new double[][] {BookTrainer.range(acc[0].length), acc[0]});
        series.put("normal", new double[][] {BookTrainer.range(acc[1].length), acc[1]});
        XYChart c =
            Figures.lines(
                String.format(Locale.ROOT, "W std %.2e", scale), "epochs", "accuracy", series, false, 300, 240);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(k == 0);
        panels.add(c);
      }
    }
    out.println(
        String.format(
            Locale.ROOT, "RESULT scales=%d epochs=%d batch_norm_ahead=%d", scales, epochs, ahead));
    if (plot.path != null) {
      int columns = Math.min(4, scales);
      Figures.save(plot.path, panels, (scales + columns - 1) / columns, columns);
    }
    return 0;
  }
}
