package dev.zerograd.tensor.cpu;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.spi.Storage;

/** Float32 storage on the Java heap: a {@code float[]} that BLAS reads without copying. */
final class FloatStorage extends Storage {
  final float[] data;

  FloatStorage(float[] data) {
    super(DType.FLOAT32, data.length);
    this.data = data;
  }

  double get(int index) {
    return data[index];
  }

  void set(int index, double value) {
    data[index] = (float) value;
  }
}
