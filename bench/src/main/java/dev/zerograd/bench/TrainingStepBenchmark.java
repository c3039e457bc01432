package dev.zerograd.bench;

import dev.zerograd.examples.MnistTrainer;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One step of the textbook's MNIST training, exactly as train-mnist runs it ({@link
 * MnistTrainer.Step}), at batch 100 (the textbook's) and 1000: sample the batch of 60000 float32
 * images with replacement, gather them into the
 * reused batch buffer, forward through the two-layer net and SoftmaxWithLoss, backward through
 * the tape, SGD update. Time per step; run with {@code -prof gc} for the allocation rate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class TrainingStepBenchmark {
  @Param({"float32", "float64"})
  public String dtype;

  /** {@code auto}: the default a program gets; 1 or 2: the BLAS's own threads. */
  @Param({"auto", "1", "2"})
  public String threads;

  /** The textbook's batch, and a larger one. */
  @Param({"100", "1000"})
  public int batch;

  private MnistTrainer.Step step;

  @Setup
  public void setUp() {
    Threads.apply(threads);
    DType dt = DType.parse(dtype);
    Generator g = new Generator(1);
    Mnist.Split train =
        new Mnist.Split(g.uniform(DType.FLOAT32, 0, 1, 60_000, 784), g.integers(0, 10, 60_000));
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 0.01, dt, 0);
    step = new MnistTrainer.Step(net, dt, new SGD(net, 0.1), train, batch, 2);
  }

  @Benchmark
  public double step() {
    return step.run();
  }
}
