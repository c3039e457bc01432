package dev.zerograd.tensor;

/**
 * The memory behind one or more tensors: a tensor and every view of it ({@link
 * Tensor#transpose()}, {@link Tensor#reshape}, {@link Tensor#slice}, ...) share one storage.
 *
 * <p>A storage counts the writes made into it after creation, through the {@code InPlace}
 * methods of any tensor that views it: {@link #version()}. Autograd records the version of every
 * tensor an op saves for backward and refuses to run that backward when it changed, because the
 * gradient would be computed from values that are no longer the ones forward saw.
 *
 * <p>Compare storages by identity: two tensors share memory exactly when their {@link
 * Tensor#storage()} is the same object.
 */
public final class Storage {
  final float[] f;
  final double[] d;
  private volatile long version;

  private Storage(float[] f, double[] d) {
    this.f = f;
    this.d = d;
  }

  static Storage of(float[] values) {
    return new Storage(values, null);
  }

  static Storage of(double[] values) {
    return new Storage(null, values);
  }

  /** A fresh storage of {@code size} zeros. */
  static Storage zeros(DType dtype, int size) {
    return dtype == DType.FLOAT32 ? of(new float[size]) : of(new double[size]);
  }

  /** The element type. */
  public DType dtype() {
    return f != null ? DType.FLOAT32 : DType.FLOAT64;
  }

  /** Number of elements held (views may cover fewer). */
  public int size() {
    return f != null ? f.length : d.length;
  }

  /**
   * How many in-place writes this storage has received since it was created: 0 for a tensor
   * that was only ever read. Never decreases.
   */
  public long version() {
    return version;
  }

  /**
   * Counts one write. Called by every method that writes into existing storage, before it
   * writes; a single writer per storage is assumed, as for the write itself.
   */
  @SuppressWarnings("NonAtomicVolatileUpdate")
  void markWritten() {
    version++;
  }
}
