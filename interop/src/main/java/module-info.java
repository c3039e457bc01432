/**
 * Models in and out of zerograd: ONNX export and import, safetensors, PyTorch's state-dict names
 * and layouts, and optimiser state beside a checkpoint.
 */
module dev.zerograd.interop {
  requires transitive dev.zerograd.nn;
  requires com.google.common;
  requires com.google.gson;
  requires com.google.protobuf;

  exports dev.zerograd.interop;
}
