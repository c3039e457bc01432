package dev.zerograd.tensor.cpu;

import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.spi.Storage;
import dev.zerograd.tensor.spi.BinaryOp;
import dev.zerograd.tensor.spi.Kernels;
import dev.zerograd.tensor.spi.Reduction;
import dev.zerograd.tensor.spi.UnaryOp;
import dev.zerograd.tensor.spi.View;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The CPU backend ({@link CpuBackend} registers it): storage on the Java heap ({@code float[]}, {@code double[]}), loops the JIT
 * vectorises, and matrix products through BLAS ({@link CpuBlas}). Each group of kernels lives in
 * its own class ({@link Elementwise}, {@link Reductions}, {@link Products}, {@link Indexing});
 * this class only routes to them.
 */
final class CpuKernels implements Kernels {
  /** The one instance. */
  static final CpuKernels INSTANCE = new CpuKernels();

  private CpuKernels() {}

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public Storage allocate(DType dtype, int size) {
    try {
      return dtype == DType.FLOAT32
          ? new FloatStorage(new float[size])
          : new DoubleStorage(new double[size]);
    } catch (OutOfMemoryError e) {
      // The JVM's message ("Java heap space") says neither how much nor what to do.
      throw new OutOfMemoryError(
          String.format(
              Locale.ROOT,
              "cannot allocate a tensor of %d %s elements (%.1f MiB): the heap (at most %.0f MiB,"
                  + " -Xmx) has no room for it; run java with a larger -Xmx or use smaller"
                  + " tensors",
              size,
              dtype,
              (double) size * dtype.byteSize() / (1 << 20),
              Runtime.getRuntime().maxMemory() / (double) (1 << 20)));
    }
  }

  @Override
  public Storage wrap(float[] values) {
    return new FloatStorage(values);
  }

  @Override
  public Storage wrap(double[] values) {
    return new DoubleStorage(values);
  }

  @Override
  public Storage fromUint8(byte[] data, double divisor, DType dtype) {
    return Elementwise.fromUint8(data, divisor, dtype);
  }

  @Override
  public void copyOut(View src, float[] out) {
    Elementwise.assign(dense(new FloatStorage(out), src), src);
  }

  @Override
  public void copyOut(View src, double[] out) {
    Elementwise.assign(dense(new DoubleStorage(out), src), src);
  }

  private static View dense(Storage storage, View like) {
    return new View(storage, like.dims(), View.denseStrides(like.dims()), 0);
  }

  @Override
  public double get(Storage storage, int index) {
    return storage instanceof FloatStorage
        ? ((FloatStorage) storage).get(index)
        : ((DoubleStorage) storage).get(index);
  }

  @Override
  public void set(Storage storage, int index, double value) {
    if (storage instanceof FloatStorage) {
      ((FloatStorage) storage).set(index, value);
    } else {
      ((DoubleStorage) storage).set(index, value);
    }
  }

  @Override
  public void fill(View out, double value) {
    Elementwise.fill(out, value);
  }

  @Override
  public void generate(View out, DoubleSupplier next) {
    Elementwise.generate(out, next);
  }

  @Override
  public void unary(UnaryOp op, View out, View a) {
    Elementwise.unary(op, out, a);
  }

  @Override
  public void binary(BinaryOp op, View out, View a, View b) {
    Elementwise.binary(op, out, a, b);
  }

  @Override
  public void assign(View out, View src) {
    Elementwise.assign(out, src);
  }

  @Override
  public void addScaled(View target, double alpha, View x) {
    Elementwise.addScaled(target, alpha, x);
  }

  @Override
  public void where(View out, View cond, View a, View b) {
    Elementwise.where(out, cond, a, b);
  }

  @Override
  public boolean allFinite(View a) {
    return Elementwise.allFinite(a);
  }

  @Override
  public void thresholdBackward(View out, View grad, View input, double threshold) {
    Elementwise.thresholdBackward(out, grad, input, threshold);
  }

  @Override
  public void adam(
      View param, View grad, View m, View v, double lr, double beta1, double beta2, double eps) {
    Updates.adam(param, grad, m, v, lr, beta1, beta2, eps);
  }

  @Override
  public void maxPool2d(View out, View in, int kernel, int stride, int[] argmax) {
    Pooling.maxPool2d(out, in, kernel, stride, argmax);
  }

  @Override
  public void conv2d(View out, View x, View w, Conv2dSpec spec) {
    Convolutions.conv2d(out, x, w, spec);
  }

  @Override
  public void conv2dWeightGrad(View dw, View x, View dy, Conv2dSpec spec) {
    Convolutions.conv2dWeightGrad(dw, x, dy, spec);
  }

  @Override
  public void conv2dInputGrad(View dx, View w, View dy, Conv2dSpec spec) {
    Convolutions.conv2dInputGrad(dx, w, dy, spec);
  }

  @Override
  public void reduce(Reduction kind, View out, View in) {
    Reductions.reduce(kind, out, in);
  }

  @Override
  public int[] argmax(View in, int axis) {
    return Reductions.argmax(in, axis);
  }

  @Override
  public void softmax(View out, View in, int axis, boolean log) {
    Reductions.softmax(out, in, axis, log);
  }

  @Override
  public void gemm(View a, View b, View c, double alpha, double beta) {
    Products.gemm(a, b, c, alpha, beta);
  }

  @Override
  public void gemmBatch(View[] a, View[] b, View[] c, double alpha, double beta) {
    Products.gemmBatch(a, b, c, alpha, beta);
  }

  @Override
  public void gemv(View a, View x, View y) {
    Products.gemv(a, x, y);
  }

  @Override
  public double dot(View x, View y) {
    return Products.dot(x, y);
  }

  @Override
  public void indexSelect(View out, View in, int axis, int[] indices) {
    Indexing.indexSelect(out, in, axis, indices);
  }

  @Override
  public void indexAdd(View target, View src, int axis, int[] indices) {
    Indexing.indexAdd(target, src, axis, indices);
  }

  @Override
  public void takeAlongAxis(View out, View in, int axis, int[] indices) {
    Indexing.takeAlongAxis(out, in, axis, indices);
  }

  @Override
  public void scatterAdd(View target, View src, int axis, int[] indices) {
    Indexing.scatterAdd(target, src, axis, indices);
  }
}
