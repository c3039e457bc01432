package dev.zerograd.examples;

import dev.zerograd.nn.optim.SGD;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** Chapter 6's weight-initialisation comparison on MNIST (figure 6-15). */
@Command(
    name = "weight-init-comparison",
    mixinStandardHelpOptions = true,
    description = {
      "Chapter 6 (figure 6-15): a 5-layer net of 100 ReLU units per hidden layer initialised with"
          + " std 0.01, Xavier and He, trained with SGD (lr 0.01) on MNIST in batches of 128 for 2000"
          + " iterations, as the book's weight_init_compare.py; prints 'iter I std=0.01 L Xavier L"
          + " He L' every 100 iterations, then 'RESULT iterations=N std=0.01_final_loss=L ...' (the"
          + " losses smoothed over the last 100 iterations).",
      "Data: as train-mnist."
    },
    sortOptions = false)
final class WeightInitComparisonCommand extends LossComparisonCommand {
  @Override
  String program() {
    return "weight-init-comparison";
  }

  @Override
  String title() {
    return "weight initialisation";
  }

  @Override
  Map<String, Config> configs(int pixels) {
    Map<String, Config> c = new LinkedHashMap<>();
    c.put("std=0.01", new Config(net(pixels, "0.01"), n -> new SGD(n, 0.01)));
    c.put("Xavier", new Config(net(pixels, "xavier"), n -> new SGD(n, 0.01)));
    c.put("He", new Config(net(pixels, "he"), n -> new SGD(n, 0.01)));
    return c;
  }
}
