/**
 * Fused ops of the layers, written against the public {@link dev.zerograd.autograd.Op} API:
 * {@link dev.zerograd.nn.ops.AffineOp} ({@code x W + b} in one op) and {@link
 * dev.zerograd.nn.ops.SoftmaxCrossEntropy} (softmax and cross-entropy in one numerically stable
 * op, whose backward is {@code (y - t) / N}).
 */
package dev.zerograd.nn.ops;
