package dev.zerograd.tensor.cpu;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.spi.Storage;

/** Float64 storage on the Java heap: a {@code double[]} that BLAS reads without copying. */
final class DoubleStorage extends Storage {
  final double[] data;

  DoubleStorage(double[] data) {
    super(DType.FLOAT64, data.length);
    this.data = data;
  }

  double get(int index) {
    return data[index];
  }

  void set(int index, double value) {
    data[index] = value;
  }
}
