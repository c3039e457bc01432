package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.optim.SGD;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Chapter 6's overfitting, and weight decay and dropout against it (figures 6-20 to 6-23). */
@Command(
    name = "overfit",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 6 (figures 6-20, 6-21, 6-23): a 7-layer net of 100 ReLU units per hidden layer"
          + " trained on only 300 MNIST images with SGD (lr 0.01) in batches of 100: plain (201"
          + " epochs, the book's overfit_weight_decay.py with lambda 0), with weight decay lambda"
          + " 0.1 (201 epochs), or with dropout ratio 0.2 (301 epochs, overfit_dropout.py); prints"
          + " 'epoch E train_acc A test_acc B', then 'RESULT ... gap=G' (train minus test"
          + " accuracy at the end).",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class OverfitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  String regularization = "none";
  Integer epochs;

  @Option(
      names = "--regularization",
      paramLabel = "none|weight-decay|dropout",
      description = "none (default), weight-decay (lambda 0.1) or dropout (ratio 0.2)")
  void setRegularization(String r) {
    if (!List.of("none", "weight-decay", "dropout").contains(r)) {
      throw new ParameterException(
          spec.commandLine(), "--regularization " + r + ": use none, weight-decay or dropout");
    }
    regularization = r;
  }

  @Option(names = "--epochs", paramLabel = "N", description = "epochs (default: 201; 301 with dropout)")
  void setEpochs(int n) {
    epochs = OptionChecks.count(spec, "--epochs", n);
  }

  @Mixin DataOption mnist;

  @Mixin PlotOption plot;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Mnist data = mnist.load();
    DataChecks.atLeast("overfit", data, 100, "one batch of 100");
    Mnist.Split train = BookTrainer.head(data.train(), 300);
    boolean dropout = regularization.equals("dropout");
    double lambda = regularization.equals("weight-decay") ? 0.1 : 0;
    int e = epochs != null ? epochs : dropout ? 301 : 201;
    int[] hidden = {100, 100, 100, 100, 100, 100};
    BookNet net =
        new BookNet(train.images().dim(1), hidden, 10, "relu", BookNet.init("he"), false, dropout ? 0.2 : 0, 0);
    int perEpoch = Math.max(1, train.size() / 100);
    BookTrainer.Run r =
        BookTrainer.train(net, net.objective(lambda), new SGD(net, 0.01), train, data.test(),
            (e - 1) * perEpoch + 1, 100, 1, true);
    double[] tr = r.trainAccuracy();
    double[] te = r.testAccuracy();
    for (int i = 0; i < tr.length; i++) {
      out.println(String.format(Locale.ROOT, "epoch %d train_acc %.4f test_acc %.4f", i, tr[i], te[i]));
    }
    int last = tr.length - 1;
    out.println(
        String.format(
            Locale.ROOT,
            "RESULT regularization=%s epochs=%d train_acc=%.4f test_acc=%.4f gap=%.4f",
            regularization, tr.length, tr[last], te[last], tr[last] - te[last]));
    if (plot.path != null) {
      Map<String, double[][]> series = new LinkedHashMap<>();
      series.put("train", new double[][] {BookTrainer.range(tr.length), tr});
      series.put("test", new double[][] {BookTrainer.range(te.length), te});
      var chart = Figures.lines("300 images, " + regularization, "epochs", "accuracy", series, false);
      chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
      Figures.save(plot.path, List.of(chart), 1, 1);
    }
    return 0;
  }
}
