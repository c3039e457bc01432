package dev.zerograd.tensor.cpu;

import static dev.zerograd.tensor.cpu.Views.d;
import static dev.zerograd.tensor.cpu.Views.f;
import static dev.zerograd.tensor.cpu.Views.isFloat;

import dev.zerograd.tensor.spi.View;

/**
 * Fused optimiser updates: one pass over the parameter and its state instead of six. State that
 * decays below the smallest normal number is flushed to zero (its effect on the update is below
 * 1e-30 of the learning rate), since Java cannot set the CPU's flush-to-zero mode.
 */
final class Updates {
  /**
   * Below this many parameters an update stays on its thread: the pass costs about 4 ns per
   * element (square root and division, not vectorised), so this is about a quarter of a
   * millisecond, against some microseconds to hand a part to a helper. Each element's update is
   * independent of the others, so the split does not change the result.
   */
  static final int PARALLEL_MIN = 1 << 16;

  private Updates() {}

  /** See {@code Kernels.adam}; the views are contiguous, of one shape and type. */
  static void adam(
      View param, View grad, View m, View v, double lr, double beta1, double beta2, double eps) {
    int n = param.size();
    int parts = n >= 2 * PARALLEL_MIN && CpuBlas.splits() ? Parallel.parts() : 1;
    Parallel.runRanges(
        n, parts, (from, to) -> adam(param, grad, m, v, lr, beta1, beta2, eps, from, to));
  }

  /** {@link #adam} on the elements {@code [from, to)}. */
  private static void adam(
      View param,
      View grad,
      View m,
      View v,
      double lr,
      double beta1,
      double beta2,
      double eps,
      int from,
      int to) {
    int n = to - from;
    int ip = param.offset() + from;
    int ig = grad.offset() + from;
    int im = m.offset() + from;
    int iv = v.offset() + from;
    if (isFloat(param)) {
      float[] p = f(param);
      float[] g = f(grad);
      float[] mm = f(m);
      float[] vv = f(v);
      float a1 = (float) (1 - beta1);
      float a2 = (float) (1 - beta2);
      float step = (float) lr;
      float e = (float) eps;
      for (int i = 0; i < n; i++) {
        float gi = g[ig + i];
        float mi = mm[im + i] + a1 * (gi - mm[im + i]);
        float vi = vv[iv + i] + a2 * (gi * gi - vv[iv + i]);
        // Flush to zero what decays below the normal range: arithmetic on subnormals costs
        // about a hundred cycles, and a weight whose gradient is always 0 (an MNIST border
        // pixel, a dead unit) would otherwise make every later step many times slower.
        mi = Math.abs(mi) < Float.MIN_NORMAL ? 0f : mi;
        vi = vi < Float.MIN_NORMAL ? 0f : vi;
        mm[im + i] = mi;
        vv[iv + i] = vi;
        p[ip + i] -= step * (mi / ((float) Math.sqrt(vi) + e));
      }
    } else {
      double[] p = d(param);
      double[] g = d(grad);
      double[] mm = d(m);
      double[] vv = d(v);
      double a1 = 1 - beta1;
      double a2 = 1 - beta2;
      for (int i = 0; i < n; i++) {
        double gi = g[ig + i];
        double mi = mm[im + i] + a1 * (gi - mm[im + i]);
        double vi = vv[iv + i] + a2 * (gi * gi - vv[iv + i]);
        mi = Math.abs(mi) < Double.MIN_NORMAL ? 0.0 : mi;
        vi = vi < Double.MIN_NORMAL ? 0.0 : vi;
        mm[im + i] = mi;
        vv[iv + i] = vi;
        p[ip + i] -= lr * (mi / (Math.sqrt(vi) + eps));
      }
    }
  }
}
