package dev.zerograd.bench;

import dev.zerograd.nn.Metrics;
import dev.zerograd.nn.TwoLayerNet;
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
 * The evaluation forward pass over the 10000 test images: scores of the two-layer net without
 * recording, then the arg-max per row, as the per-epoch accuracy computes it, in one batch of
 * 10000 or in batches of 1000 (what train-mnist uses).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class EvalForwardBenchmark {
  @Param({"float32", "float64"})
  public String dtype;

  /** {@code auto}: the default a program gets; 1 or 2: the BLAS's own threads. */
  @Param({"auto", "1", "2"})
  public String threads;

  /** Rows per forward pass: the whole test set, or the trainer's batches of 1000. */
  @Param({"10000", "1000"})
  public int batch;

  private TwoLayerNet net;
  private Tensor images;
  private int[] labels;

  @Setup
  public void setUp() {
    Threads.apply(threads);
    Generator g = new Generator(1);
    images = g.uniform(DType.FLOAT32, 0, 1, 10_000, 784);
    labels = g.integers(0, 10, 10_000);
    net = new TwoLayerNet(784, 50, 10, 0.01, DType.parse(dtype), 0);
  }

  @Benchmark
  public double accuracy() {
    return Metrics.accuracy(net, images, labels, batch);
  }
}
