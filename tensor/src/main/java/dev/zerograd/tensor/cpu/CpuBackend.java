package dev.zerograd.tensor.cpu;

import dev.zerograd.tensor.spi.Kernels;
import dev.zerograd.tensor.spi.KernelsProvider;

/**
 * Registers the CPU backend ({@code cpu}) with {@link java.util.ServiceLoader}; the front finds
 * it as {@code Backend.cpu()}. Public only because the service loader needs it to be.
 */
public final class CpuBackend implements KernelsProvider {
  /** For {@link java.util.ServiceLoader}. */
  public CpuBackend() {}

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public Kernels kernels() {
    return CpuKernels.INSTANCE;
  }
}
