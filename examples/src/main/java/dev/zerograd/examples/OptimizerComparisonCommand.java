package dev.zerograd.examples;

import dev.zerograd.nn.optim.AdaGrad;
import dev.zerograd.nn.optim.Adam;
import dev.zerograd.nn.optim.Momentum;
import dev.zerograd.nn.optim.SGD;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** Chapter 6's optimiser comparison on MNIST (figure 6-9). */
@Command(
    name = "optimizer-comparison",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 6 (figure 6-9): SGD (lr 0.01), Momentum (0.01), AdaGrad (0.01) and Adam (0.001) on"
          + " MNIST, a 5-layer net of 100 ReLU units per hidden layer (He initialisation), batches of"
          + " 128 for 2000 iterations, as the book's optimizer_compare_mnist.py; prints 'iter I SGD L"
          + " Momentum L AdaGrad L Adam L' every 100 iterations, then 'RESULT iterations=N"
          + " SGD_final_loss=L ...' (the losses smoothed over the last 100 iterations).",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class OptimizerComparisonCommand extends LossComparisonCommand {
  @Override
  String program() {
    return "optimizer-comparison";
  }

  @Override
  String title() {
    return "optimisers on MNIST";
  }

  @Override
  Map<String, Config> configs(int pixels) {
    Map<String, Config> c = new LinkedHashMap<>();
    c.put("SGD", new Config(net(pixels, "he"), n -> new SGD(n, 0.01)));
    c.put("Momentum", new Config(net(pixels, "he"), n -> Momentum.builder(n).lr(0.01).build()));
    c.put("AdaGrad", new Config(net(pixels, "he"), n -> AdaGrad.builder(n).lr(0.01).build()));
    c.put("Adam", new Config(net(pixels, "he"), n -> Adam.builder(n).lr(0.001).build()));
    return c;
  }
}
