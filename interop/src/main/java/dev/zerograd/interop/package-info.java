/**
 * Models in and out of zerograd: {@link dev.zerograd.interop.OnnxExport} writes a module as an
 * ONNX graph that ONNX Runtime runs, {@link dev.zerograd.interop.OnnxModel} reads one back as a
 * trainable module, {@link dev.zerograd.interop.Safetensors} reads and writes the safetensors
 * format, and {@link dev.zerograd.interop.StateDicts} names and lays out a module's arrays as
 * PyTorch's {@code state_dict} does.
 */
package dev.zerograd.interop;
