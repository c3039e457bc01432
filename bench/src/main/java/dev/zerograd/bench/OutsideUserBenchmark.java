package dev.zerograd.bench;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Activation;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.Mlp;
import dev.zerograd.nn.optim.Adam;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
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
 * The training step of a user's own program written against {@code zerograd-nn} as README shows
 * it (the shape an outside user reported: 784-128-64-10, ReLU, cross-entropy, Adam, batch 100),
 * with the library's defaults ({@code threads=auto}: the program never calls {@code
 * Blas.setThreads}) against the BLAS's own 1 and 2 threads. Goal: auto within 10 % of the best.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class OutsideUserBenchmark {
  /** {@code auto}: the default a program gets; 1 or 2: the BLAS's own threads. */
  @Param({"auto", "1", "2"})
  public String threads;

  @Param({"100", "1000"})
  public int batch;

  private Mlp net;
  private Adam adam;
  private Tensor images;
  private int[] labels;
  private Generator rng;

  @Setup
  public void setUp() {
    Threads.apply(threads);
    Generator g = new Generator(1);
    images = g.uniform(DType.FLOAT32, 0, 1, 10_000, 784);
    labels = g.integers(0, 10, 10_000);
    net = Mlp.builder().sizes(784, 128, 64, 10).activation(Activation.RELU).seed(42).build();
    adam = Adam.builder(net).lr(0.001).build();
    rng = new Generator(2);
  }

  @Benchmark
  public double step() {
    int[] rows = rng.integers(0, images.dim(0), batch);
    int[] t = new int[batch];
    for (int i = 0; i < batch; i++) {
      t[i] = labels[rows[i]];
    }
    adam.zeroGrad();
    Variable loss = Losses.crossEntropy(net.forward(Variable.of(images.gatherRows(rows))), t);
    loss.backward();
    adam.step();
    return loss.item();
  }
}
