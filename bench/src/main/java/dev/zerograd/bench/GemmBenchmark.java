package dev.zerograd.bench;

import dev.zerograd.tensor.cpu.Blas;
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
 * Matrix products at the shapes of the MNIST two-layer net, through {@link Tensor#matmul}, as
 * GFLOP/s (the {@code gflop} counter, a rate), for the bundled OpenBLAS and the system BLAS side
 * by side.
 *
 * <ul>
 *   <li>{@code forward}: x (100x784) . W1 (784x50);
 *   <li>{@code gradW}: x^T . dA (784x100 . 100x50), x^T a transposed view;
 *   <li>{@code gradX}: dA . W1^T (100x50 . 50x784), W1^T a transposed view;
 *   <li>{@code eval}: all 10000 test images (10000x784) . W1.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GemmBenchmark {
  @Param({"forward", "gradW", "gradX", "eval"})
  public String shape;

  @Param({"float32", "float64"})
  public String dtype;

  /**
   * Which BLAS: the bundled OpenBLAS on 1 or 2 threads, or the system's {@code libblas.so.3}
   * (threads from {@code OPENBLAS_NUM_THREADS}). JMH forks a JVM per value, so each fork loads
   * the library it names.
   */
  @Param({"bundled:1", "bundled:2", "system"})
  public String blas;

  private Tensor a;
  private Tensor b;
  private double gflopPerCall;


  @Setup
  public void setUp() {
    String[] choice = blas.split(":");
    System.setProperty(Blas.PROPERTY, choice[0]);
    if (choice.length > 1) {
      Blas.setThreads(Integer.parseInt(choice[1]));
    }
    DType dt = DType.parse(dtype);
    Generator g = new Generator(1);
    int m;
    int k;
    int n;
    switch (shape) {
      case "forward":
        m = 100;
        k = 784;
        n = 50;
        a = g.uniform(dt, 0, 1, m, k);
        b = g.normal(dt, 0, 0.01, k, n);
        break;
      case "gradW":
        m = 784;
        k = 100;
        n = 50;
        a = g.uniform(dt, 0, 1, k, m).transpose();
        b = g.normal(dt, 0, 0.01, k, n);
        break;
      case "gradX":
        m = 100;
        k = 50;
        n = 784;
        a = g.normal(dt, 0, 0.01, m, k);
        b = g.normal(dt, 0, 0.01, n, k).transpose();
        break;
      case "eval":
        m = 10000;
        k = 784;
        n = 50;
        a = g.uniform(dt, 0, 1, m, k);
        b = g.normal(dt, 0, 0.01, k, n);
        break;
      default:
        throw new IllegalArgumentException("unknown shape " + shape);
    }
    gflopPerCall = 2.0 * m * k * n / 1e9;
    System.out.println(Blas.describe());
  }

  @Benchmark
  public Tensor matmul(Flops flops) {
    flops.gflop += gflopPerCall;
    return a.matmul(b);
  }
}
