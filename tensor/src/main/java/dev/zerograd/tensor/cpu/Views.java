package dev.zerograd.tensor.cpu;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.spi.View;

/** What the CPU kernels need to know of views: their arrays, layouts and sub-views. */
final class Views {
  private Views() {}

  /** The float32 array behind a view. */
  static float[] f(View v) {
    return ((FloatStorage) v.storage()).data;
  }

  /** The float64 array behind a view. */
  static double[] d(View v) {
    return ((DoubleStorage) v.storage()).data;
  }

  static boolean isFloat(View v) {
    return v.storage().dtype() == DType.FLOAT32;
  }

  /** A fresh, dense copy of a view, of the given type. */
  static View dense(View v, DType dtype) {
    View out = fresh(dtype, v.dims());
    Elementwise.assign(out, v);
    return out;
  }

  /** A fresh, dense view of zeros. */
  static View fresh(DType dtype, int[] dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return new View(CpuKernels.INSTANCE.allocate(dtype, n), dims, View.denseStrides(dims), 0);
  }

  /** The sub-view at {@code index} along {@code axis}, that axis removed. */
  static View select(View v, int axis, int index) {
    int r = v.rank();
    int[] dims = new int[r - 1];
    int[] strides = new int[r - 1];
    for (int k = 0, j = 0; k < r; k++) {
      if (k != axis) {
        dims[j] = v.dims()[k];
        strides[j] = v.strides()[k];
        j++;
      }
    }
    return new View(v.storage(), dims, strides, v.offset() + index * v.strides()[axis]);
  }

  /** The strides with that of {@code axis} set to 0: each lane along it at its first element. */
  static int[] withoutAxis(int[] strides, int axis) {
    int[] s = strides.clone();
    s[axis] = 0;
    return s;
  }
}
