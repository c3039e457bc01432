package dev.zerograd.tensor.checked;

import dev.zerograd.tensor.spi.Kernels;
import dev.zerograd.tensor.spi.KernelsProvider;

/**
 * Registers the {@code checked} backend with {@link java.util.ServiceLoader}. Public only because
 * the service loader needs it to be.
 */
public final class CheckedBackend implements KernelsProvider {
  /** For {@link java.util.ServiceLoader}. */
  public CheckedBackend() {}

  @Override
  public String name() {
    return CheckedKernels.NAME;
  }

  @Override
  public Kernels kernels() {
    return CheckedKernels.INSTANCE;
  }
}
