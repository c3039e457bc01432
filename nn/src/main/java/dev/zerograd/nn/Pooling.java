package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;

/** Average pooling: the windows as columns, averaged along the window axis. */
final class Pooling {
  private Pooling() {}

  static Variable average(Variable x, int kernel, int stride, String layer) {
    checkArgument(
        x.shape().rank() == 4
            && x.shape().dim(2) >= kernel
            && x.shape().dim(3) >= kernel,
        "%s: expects images (N, C, H, W) of at least %sx%s, got %s",
        layer,
        kernel,
        kernel,
        x.shape());
    int n = x.shape().dim(0);
    int c = x.shape().dim(1);
    int oh = (x.shape().dim(2) - kernel) / stride + 1;
    int ow = (x.shape().dim(3) - kernel) / stride + 1;
    // (N, C kh kw, OH OW) -> (N, C, kh kw, OH OW): reduce the window axis.
    Variable windows = x.unfold2d(kernel, kernel, stride, 0).reshape(n, c, kernel * kernel, oh * ow);
    Variable pooled = windows.mean(2);
    return pooled.reshape(n, c, oh, ow);
  }
}
