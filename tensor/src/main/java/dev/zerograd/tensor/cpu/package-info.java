/**
 * The CPU backend: heap storage ({@code float[]}, {@code double[]}) handed to BLAS without copies,
 * and the kernels of {@link dev.zerograd.tensor.spi.Kernels} written for it. A new kernel for the
 * CPU goes in the class of its group: {@code Elementwise}, {@code Reductions}, {@code Products}
 * (BLAS), {@code Indexing}.
 *
 * <p>Public here: {@link dev.zerograd.tensor.cpu.Blas} (which BLAS runs, its threads) and {@link
 * dev.zerograd.tensor.cpu.CpuBackend}, the provider the service loader needs; the kernels and
 * storage are package-private. The front ({@code dev.zerograd.tensor}) finds this backend by name,
 * through {@link dev.zerograd.tensor.spi.KernelsProvider}, and imports nothing from here.
 */
package dev.zerograd.tensor.cpu;
