package dev.zerograd.bench;

import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Conv2d;
import dev.zerograd.tensor.Conv2dSpec;
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
 * The textbook ConvNet's convolution at its shape: batch 100, 1x28x28 images, 30 filters 5x5,
 * stride 1, no padding, out 30x24x24 ({@link Conv2d#conv}: the conv2d kernel, one image's
 * columns at a time, then the bias).
 * {@code forward} runs it without recording; {@code backward} runs forward and backward for the
 * filters' and bias's gradients (the images need none, as in training). Calls per second, and
 * GFLOP/s of the products ({@code gflop}: 2 x 100 x 30 x 25 x 576 per product; one forward, one
 * for dW), the unfolding, bias and sums included in the time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Thread)
public class Conv2dBenchmark {
  /** GFLOP of one of the convolution's products. */
  static final double PRODUCT_GFLOP = 2.0 * 100 * 30 * 25 * 576 / 1e9;

  @Param({"float32", "float64"})
  public String dtype;

  /** {@code auto}: the default a program gets; 1 or 2: the BLAS's own threads. */
  @Param({"auto", "1"})
  public String threads;

  private Variable x;
  private Variable w;
  private Variable b;
  private Tensor dy;


  @Setup
  public void setUp() {
    Threads.apply(threads);
    DType dt = DType.parse(dtype);
    Generator g = new Generator(1);
    x = Variable.of(g.uniform(dt, 0, 1, 100, 1, 28, 28));
    w = Variable.parameter(g.normal(dt, 0, 0.01, 30, 1, 5, 5), "W");
    b = Variable.parameter(Tensor.zeros(dt, 30), "b");
    dy = g.uniform(dt, -1, 1, 100, 30, 24, 24);
  }

  @Benchmark
  public Tensor forward(Flops flops) {
    flops.gflop += PRODUCT_GFLOP;
    try (NoGrad scope = NoGrad.enter()) {
      return Conv2d.conv(x, w, b, 1, 0).value();
    }
  }

  /**
   * The conv2d kernel alone ({@link Tensor#conv2d}, no bias, no tape): what SimpleConvNet runs,
   * since it adds the bias after pooling.
   *
   * @param flops the GFLOP counter
   * @return the convolution
   */
  @Benchmark
  public Tensor kernelForward(Flops flops) {
    flops.gflop += PRODUCT_GFLOP;
    return x.value().conv2d(w.value(), 1, 0);
  }

  /**
   * The filters' gradient kernel alone ({@link Tensor#conv2dWeightGrad}).
   *
   * @param flops the GFLOP counter
   * @return the filters' gradient
   */
  @Benchmark
  public Tensor kernelWeightGrad(Flops flops) {
    flops.gflop += PRODUCT_GFLOP;
    return x.value().conv2dWeightGrad(dy, 5, 5, Conv2dSpec.DEFAULT);
  }

  @Benchmark
  public Tensor backward(Flops flops) {
    flops.gflop += 2 * PRODUCT_GFLOP;
    w.zeroGrad();
    b.zeroGrad();
    Conv2d.conv(x, w, b, 1, 0).sum().backward();
    return w.grad();
  }
}
