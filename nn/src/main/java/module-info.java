/** Layers, losses, optimisers and {@code .npz} checkpoints, on the tape of {@code autograd}. */
module dev.zerograd.nn {
  requires transitive dev.zerograd.autograd;
  requires com.google.common;

  exports dev.zerograd.nn;
  exports dev.zerograd.nn.ops;
  exports dev.zerograd.nn.optim;
}
