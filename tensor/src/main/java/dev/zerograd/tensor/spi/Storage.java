package dev.zerograd.tensor.spi;

import dev.zerograd.tensor.DType;

/**
 * The memory behind one or more tensors: a tensor and every view of it ({@code transpose()},
 * {@code reshape}, {@code slice}, ...) share one storage. Each backend has its own subclass (the
 * CPU's holds a Java {@code float[]} or {@code double[]}; another backend's may hold memory the
 * Java heap cannot see) and only that backend's {@link Kernels} read or write it.
 *
 * <p>What every storage carries, whatever the backend, is its element type, its size and its
 * version: how many in-place writes it received since it was created. Autograd records the
 * version of every tensor an op saves for backward and refuses to run that backward when it
 * changed, because the gradient would be computed from values that are no longer the ones
 * forward saw.
 *
 * <p>Compare storages by identity: two tensors share memory exactly when their {@code storage()}
 * is the same object. A storage offers no way to its kernels or its elements: users see identity
 * and version, and every read or write goes through the tensor front and its checks.
 */
public abstract class Storage {
  private final DType dtype;
  private final int size;
  private volatile long version;

  /**
   * For backends: storage of {@code size} elements of {@code dtype}.
   *
   * @param dtype the element type
   * @param size the number of elements
   * @throws IllegalArgumentException for a negative size
   */
  protected Storage(DType dtype, int size) {
    if (size < 0) {
      throw new IllegalArgumentException("Storage: size " + size + " must be >= 0");
    }
    this.dtype = dtype;
    this.size = size;
  }

  /**
   * The element type.
   *
   * @return the element type
   */
  public final DType dtype() {
    return dtype;
  }

  /**
   * Number of elements held (views may cover fewer).
   *
   * @return number of elements held (views may cover fewer)
   */
  public final int size() {
    return size;
  }

  /**
   * How many in-place writes this storage has received since it was created: 0 for a tensor
   * that was only ever read. Never decreases.
   *
   * @return how many in-place writes this storage has received since it was created
   */
  public final long version() {
    return version;
  }

  /**
   * Counts one write. The tensor front calls it before every write into existing storage (a
   * single writer per storage is assumed, as for the write itself); calling it otherwise only
   * makes autograd refuse backward passes that read this storage.
   */
  @SuppressWarnings("NonAtomicVolatileUpdate")
  public final void markWritten() {
    version++;
  }
}
