package dev.zerograd.tensor.cpu;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Storage;
import dev.zerograd.tensor.spi.Kernels;

/** Float32 storage on the Java heap: a {@code float[]} that BLAS reads without copying. */
final class FloatStorage extends Storage {
  final float[] data;

  FloatStorage(float[] data) {
    super(DType.FLOAT32, data.length);
    this.data = data;
  }

  @Override
  public Kernels kernels() {
    return CpuKernels.INSTANCE;
  }

  @Override
  protected double get(int index) {
    return data[index];
  }

  @Override
  protected void set(int index, double value) {
    data[index] = (float) value;
  }
}
