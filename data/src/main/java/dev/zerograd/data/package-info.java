/**
 * Data for training: {@link dev.zerograd.data.Dataset} (rows on demand), {@link
 * dev.zerograd.data.TensorDataset} (rows in memory) and {@link dev.zerograd.data.DataLoader}
 * (seeded mini-batches, shuffled or sampled with replacement, optionally prefetched). The MNIST
 * and Fashion-MNIST readers are in {@code dev.zerograd.data.mnist}.
 */
package dev.zerograd.data;
