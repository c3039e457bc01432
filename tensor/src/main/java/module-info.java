/**
 * n-d float32/float64 arrays: broadcasting, views, reductions, gathers, windows and matrix
 * products through BLAS. {@code dev.zerograd.tensor} is the front; {@code
 * dev.zerograd.tensor.spi} is the seam a backend implements and registers as a {@link
 * dev.zerograd.tensor.spi.KernelsProvider}; {@code dev.zerograd.tensor.cpu} exports only {@code
 * Blas} (the CPU backend's BLAS settings) and its provider; the {@code checked} backend stays
 * inside.
 */
module dev.zerograd.tensor {
  requires com.google.common;
  requires dev.ludovic.netlib.blas;
  requires java.logging;
  requires org.bytedeco.javacpp;
  requires org.bytedeco.openblas;

  exports dev.zerograd.tensor;
  exports dev.zerograd.tensor.spi;
  exports dev.zerograd.tensor.cpu;

  uses dev.zerograd.tensor.spi.KernelsProvider;

  provides dev.zerograd.tensor.spi.KernelsProvider with
      dev.zerograd.tensor.cpu.CpuBackend,
      dev.zerograd.tensor.checked.CheckedBackend;
}
