/**
 * N-dimensional arrays of float32 and float64 numbers: {@link dev.zerograd.tensor.Tensor}.
 *
 * <p>Tensors are row-major views over primitive Java arrays, so that BLAS receives them without
 * copies. Binary operations broadcast like NumPy; transposes, reshapes and slices are views where
 * possible; reductions take any set of axes with {@code keepDims}. Matrix products go through the
 * netlib-java BLAS API, backed by the bundled OpenBLAS (see {@link dev.zerograd.tensor.Blas}).
 *
 * <p>Tensors are immutable values, except for the methods whose names end in {@code InPlace},
 * which exist for optimiser updates and other hot paths and say so.
 *
 * <p>This package knows nothing of gradients; {@code dev.zerograd.autograd} builds on it.
 */
package dev.zerograd.tensor;
