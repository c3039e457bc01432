/**
 * MNIST: reading the idx files ({@link dev.zerograd.examples.mnist.Idx}), the dataset ({@link
 * dev.zerograd.examples.mnist.Mnist}), and finding or fetching the files ({@link
 * dev.zerograd.examples.mnist.MnistLocator}).
 */
package dev.zerograd.examples.mnist;
