package dev.zerograd.tensor;

import java.util.function.DoubleBinaryOperator;

/** Reference implementations by index arithmetic, independent of the kernels under test. */
final class Naive {
  private Naive() {}

  static int[] strides(int[] dims) {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  static int size(int[] dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** Row-major index into a tensor of shape {@code dims} broadcast to {@code out}. */
  static int broadcastIndex(int flat, int[] out, int[] dims) {
    int[] os = strides(out);
    int[] ds = strides(dims);
    int lead = out.length - dims.length;
    int idx = 0;
    for (int i = 0; i < out.length; i++) {
      int coord = (flat / os[i]) % out[i];
      if (i >= lead && dims[i - lead] != 1) {
        idx += coord * ds[i - lead];
      }
    }
    return idx;
  }

  static double[] binary(
      double[] a, int[] ad, double[] b, int[] bd, int[] out, DoubleBinaryOperator op) {
    double[] r = new double[size(out)];
    for (int i = 0; i < r.length; i++) {
      r[i] = op.applyAsDouble(a[broadcastIndex(i, out, ad)], b[broadcastIndex(i, out, bd)]);
    }
    return r;
  }

  /** C = A B for row-major A (m x k) and B (k x n). */
  static double[] matmul(double[] a, double[] b, int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[p * n + j];
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /** Sum of a row-major tensor over the marked axes, keeping them as size 1. */
  static double[] sum(double[] a, int[] dims, boolean[] reduce) {
    int[] out = dims.clone();
    for (int i = 0; i < dims.length; i++) {
      if (reduce[i]) {
        out[i] = 1;
      }
    }
    double[] r = new double[size(out)];
    int[] ds = strides(dims);
    int[] os = strides(out);
    for (int flat = 0; flat < a.length; flat++) {
      int o = 0;
      for (int i = 0; i < dims.length; i++) {
        int coord = (flat / ds[i]) % dims[i];
        if (!reduce[i]) {
          o += coord * os[i];
        }
      }
      r[o] += a[flat];
    }
    return r;
  }
}
