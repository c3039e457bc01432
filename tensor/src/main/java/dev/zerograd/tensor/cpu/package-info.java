/**
 * The CPU backend behind {@link dev.zerograd.tensor.Tensor}: heap storage ({@code float[]},
 * {@code double[]}) handed to BLAS without copies, and the kernels of {@link
 * dev.zerograd.tensor.spi.Kernels} written for it. A new kernel for the CPU goes in the class of
 * its group: {@code Elementwise}, {@code Reductions}, {@code Products} (BLAS), {@code Indexing}.
 *
 * <p>Not for users: only {@link dev.zerograd.tensor.cpu.CpuKernels} (the backend) and {@link
 * dev.zerograd.tensor.cpu.CpuBlas} (reached through {@link dev.zerograd.tensor.Blas}) are public,
 * and only so that the front package can reach them.
 */
package dev.zerograd.tensor.cpu;
