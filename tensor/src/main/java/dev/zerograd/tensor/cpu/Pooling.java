package dev.zerograd.tensor.cpu;

import static dev.zerograd.tensor.cpu.Views.d;
import static dev.zerograd.tensor.cpu.Views.f;
import static dev.zerograd.tensor.cpu.Views.isFloat;

import dev.zerograd.tensor.spi.View;

/**
 * Pooling over image windows, in one pass over the input: a float32 and a float64 loop, because
 * comparing floats as doubles (and testing for NaN through a call) cost this memory-bound pass
 * most of its time.
 */
final class Pooling {
  private Pooling() {}

  static void maxPool2d(View out, View in, int kernel, int stride, int[] argmax) {
    if (isFloat(in)) {
      maxPool2d(f(out), out.offset(), out.dims(), f(in), in, kernel, stride, argmax);
    } else {
      maxPool2d(d(out), out.offset(), out.dims(), d(in), in, kernel, stride, argmax);
    }
  }

  private static void maxPool2d(
      float[] o, int oo, int[] od, float[] x, View in, int kernel, int stride, int[] argmax) {
    int[] d = in.dims();
    int[] s = in.strides();
    int h = d[2];
    int w = d[3];
    int oh = od[2];
    int ow = od[3];
    int k = 0; // out is fresh and dense: row-major position = storage index - offset
    for (int plane = 0; plane < d[0] * d[1]; plane++) {
      int base = in.offset() + (plane / d[1]) * s[0] + (plane % d[1]) * s[1];
      int logical = plane * h * w;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, k++) {
          int top = i * stride;
          int left = j * stride;
          float best = x[base + top * s[2] + left * s[3]];
          int bestY = top;
          int bestX = left;
          for (int u = 0; u < kernel; u++) {
            int row = base + (top + u) * s[2];
            for (int v = 0; v < kernel; v++) {
              float value = x[row + (left + v) * s[3]];
              // Larger wins, the first on ties; a NaN wins over a number (NaN != NaN).
              if (value > best || (value != value && best == best)) {
                best = value;
                bestY = top + u;
                bestX = left + v;
              }
            }
          }
          argmax[k] = logical + bestY * w + bestX;
          o[oo + k] = best;
        }
      }
    }
  }

  private static void maxPool2d(
      double[] o, int oo, int[] od, double[] x, View in, int kernel, int stride, int[] argmax) {
    int[] d = in.dims();
    int[] s = in.strides();
    int h = d[2];
    int w = d[3];
    int oh = od[2];
    int ow = od[3];
    int k = 0;
    for (int plane = 0; plane < d[0] * d[1]; plane++) {
      int base = in.offset() + (plane / d[1]) * s[0] + (plane % d[1]) * s[1];
      int logical = plane * h * w;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, k++) {
          int top = i * stride;
          int left = j * stride;
          double best = x[base + top * s[2] + left * s[3]];
          int bestY = top;
          int bestX = left;
          for (int u = 0; u < kernel; u++) {
            int row = base + (top + u) * s[2];
            for (int v = 0; v < kernel; v++) {
              double value = x[row + (left + v) * s[3]];
              if (value > best || (value != value && best == best)) {
                best = value;
                bestY = top + u;
                bestX = left + v;
              }
            }
          }
          argmax[k] = logical + bestY * w + bestX;
          o[oo + k] = best;
        }
      }
    }
  }
}
