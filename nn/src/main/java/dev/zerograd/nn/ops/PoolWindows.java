package dev.zerograd.nn.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;

/**
 * The windows of a 2-D pooling with PyTorch's options: a square {@code kernel}, a {@code
 * stride}, {@code padding} on every side and {@code ceilMode}. Output size per axis as PyTorch's
 * {@code pooling_output_shape}: {@code (H + 2 padding - kernel + (ceilMode ? stride - 1 : 0)) /
 * stride + 1}, less one when ceil mode would start the last window in the bottom padding. The
 * ops pad the images ({@link #pad}) so that every window lies inside, pool without padding, and
 * crop the gradient back ({@link #crop}).
 */
record PoolWindows(String op, int kernel, int stride, int padding, boolean ceilMode) {
  PoolWindows {
    checkArgument(
        kernel >= 1 && stride >= 1,
        "%s: kernel %s and stride %s must be at least 1",
        op,
        kernel,
        stride);
    checkArgument(
        padding >= 0 && 2 * padding <= kernel,
        "%s: padding %s must be between 0 and half the kernel %s (PyTorch's rule)",
        op,
        padding,
        kernel);
  }

  /** Whether the images are pooled as they are: no padding, floor mode (the textbook's). */
  boolean plain() {
    return padding == 0 && !ceilMode;
  }

  /** The output size along an axis of {@code size}, checked to be at least 1. */
  int out(int size) {
    long span = size + 2L * padding - kernel;
    checkArgument(
        span >= 0,
        "%s: a %sx%s window does not fit images of %s padded by %s on each side; use a smaller"
            + " window or more padding",
        op,
        kernel,
        kernel,
        size,
        padding);
    long out = (span + (ceilMode ? stride - 1 : 0)) / stride + 1;
    if (ceilMode && (out - 1) * stride >= size + padding) {
      out--;
    }
    return (int) out;
  }

  /** The rows (or columns) added after an axis of {@code size}: the padding and what ceil mode needs. */
  int after(int size) {
    return Math.max(padding, (out(size) - 1) * stride + kernel - size - padding);
  }

  /** The images {@code (N, C, H, W)} padded with {@code value} so that every window lies inside. */
  Tensor pad(Tensor x, double value) {
    checkImages(x.rank(), x.shape());
    return x.pad(
        new int[] {0, 0, padding, padding},
        new int[] {0, 0, after(x.dim(2)), after(x.dim(3))},
        value);
  }

  /** The dims of the images {@code dims} once padded by {@link #pad}. */
  int[] paddedDims(int[] dims) {
    return plain()
        ? dims.clone()
        : new int[] {
          dims[0], dims[1], dims[2] + padding + after(dims[2]), dims[3] + padding + after(dims[3])
        };
  }

  /** The gradient of padded images cropped back to the images' {@code dims}. */
  Variable crop(Variable padded, int[] dims) {
    return padded
        .slice(2, padding, padding + dims[2], 1)
        .slice(3, padding, padding + dims[3], 1);
  }

  void checkImages(int rank, Object shape) {
    checkArgument(rank == 4, "%s: expects images (N, C, H, W), got %s", op, shape);
  }
}
