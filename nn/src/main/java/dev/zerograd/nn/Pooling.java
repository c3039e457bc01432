package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.ops.AvgPool2dOp;

/** Average pooling: the windows as columns, averaged along the window axis. */
final class Pooling {
  private Pooling() {}

  static Variable average(Variable x, int kernel, int stride, String layer) {
    checkArgument(
        x.rank() == 4
            && x.dim(2) >= kernel
            && x.dim(3) >= kernel,
        "%s: expects images (N, C, H, W) of at least %sx%s, got %s",
        layer,
        kernel,
        kernel,
        x.shape());
    return new AvgPool2dOp(kernel, stride).apply(x);
  }
}
