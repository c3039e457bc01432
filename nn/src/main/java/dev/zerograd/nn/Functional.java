package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * Layers as functions of their inputs and state, PyTorch's {@code torch.nn.functional}: for code
 * that keeps its own parameters and statistics. {@link Dropout} and {@link BatchNorm1d}/{@link
 * BatchNorm2d} are these functions with their state held in a module; the same calls give the
 * same bits.
 *
 * <pre>{@code
 * Variable h = Functional.dropout(x, 0.5, training, rng);
 * Variable y = Functional.batchNorm(h, runningMean, runningVar, gamma, beta, training, 0.1, 1e-5);
 * }</pre>
 */
public final class Functional {
  private Functional() {}

  /**
   * Inverted dropout ({@code F.dropout}): in training each element is zeroed with probability
   * {@code p} and the rest scaled by {@code 1 / (1 - p)}; otherwise {@code x} itself.
   *
   * @param x the input
   * @param p the probability of dropping an element, in [0, 1)
   * @param training whether to drop (false: {@code x} is returned)
   * @param rng the generator of the mask
   * @return the output
   * @throws IllegalArgumentException when p is outside [0, 1)
   */
  public static Variable dropout(Variable x, double p, boolean training, Generator rng) {
    return dropout("dropout", x, p, training, false, rng);
  }

  /** Dropout, inverted or in the textbook's form, its checks named after {@code op}. */
  static Variable dropout(
      String op, Variable x, double p, boolean training, boolean textbook, Generator rng) {
    checkNotNull(x, "%s: x is null", op);
    checkArgument(p >= 0 && p < 1, "%s: p %s must be in [0, 1)", op, p);
    if (p == 0) {
      return x;
    }
    if (!training) {
      return textbook ? x.mul(1 - p) : x;
    }
    checkNotNull(rng, "%s: the generator is null; give one for the masks", op);
    Tensor keep = rng.uniform(x.dtype(), 0, 1, x.shape().toArray()).ge(p);
    return x.mul(Variable.of(textbook ? keep : keep.mul(1 / (1 - p))));
  }

  /**
   * Batch normalisation over every axis but 1 ({@code F.batch_norm}): in training, with the
   * batch's mean and biased variance, and the running statistics, when given, updated in place
   * ({@code running = (1 - momentum) running + momentum batch}, the variance unbiased, as
   * PyTorch); otherwise with the running statistics. Then scaled by {@code weight} and shifted by
   * {@code bias} where given.
   *
   * @param x the input, {@code (N, C, ...)}
   * @param runningMean the running mean, {@code (C,)}; may be null in training
   * @param runningVar the running variance, {@code (C,)}; null exactly when runningMean is
   * @param weight the scale, {@code (C,)}, or null for none
   * @param bias the shift, {@code (C,)}, or null for none
   * @param training whether to use and track the batch's statistics
   * @param momentum the weight of a batch's statistics in the running ones, in [0, 1]
   * @param eps added to the variance before its square root, {@code > 0}
   * @return the normalised input
   * @throws IllegalArgumentException naming what does not fit: the rank, a vector's length or
   *     dtype, missing running statistics in evaluation, a batch of one value per feature
   */
  public static Variable batchNorm(
      Variable x,
      Tensor runningMean,
      Tensor runningVar,
      Variable weight,
      Variable bias,
      boolean training,
      double momentum,
      double eps) {
    checkNotNull(x, "batchNorm: x is null");
    checkArgument(
        x.rank() >= 2, "batchNorm: x %s needs a batch axis and a feature axis (N, C, ...)", x.shape());
    return batchNorm(
        "batchNorm", x, runningMean, runningVar, weight, bias, training, momentum, eps);
  }

  /** Batch normalisation with its checks named after {@code op}; see the public form. */
  static Variable batchNorm(
      String op,
      Variable x,
      Tensor runningMean,
      Tensor runningVar,
      Variable weight,
      Variable bias,
      boolean training,
      double momentum,
      double eps) {
    int features = x.dim(1);
    checkArgument(
        momentum >= 0 && momentum <= 1, "%s: momentum %s must be in [0, 1]", op, momentum);
    checkArgument(eps > 0, "%s: eps %s must be > 0", op, eps);
    checkArgument(
        (runningMean == null) == (runningVar == null),
        "%s: give both running statistics or neither",
        op);
    checkArgument(
        training || runningMean != null,
        "%s: evaluation needs the running statistics; give them, or normalise with training"
            + " true",
        op);
    if (runningMean != null) {
      checkVector(op, "running mean", runningMean.shape(), runningMean.dtype(), x, features);
      checkVector(op, "running variance", runningVar.shape(), runningVar.dtype(), x, features);
    }
    if (weight != null) {
      checkVector(op, "weight", weight.shape(), weight.dtype(), x, features);
    }
    if (bias != null) {
      checkVector(op, "bias", bias.shape(), bias.dtype(), x, features);
    }
    int[] shape = new int[x.rank()];
    java.util.Arrays.fill(shape, 1);
    shape[1] = features;
    Variable y;
    if (!training) {
      Variable mean = Variable.of(runningMean.reshape(shape));
      Variable std = Variable.of(runningVar.reshape(shape).add(eps).sqrt());
      y = x.sub(mean).div(std);
    } else {
      int[] axes = new int[x.rank() - 1];
      axes[0] = 0;
      for (int a = 2; a < x.rank(); a++) {
        axes[a - 1] = a;
      }
      int count = x.shape().size() / features;
      checkArgument(
          count > 1,
          "%s: training needs more than one value per feature to normalise, got %s; use eval()",
          op,
          x.shape());
      Variable mean = x.mean(axes, true);
      Variable centred = x.sub(mean);
      Variable var = centred.mul(centred).mean(axes, true);
      y = centred.div(var.add(eps).sqrt());
      if (runningMean != null) {
        try (NoGrad scope = NoGrad.enter();
            ParameterUpdates.Scope update = ParameterUpdates.update()) {
          // As PyTorch: the running variance is the unbiased one.
          runningMean
              .mulInPlace(1 - momentum)
              .addScaledInPlace(momentum, mean.value().reshape(features));
          runningVar
              .mulInPlace(1 - momentum)
              .addScaledInPlace(momentum * count / (count - 1.0), var.value().reshape(features));
        }
      }
    }
    if (weight != null) {
      y = y.mul(weight.reshape(shape));
    }
    return bias == null ? y : y.add(bias.reshape(shape));
  }

  private static void checkVector(
      String op, String what, Shape s, DType dtype, Variable x, int features) {
    checkArgument(
        s.rank() == 1 && s.dim(0) == features,
        "%s: the %s has shape %s, but x %s has %s features on axis 1; give (%s,)",
        op,
        what,
        s,
        x.shape(),
        features,
        features);
    checkArgument(
        dtype == x.dtype(),
        "%s: x is %s but the %s is %s; convert the input with x.to(%s)",
        op,
        x.dtype(),
        what,
        dtype,
        dtype);
  }
}
