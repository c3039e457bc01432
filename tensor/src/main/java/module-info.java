/**
 * n-d float32/float64 arrays: broadcasting, views, reductions, gathers, windows and matrix
 * products through BLAS. {@code dev.zerograd.tensor} is the front; {@code
 * dev.zerograd.tensor.spi} is the seam a backend implements; the CPU backend stays inside.
 */
module dev.zerograd.tensor {
  requires com.google.common;
  requires dev.ludovic.netlib.blas;
  requires java.logging;
  requires org.bytedeco.javacpp;
  requires org.bytedeco.openblas;

  exports dev.zerograd.tensor;
  exports dev.zerograd.tensor.spi;
}
