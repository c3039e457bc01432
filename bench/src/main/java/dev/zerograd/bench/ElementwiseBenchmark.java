package dev.zerograd.bench;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tensor operations on the training step's hot path, at its shapes (float32, batch 100,
 * hidden 50, 10 classes). Run with {@code -prof gc}: the allocation per op is the output tensor
 * and little else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ElementwiseBenchmark {
  private Tensor hidden;
  private Tensor bias;
  private Tensor dHidden;
  private Tensor scores;
  private Tensor weight;
  private Tensor weightGrad;
  private Tensor images;
  private int[] batch;

  @Setup
  public void setUp() {
    Generator g = new Generator(1);
    hidden = g.normal(DType.FLOAT32, 0, 1, 100, 50);
    bias = g.normal(DType.FLOAT32, 0, 1, 50);
    dHidden = g.normal(DType.FLOAT32, 0, 1, 100, 50);
    scores = g.normal(DType.FLOAT32, 0, 3, 100, 10);
    weight = g.normal(DType.FLOAT32, 0, 0.01, 784, 50);
    weightGrad = g.normal(DType.FLOAT32, 0, 0.01, 784, 50);
    images = g.uniform(DType.FLOAT32, 0, 1, 60_000, 784);
    batch = g.integers(0, 60_000, 100);
  }

  /** Affine's bias: a (100, 50) += b (50,), in place on the matmul output. */
  @Benchmark
  public Tensor biasAddInPlace() {
    return hidden.addInPlace(bias);
  }

  /** ReLU forward on the hidden layer. */
  @Benchmark
  public Tensor relu() {
    return hidden.relu();
  }

  /** ReLU backward: dy * (y > 0). */
  @Benchmark
  public Tensor reluBackward() {
    return dHidden.mul(hidden.gt(0));
  }

  /** Affine's bias gradient: column sums of (100, 50). */
  @Benchmark
  public Tensor biasGradient() {
    return dHidden.sum(0);
  }

  /** SoftmaxWithLoss's log-softmax over 10 classes. */
  @Benchmark
  public Tensor logSoftmax() {
    return scores.logSoftmax(1);
  }

  /** The SGD update of W1: w -= 0.1 * dw. */
  @Benchmark
  public Tensor sgdUpdate() {
    return weight.addScaledInPlace(-1e-9, weightGrad);
  }

  /** Gathering a batch of 100 images from 60000. */
  @Benchmark
  public Tensor gatherBatch() {
    return images.gatherRows(batch);
  }
}
