package dev.zerograd.tensor.checked;

import dev.zerograd.tensor.spi.Storage;

/**
 * Memory of the {@code checked} backend: it hides the CPU storage that holds the elements, so that
 * only this backend's kernels (which unwrap it) can reach them, as only a GPU's kernels can reach
 * device memory.
 */
final class CheckedStorage extends Storage {
  private final Storage inner;

  CheckedStorage(Storage inner) {
    super(inner.dtype(), inner.size());
    this.inner = inner;
  }

  Storage inner() {
    return inner;
  }
}
