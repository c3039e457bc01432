package dev.zerograd.tensor;

import dev.zerograd.tensor.spi.Kernels;

/**
 * The memory behind one or more tensors: a tensor and every view of it ({@link
 * Tensor#transpose()}, {@link Tensor#reshape}, {@link Tensor#slice}, ...) share one storage. Each
 * backend has its own kind (the CPU's holds a Java {@code float[]} or {@code double[]}), and
 * {@link #kernels()} names the backend that computes on it.
 *
 * <p>A storage counts the writes made into it after creation, through the {@code InPlace}
 * methods of any tensor that views it: {@link #version()}. Autograd records the version of every
 * tensor an op saves for backward and refuses to run that backward when it changed, because the
 * gradient would be computed from values that are no longer the ones forward saw.
 *
 * <p>Compare storages by identity: two tensors share memory exactly when their {@link
 * Tensor#storage()} is the same object.
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
   * @return how many in-place writes this storage has received since it was created: 0 for a tensor
   *     that was only ever read
   */
  public final long version() {
    return version;
  }

  /**
   * The kernels of the backend this storage belongs to.
   *
   * @return the kernels of the backend this storage belongs to
   */
  public abstract Kernels kernels();

  /**
   * Element {@code index} as a double: the slow path for single elements ({@link Tensor#get},
   * printing). Kernels read the memory directly.
   *
   * @param index the flat index
   * @return element {@code index} as a double: the slow path for single elements ({@link
   *     Tensor#get}, printing)
   */
  protected abstract double get(int index);

  /**
   * Writes element {@code index}, rounding to the storage's type: the slow path of writing.
   *
   * @param index the flat index
   * @param value the value
   */
  protected abstract void set(int index, double value);

  /**
   * Counts one write. Called by every method that writes into existing storage, before it
   * writes; a single writer per storage is assumed, as for the write itself.
   */
  @SuppressWarnings("NonAtomicVolatileUpdate")
  final void markWritten() {
    version++;
  }
}
