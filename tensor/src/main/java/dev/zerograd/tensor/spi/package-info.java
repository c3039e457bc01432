/**
 * The seam between the public tensor API and the memory and kernels behind it: {@link
 * dev.zerograd.tensor.spi.Kernels}, the interface a backend implements, and {@link
 * dev.zerograd.tensor.spi.View}, a tensor as a kernel sees it.
 *
 * <p>Users never need this package; a backend author implements {@code Kernels}, a {@link
 * dev.zerograd.tensor.spi.Storage} of its own and a {@link
 * dev.zerograd.tensor.spi.KernelsProvider} that registers them. See {@code docs/architecture.md}.
 */
package dev.zerograd.tensor.spi;
