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
    if (kernel == 2 && stride == 2 && s[3] == 1) {
      maxPool2x2(o, oo, od, x, in, argmax);
      return;
    }
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

  /**
   * The 2x2, stride-2 window of the textbook's ConvNet, without a branch per element: which of
   * four values is largest is a coin toss on real data, and a mispredicted branch per comparison
   * cost this pass three quarters of its time. Floats are compared as integers ordered like them
   * (NaN above everything, -0 equal to +0), and the winner is chosen with masks. The same result
   * as the general loop: the larger wins, the first on ties, a NaN over any number.
   */
  private static void maxPool2x2(float[] o, int oo, int[] od, float[] x, View in, int[] argmax) {
    int[] d = in.dims();
    int planes = d[0] * d[1];
    long size = (long) planes * d[2] * d[3];
    int parts = size >= 2L * StridedLoop.PARALLEL_MIN && CpuBlas.splits() ? Parallel.parts() : 1;
    Parallel.runRanges(
        planes, parts, (from, to) -> maxPool2x2(o, oo, od, x, in, argmax, from, to));
  }

  /** {@link #maxPool2x2} over the planes (image, channel) {@code [from, to)}. */
  private static void maxPool2x2(
      float[] o, int oo, int[] od, float[] x, View in, int[] argmax, int from, int to) {
    int[] d = in.dims();
    int[] s = in.strides();
    int h = d[2];
    int w = d[3];
    int oh = od[2];
    int ow = od[3];
    int sr = s[2];
    int k = from * oh * ow;
    for (int plane = from; plane < to; plane++) {
      int base = in.offset() + (plane / d[1]) * s[0] + (plane % d[1]) * s[1];
      int logical = plane * h * w;
      for (int i = 0; i < oh; i++) {
        int r0 = base + 2 * i * sr;
        int r1 = r0 + sr;
        int l0 = logical + 2 * i * w;
        for (int j = 0; j < ow; j++, k++) {
          int c = 2 * j;
          int bits = Float.floatToRawIntBits(x[r0 + c]);
          int key = key(bits);
          int at = l0 + c;
          int b = Float.floatToRawIntBits(x[r0 + c + 1]);
          int kb = key(b);
          int gt = (int) (((long) key - kb) >> 63);
          key ^= (key ^ kb) & gt;
          bits ^= (bits ^ b) & gt;
          at ^= (at ^ (l0 + c + 1)) & gt;
          b = Float.floatToRawIntBits(x[r1 + c]);
          kb = key(b);
          gt = (int) (((long) key - kb) >> 63);
          key ^= (key ^ kb) & gt;
          bits ^= (bits ^ b) & gt;
          at ^= (at ^ (l0 + w + c)) & gt;
          b = Float.floatToRawIntBits(x[r1 + c + 1]);
          kb = key(b);
          gt = (int) (((long) key - kb) >> 63);
          bits ^= (bits ^ b) & gt;
          at ^= (at ^ (l0 + w + c + 1)) & gt;
          argmax[k] = at;
          o[oo + k] = Float.intBitsToFloat(bits);
        }
      }
    }
  }

  /** An int ordered as the float with these bits: -0 = +0, and any NaN above +infinity. */
  private static int key(int bits) {
    int neg = bits >> 31;
    int key = (bits ^ (neg & 0x7FFFFFFF)) - neg;
    int nan = (0x7F800000 - (bits & 0x7FFFFFFF)) >> 31;
    return (key & ~nan) | (nan & Integer.MAX_VALUE);
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
