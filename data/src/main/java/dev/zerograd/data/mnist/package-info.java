/**
 * MNIST: reading the idx files ({@link dev.zerograd.data.mnist.Idx}), the dataset ({@link
 * dev.zerograd.data.mnist.Mnist}), and finding or fetching the files ({@link
 * dev.zerograd.data.mnist.MnistLocator}).
 */
package dev.zerograd.data.mnist;
