/**
 * N-dimensional arrays of float32 and float64 numbers: {@link dev.zerograd.tensor.Tensor}.
 *
 * <p>This package is the public front. A tensor is a strided view over a {@link
 * dev.zerograd.tensor.spi.Storage}; its methods check arguments, compute shapes (NumPy broadcasting,
 * views that share storage) and hand the work to the {@link dev.zerograd.tensor.spi.Kernels} of
 * the tensor's {@link dev.zerograd.tensor.Backend}. The CPU backend ({@code dev.zerograd.tensor.cpu}) keeps storage in Java
 * arrays, which BLAS receives without copies (see {@link dev.zerograd.tensor.cpu.Blas}). The layers
 * and how a second backend plugs in: {@code docs/architecture.md}.
 *
 * <p>Tensors are immutable values, except for the methods whose names end in {@code InPlace},
 * which exist for optimiser updates and other hot paths, say so, and count each write in the
 * storage's version.
 *
 * <p>This package knows nothing of gradients; {@code dev.zerograd.autograd} builds on it.
 */
package dev.zerograd.tensor;
