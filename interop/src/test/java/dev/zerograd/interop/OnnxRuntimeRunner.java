package dev.zerograd.interop;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (the real one, from Maven Central) on a zerograd tensor. */
final class OnnxRuntimeRunner {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  private OnnxRuntimeRunner() {}

  static Tensor run(byte[] model, Tensor x) throws OrtException {
    long[] shape = Arrays.stream(x.shape().toArray()).asLongStream().toArray();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = ENV.createSession(model, options);
          OnnxTensor input =
              x.dtype() == DType.FLOAT32
                  ? OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x.toFloatArray()), shape)
                  : OnnxTensor.createTensor(ENV, DoubleBuffer.wrap(x.toDoubleArray()), shape);
          OrtSession.Result result = session.run(Map.of("input", input))) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        int[] dims = Arrays.stream(out.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
        if (x.dtype() == DType.FLOAT32) {
          FloatBuffer b = out.getFloatBuffer();
          float[] v = new float[b.remaining()];
          b.get(v);
          return Tensor.of(v, dims);
        }
        DoubleBuffer b = out.getDoubleBuffer();
        double[] v = new double[b.remaining()];
        b.get(v);
        return Tensor.of(v, dims);
      }
    }
  }
}
