package dev.zerograd.bench;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.examples.MnistTrainer;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import java.util.Arrays;
import java.util.Locale;

/**
 * One cell of {@code bench/sweep.sh}: the textbook's training step (784-H-10, ReLU, softmax
 * cross-entropy, SGD, float32, batch B sampled from 60000 random images) with the library's
 * defaults, timed as {@code bench/torch_sweep.py} times PyTorch's: after a warm-up, the median of
 * 5 runs of {@code steps} steps. Prints {@code us_per_step X}.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.zerograd.bench.SweepStep HIDDEN BATCH STEPS</pre>
 */
public final class SweepStep {
  private SweepStep() {}

  /**
   * Runs one cell.
   *
   * @param args hidden width, batch size, steps per timed run
   */
  public static void main(String[] args) {
    int hidden = Integer.parseInt(args[0]);
    int batch = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    Generator g = new Generator(1);
    Mnist.Split train =
        new Mnist.Split(g.uniform(DType.FLOAT32, 0, 1, 60_000, 784), g.integers(0, 10, 60_000));
    TwoLayerNet net = new TwoLayerNet(784, hidden, 10, 0.01, DType.FLOAT32, 0);
    MnistTrainer.Step step = new MnistTrainer.Step(net, DType.FLOAT32, new SGD(net, 0.1), train, batch, 2);
    for (int i = 0; i < Math.max(steps, 50); i++) {
      step.run();
    }
    double[] us = new double[5];
    for (int r = 0; r < us.length; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        step.run();
      }
      us[r] = (System.nanoTime() - t0) / 1e3 / steps;
    }
    Arrays.sort(us);
    System.out.printf(Locale.ROOT, "us_per_step %.1f%n", us[us.length / 2]);
  }
}
