/**
 * The {@code checked} backend: a second backend built only on the SPI ({@link
 * dev.zerograd.tensor.spi}), standing where a GPU would. Its storage is not the host's memory (the
 * CPU kernels cannot read it), its kernels refuse storage of any other backend, and it counts
 * every copy between the host and itself. It computes by handing unwrapped views to the {@code
 * cpu} backend's kernels, found like any backend through {@link
 * dev.zerograd.tensor.spi.KernelsProvider}, so its numbers are the CPU's, bit for bit.
 *
 * <p>Select it with {@code -Dzerograd.backend=checked}: CI runs the tensor, autograd and nn suites
 * on it, and a program run on it shows where it would copy data between host and device.
 */
package dev.zerograd.tensor.checked;
