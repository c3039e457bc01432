package dev.zerograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.ScoreBounds;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Trains on the real MNIST files in {@code $MNIST_DIR} (CI sets it to ../shared). */
@EnabledIfEnvironmentVariable(named = "MNIST_DIR", matches = ".+")
class MnistTrainingTest {
  @Test
  void oneEpochLearnsTheTestSet() throws Exception {
    Mnist data = Mnist.load(Path.of(System.getenv("MNIST_DIR")));
    assertEquals(60_000, data.train().size());
    assertEquals(10_000, data.test().size());
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0);
    MnistTrainer.Result r =
        MnistTrainer.train(
            net,
            () -> new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0),
            DType.FLOAT32,
            new SGD(net, 0.1),
            data,
            600,
            100,
            0,
            e -> {},
            (d, l) -> {});
    // One epoch gives 0.909 here with each BLAS; the thresholds sit far from that and from
    // chance (0.1, loss 2.3), so that no CPU's rounding can decide the verdict.
    double acc = r.last().testAccuracy();
    assertTrue(acc >= 0.85, "test accuracy after one epoch: " + acc);
    double[] losses = r.losses();
    double lastHundred = Arrays.stream(losses, losses.length - 100, losses.length).average().orElse(0);
    assertTrue(lastHundred < losses[0] / 2, "loss " + losses[0] + " -> " + lastHundred);
    // The last evaluation ran on the evaluation thread (one core, on a snapshot); evaluated again
    // here the products may be split across the cores and round otherwise: the same accuracy
    // but for the rows that rounding can decide.
    Tensor images = data.test().images();
    int ambiguous = ScoreBounds.ambiguousRows(net.predict(images), ScoreBounds.scoreError(net, images));
    double again = net.accuracy(images, data.test().labels());
    assertTrue(
        Math.abs(again - acc) * data.test().size() <= ambiguous + 1e-9,
        acc + " on the evaluation thread, " + again + " here, " + ambiguous + " near ties");
  }
}
