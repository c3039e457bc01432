/**
 * The seam between the public tensor API and the memory and kernels behind it: {@link
 * dev.zerograd.tensor.spi.Kernels}, the interface a backend implements, and {@link
 * dev.zerograd.tensor.spi.View}, a tensor as a kernel sees it.
 *
 * <p>Users never need this package; a backend author implements {@code Kernels} and a {@link
 * dev.zerograd.tensor.Storage} of its own. See {@code docs/architecture.md}.
 */
package dev.zerograd.tensor.spi;
