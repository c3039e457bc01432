package dev.zerograd.examples;

import dev.zerograd.autograd.Variable;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.interop.ModelFiles;
import dev.zerograd.nn.Conv2d;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.SimpleConvNet;
import dev.zerograd.nn.optim.Adam;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Chapter 7's first-layer filters before and after training, and a learned filter applied. */
@Command(
    name = "convnet-filters",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 7 (figures 7-24 and 7-26): the 30 first-layer 5x5 filters of SimpleConvNet before"
          + " training (random, std 0.01) and after (trained here with Adam lr 0.001 in batches of"
          + " 100, or read from --model, a file of train-convnet --save), as the book's"
          + " visualize_filter.py; then the learned filters applied to a test image, as"
          + " apply_filter.py.",
      "Output: 'filter K before_std S before_smoothness C after_std S after_smoothness C' per"
          + " filter (smoothness: the correlation of horizontally and vertically adjacent weights,"
          + " near 0 for random filters, positive for the learned edge and blob detectors), then"
          + " 'apply filter K image I min X max Y' and 'RESULT before_smoothness=C"
          + " after_smoothness=C'.",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class ConvnetFiltersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  int iterations = 1200;
  Path model;
  Path apply;
  int image;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      description = "training iterations when no --model is given (default: 1200, two epochs)")
  void setIterations(int n) {
    iterations = OptionChecks.count(spec, "--iterations", n);
  }

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "a trained SimpleConvNet (.npz or .safetensors from train-convnet --save)")
  void setModel(Path p) {
    model = OptionChecks.modelFile(spec, "--model", p);
    if (p.getFileName().toString().endsWith(".onnx")) {
      throw new ParameterException(
          spec.commandLine(), "--model " + p + ": give the weights (.npz or .safetensors), not a graph");
    }
  }

  @Option(names = "--seed", paramLabel = "N", description = "seed of the initial weights (default: 0)")
  long seed;

  @Option(names = "--image", paramLabel = "I", description = "the test image to filter (default: 0)")
  void setImage(int i) {
    if (i < 0) {
      throw new ParameterException(spec.commandLine(), "--image " + i + " must be 0 or more");
    }
    image = i;
  }

  @Mixin DataOption mnist;

  @Mixin PlotOption plot;

  @Option(
      names = "--apply",
      paramLabel = "PATH.png",
      description = "draw the test image and its responses to the first 15 learned filters")
  void setApply(Path p) {
    apply = OutputFiles.check(spec, "--apply", p, ".png");
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SimpleConvNet net = new SimpleConvNet(DType.FLOAT32, seed);
    Tensor before = filters(net).copy();
    if (model != null) {
      ModelFiles.loadInto(net, model); // before the data: a file that does not fit fails at once
    }
    Mnist data = mnist.load();
    DataChecks.mnistSized("convnet-filters", data, "SimpleConvNet");
    if (image >= data.test().size()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "convnet-filters: --image %d, but the test set has %d images; give 0 to %d",
              image, data.test().size(), data.test().size() - 1));
    }
    if (model == null) {
      DataChecks.atLeast("convnet-filters", data, BATCH, "one batch of " + BATCH);
      BookTrainer.train(
          net,
          (x, t) -> Losses.crossEntropy(net.forward(Variable.of(x)), t),
          new Adam(net, 0.001),
          data.train(),
          data.test(),
          iterations,
          BATCH,
          seed,
          false);
    }
    Tensor after = filters(net);
    int count = after.dim(0);
    double[] smooth = new double[2];
    for (int k = 0; k < count; k++) {
      Tensor b = before.select(0, k);
      Tensor a = after.select(0, k);
      double sb = smoothness(b);
      double sa = smoothness(a);
      smooth[0] += sb / count;
      smooth[1] += sa / count;
      out.println(
          String.format(
              Locale.ROOT,
              "filter %d before_std %.5f before_smoothness %.4f after_std %.5f after_smoothness %.4f",
              k, std(b), sb, std(a), sa));
    }
    Tensor x = data.test().images().select(0, image).reshape(1, 1, 28, 28);
    Tensor responses = respond(net, x);
    for (int k = 0; k < count; k++) {
      Tensor r = responses.select(0, k);
      out.println(
          String.format(
              Locale.ROOT,
              "apply filter %d image %d min %.5f max %.5f",
              k, image, r.min().item(), r.max().item()));
    }
    out.println(
        String.format(
            Locale.ROOT,
            "RESULT filters=%d before_smoothness=%.4f after_smoothness=%.4f",
            count, smooth[0], smooth[1]));
    if (plot.path != null) {
      List<ImageGrids.Cell> cells = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        cells.add(cell(before.select(0, k), k == 0 ? "before" : ""));
      }
      for (int k = 0; k < count; k++) {
        cells.add(cell(after.select(0, k), k == 0 ? "after" : ""));
      }
      ImageGrids.write(plot.path, cells, 10, 10, true);
    }
    if (apply != null) {
      List<ImageGrids.Cell> cells = new ArrayList<>();
      cells.add(new ImageGrids.Cell(x.toFloatArray(), 28, 28, "image " + image));
      for (int k = 0; k < Math.min(15, count); k++) {
        Tensor r = responses.select(0, k);
        cells.add(new ImageGrids.Cell(r.toFloatArray(), r.dim(0), r.dim(1), "filter " + k));
      }
      ImageGrids.write(apply, cells, 8, 3, false);
    }
    return 0;
  }

  /** The first layer's filters, {@code (30, 1, 5, 5)}. */
  static Tensor filters(SimpleConvNet net) {
    return net.namedParameters().get("layers.conv1.W").value();
  }

  /** The first layer's responses to one image {@code (1, 1, 28, 28)}: {@code (30, 24, 24)}. */
  static Tensor respond(SimpleConvNet net, Tensor image) {
    Variable w = net.namedParameters().get("layers.conv1.W");
    Variable b = net.namedParameters().get("layers.conv1.b");
    Tensor y = Conv2d.conv(Variable.of(image), Variable.of(w.value()), Variable.of(b.value()), 1, 0).value();
    return y.select(0, 0);
  }

  /**
   * The correlation of neighbouring weights of one filter {@code (1, h, w)}: the Pearson
   * correlation over all pairs of horizontally and vertically adjacent weights.
   */
  static double smoothness(Tensor filter) {
    int h = filter.dim(1);
    int w = filter.dim(2);
    double[] v = filter.toDoubleArray();
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        if (j + 1 < w) {
          pairs.add(new double[] {v[i * w + j], v[i * w + j + 1]});
        }
        if (i + 1 < h) {
          pairs.add(new double[] {v[i * w + j], v[(i + 1) * w + j]});
        }
      }
    }
    double ma = 0;
    double mb = 0;
    for (double[] p : pairs) {
      ma += p[0] / pairs.size();
      mb += p[1] / pairs.size();
    }
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (double[] p : pairs) {
      ab += (p[0] - ma) * (p[1] - mb);
      aa += (p[0] - ma) * (p[0] - ma);
      bb += (p[1] - mb) * (p[1] - mb);
    }
    return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
  }

  private static double std(Tensor t) {
    double[] v = t.toDoubleArray();
    double mean = 0;
    for (double d : v) {
      mean += d / v.length;
    }
    double s = 0;
    for (double d : v) {
      s += (d - mean) * (d - mean) / v.length;
    }
    return Math.sqrt(s);
  }

  private static ImageGrids.Cell cell(Tensor filter, String caption) {
    return new ImageGrids.Cell(filter.toFloatArray(), filter.dim(1), filter.dim(2), caption);
  }

  private static final int BATCH = 100;
}
