/**
 * Neural-network building blocks on top of autograd: {@link dev.zerograd.nn.Module} with named
 * parameters, the textbook's layers ({@link dev.zerograd.nn.Affine}, {@link dev.zerograd.nn.Relu},
 * {@link dev.zerograd.nn.Sigmoid}, {@link dev.zerograd.nn.SoftmaxWithLoss}), containers ({@link
 * dev.zerograd.nn.Sequential}, {@link dev.zerograd.nn.Mlp}), the chapter's {@link
 * dev.zerograd.nn.TwoLayerNet}, initialisers ({@link dev.zerograd.nn.Init}) and NumPy {@code .npz}
 * checkpoints ({@link dev.zerograd.nn.Checkpoint}). Optimisers are in {@code
 * dev.zerograd.nn.optim}; fused ops in {@code dev.zerograd.nn.ops}.
 */
package dev.zerograd.nn;
