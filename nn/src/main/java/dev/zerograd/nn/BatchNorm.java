package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share: normalisation over some axes with
 * learnt scale and shift, batch statistics in training and running ones in evaluation.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
  private final String layer;
  private final int features;
  private final double momentum;
  private final double eps;
  private final Variable gamma;
  private final Variable beta;
  private final Tensor runningMean;
  private final Tensor runningVar;
  /** Training batches normalised so far (PyTorch's {@code num_batches_tracked}). */
  private final AtomicLong batches = new AtomicLong();

  BatchNorm(String layer, int features, double momentum, double eps, DType dtype) {
    checkArgument(features > 0, "%s: %s features must be positive", layer, features);
    checkArgument(
        momentum >= 0 && momentum <= 1, "%s: momentum %s must be in [0, 1]", layer, momentum);
    checkArgument(eps > 0, "%s: eps %s must be > 0", layer, eps);
    this.layer = layer;
    this.features = features;
    this.momentum = momentum;
    this.eps = eps;
    this.gamma = parameter("gamma", Tensor.ones(dtype, features));
    this.beta = parameter("beta", Tensor.zeros(dtype, features));
    this.runningMean = registerBuffer("runningMean", Tensor.zeros(dtype, features));
    this.runningVar = registerBuffer("runningVar", Tensor.ones(dtype, features));
  }

  /** The input's rank this layer takes. */
  abstract int rank();

  /**
   * The scale, {@code (features,)}.
   *
   * @return the scale, {@code (features,)}
   */
  public Variable gamma() {
    return gamma;
  }

  /**
   * The shift, {@code (features,)}.
   *
   * @return the shift, {@code (features,)}
   */
  public Variable beta() {
    return beta;
  }

  /**
   * The running mean used in evaluation mode (updated in place in training).
   *
   * @return the running mean used in evaluation mode (updated in place in training)
   */
  public Tensor runningMean() {
    return runningMean;
  }

  /**
   * The running (unbiased) variance used in evaluation mode.
   *
   * @return the running (unbiased) variance used in evaluation mode
   */
  public Tensor runningVar() {
    return runningVar;
  }

  /**
   * How many training batches have updated the running statistics (PyTorch's {@code
   * num_batches_tracked}), counted since the layer was made or {@link #setBatchesTracked} set it.
   *
   * @return the count
   */
  public long batchesTracked() {
    return batches.get();
  }

  /**
   * Sets the count of training batches seen, as a checkpoint that records it restores it.
   *
   * @param count at least 0
   * @throws IllegalArgumentException for a negative count
   */
  public void setBatchesTracked(long count) {
    checkArgument(count >= 0, "%s: batches tracked %s must be >= 0", layer, count);
    batches.set(count);
  }

  @Override
  public Variable forward(Variable x) {
    checkArgument(
        x.rank() == rank() && x.dim(1) == features,
        "%s: expects %s features on axis 1 of a rank-%s input, got %s",
        layer,
        features,
        rank(),
        x.shape());
    checkArgument(
        x.dtype() == gamma.dtype(),
        "%s: x is %s but the layer is %s; convert the input with x.to(%s)",
        layer,
        x.dtype(),
        gamma.dtype(),
        gamma.dtype());
    Variable y =
        Functional.batchNorm(
            layer, x, runningMean, runningVar, gamma, beta, isTraining(), momentum, eps);
    if (isTraining()) {
      batches.incrementAndGet();
    }
    return y;
  }

  /**
   * The value added to the variance before its square root.
   *
   * @return the value added to the variance before its square root
   */
  public double eps() {
    return eps;
  }

  /**
   * The weight of a batch's statistics in the running ones.
   *
   * @return the weight of a batch's statistics in the running ones
   */
  public double momentum() {
    return momentum;
  }
}
