package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.Generator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Chapter 6's random search of the learning rate and weight decay (figure 6-24). */
@Command(
    name = "hyperparameter-search",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 6 (figure 6-24): random search as the book's hyperparameter_optimization.py: 500"
          + " MNIST training images, shuffled, 20 %% held out for validation; per trial a learning"
          + " rate 10^U(-6, -2) and weight decay 10^U(-8, -4), a 7-layer net of 100 ReLU units"
          + " trained with SGD in batches of 100 for 50 epochs; prints 'trial T lr L weight_decay W"
          + " val_acc V train_acc A' per trial, then 'best K val_acc V lr L weight_decay W' for the"
          + " best 20 and 'RESULT trials=N best_val_acc=V best_lr=L best_weight_decay=W'.",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class HyperparameterSearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  int trials = 100;

  @Option(names = "--trials", paramLabel = "N", description = "trials (default: 100)")
  void setTrials(int n) {
    trials = OptionChecks.count(spec, "--trials", n);
  }

  int epochs = 50;

  @Option(names = "--epochs", paramLabel = "N", description = "epochs per trial (default: 50)")
  void setEpochs(int n) {
    epochs = OptionChecks.count(spec, "--epochs", n);
  }

  @Option(names = "--seed", paramLabel = "N", description = "seed of the search (default: 0)")
  long seed;

  @Mixin DataOption mnist;

  @Mixin PlotOption plot;

  /** One trial's settings and accuracies per epoch. */
  record Trial(int index, double lr, double weightDecay, double[] val, double[] train) {
    double last() {
      return val[val.length - 1];
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Mnist data = mnist.load();
    DataChecks.atLeast("hyperparameter-search", data, 200, "the 100 of a batch plus validation");
    Generator g = new Generator(seed);
    Mnist.Split all = BookTrainer.head(data.train(), 500);
    int[] order = g.permutation(all.size());
    int held = (int) (all.size() * 0.2);
    Mnist.Split val = pick(all, order, 0, held);
    Mnist.Split train = pick(all, order, held, all.size());
    int perEpoch = Math.max(1, train.size() / 100);
    List<Trial> done = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      double weightDecay = Math.pow(10, -8 + 4 * g.nextDouble());
      double lr = Math.pow(10, -6 + 4 * g.nextDouble());
      BookNet net =
          new BookNet(train.images().dim(1), new int[] {100, 100, 100, 100, 100, 100}, 10, "relu",
              BookNet.init("he"), false, 0, seed + t);
      BookTrainer.Run r =
          BookTrainer.train(net, net.objective(weightDecay), new SGD(net, lr), train, val,
              (epochs - 1) * perEpoch + 1, 100, seed + t, true);
      Trial trial = new Trial(t, lr, weightDecay, r.testAccuracy(), r.trainAccuracy());
      done.add(trial);
      out.println(
          String.format(
              Locale.ROOT,
              "trial %d lr %.3e weight_decay %.3e val_acc %.4f train_acc %.4f",
              t, lr, weightDecay, trial.last(), trial.train()[trial.train().length - 1]));
    }
    List<Trial> best = new ArrayList<>(done);
    best.sort(Comparator.comparingDouble(Trial::last).reversed());
    best = best.subList(0, Math.min(20, best.size()));
    for (int k = 0; k < best.size(); k++) {
      Trial t = best.get(k);
      out.println(
          String.format(
              Locale.ROOT,
              "best %d val_acc %.4f lr %.3e weight_decay %.3e", k + 1, t.last(), t.lr(), t.weightDecay()));
    }
    Trial top = best.get(0);
    out.println(
        String.format(
            Locale.ROOT,
            "RESULT trials=%d best_val_acc=%.4f best_lr=%.3e best_weight_decay=%.3e",
            trials, top.last(), top.lr(), top.weightDecay()));
    if (plot.path != null) {
      List<XYChart> panels = new ArrayList<>();
      for (int k = 0; k < best.size(); k++) {
        Trial t = best.get(k);
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("val", new double[][] {BookTrainer.range(t.val().length), t.val()});
        series.put("train", new double[][] {BookTrainer.range(t.train().length), t.train()});
        XYChart c = Figures.lines("Best-" + (k + 1), "", "", series, false, 240, 180);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(false);
        panels.add(c);
      }
      int columns = Math.min(5, panels.size());
      Figures.save(plot.path, panels, (panels.size() + columns - 1) / columns, columns);
    }
    return 0;
  }

  private static Mnist.Split pick(Mnist.Split s, int[] order, int from, int to) {
    int[] rows = java.util.Arrays.copyOfRange(order, from, to);
    int[] labels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      labels[i] = s.labels()[rows[i]];
    }
    return new Mnist.Split(s.images().gatherRows(rows), labels);
  }
}
