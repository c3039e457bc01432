package dev.zerograd.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.zerograd.autograd.Variable;
import dev.zerograd.interop.onnx.Onnx;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.AvgPool2d;
import dev.zerograd.nn.BatchNorm;
import dev.zerograd.nn.BatchNorm1d;
import dev.zerograd.nn.BatchNorm2d;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Conv2d;
import dev.zerograd.nn.Flatten;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.MaxPool2d;
import dev.zerograd.nn.Relu;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.Sigmoid;
import dev.zerograd.nn.SimpleConvNet;
import dev.zerograd.nn.Tanh;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX files exported by PyTorch ({@code torch_onnx_fixtures.py}: regenerated here when python3
 * with torch is present, the committed copies otherwise) import with PyTorch's outputs, within
 * twice the rounding bound of the same layers evaluated by zerograd, and train.
 */
class OnnxImportTest {
  private static final DType F32 = DType.FLOAT32;
  @TempDir static Path fixtures;
  private static Map<String, Tensor> outputs;

  @BeforeAll
  static void fixtures() throws Exception {
    if (!regenerate(fixtures)) {
      for (String f : List.of("mlp.onnx", "simpleconvnet.onnx", "mixed.onnx", "outputs.npz")) {
        try (InputStream in = OnnxImportTest.class.getResourceAsStream("torch/" + f)) {
          Files.copy(in, fixtures.resolve(f));
        }
      }
    }
    outputs = Checkpoint.read(fixtures.resolve("outputs.npz"));
  }

  /** Runs the committed script with the machine's PyTorch; false when there is none. */
  private static boolean regenerate(Path dir) throws Exception {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)) {
      return false;
    }
    Path script = dir.resolve("torch_onnx_fixtures.py");
    try (InputStream in = OnnxImportTest.class.getResourceAsStream("torch_onnx_fixtures.py")) {
      Files.copy(in, script);
    }
    Process probe = new ProcessBuilder(python.toString(), "-c", "import torch, numpy").start();
    if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
      return false;
    }
    Process p =
        new ProcessBuilder(python.toString(), script.toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, out);
    return true;
  }

  /** The imported parameter or buffer {@code name} ("0.weight"). */
  private static Tensor array(OnnxModel m, String name) {
    Variable p = m.namedParameters().get(name);
    return p != null ? p.value() : m.namedBuffers().get(name);
  }

  private static Affine linear(OnnxModel m, String prefix) {
    // PyTorch's Linear keeps (out, in); Affine (in, out).
    return new Affine(
        Variable.parameter(array(m, prefix + ".weight").transpose().contiguous(), "W"),
        Variable.parameter(array(m, prefix + ".bias"), "b"));
  }

  private static Conv2d conv(OnnxModel m, String prefix, int pad) {
    Tensor w = array(m, prefix + ".weight");
    Conv2d c = new Conv2d(w.dim(1), w.dim(0), w.dim(2), 1, pad, Init.he(), F32, new Generator(0));
    c.weight().value().assignInPlace(w);
    c.bias().value().assignInPlace(array(m, prefix + ".bias"));
    return c;
  }

  private static <B extends BatchNorm> B norm(OnnxModel m, String prefix, B bn) {
    bn.gamma().value().assignInPlace(array(m, prefix + ".weight"));
    bn.beta().value().assignInPlace(array(m, prefix + ".bias"));
    bn.runningMean().assignInPlace(array(m, prefix + ".running_mean"));
    bn.runningVar().assignInPlace(array(m, prefix + ".running_var"));
    bn.eval();
    return bn;
  }

  /** The fixture's net written with zerograd's layers and the imported weights. */
  private static Sequential layers(String name, OnnxModel m) {
    switch (name) {
      case "mlp":
        return new Sequential().add("0", linear(m, "0")).add("1", new Relu()).add("2", linear(m, "2"));
      case "simpleconvnet":
        return new Sequential()
            .add("0", conv(m, "0", 0))
            .add("1", new Relu())
            .add("2", new MaxPool2d(2, 2))
            .add("3", new Flatten())
            .add("4", linear(m, "4"))
            .add("5", new Relu())
            .add("6", linear(m, "6"));
      default:
        return new Sequential()
            .add("0", conv(m, "0", 1))
            .add("1", new Relu())
            .add("2", norm(m, "2", new BatchNorm2d(4, F32)))
            .add("3", new AvgPool2d(2, 2))
            .add("5", new Flatten())
            .add("6", linear(m, "6"))
            .add("7", norm(m, "7", new BatchNorm1d(12, F32)))
            .add("8", new Sigmoid())
            .add("9", linear(m, "9"))
            .add("10", new Tanh());
    }
  }

  @Test
  void pytorchsOnnxFilesImportWithPytorchsOutputs() throws Exception {
    for (String name : List.of("mlp", "simpleconvnet", "mixed")) {
      OnnxModel model = OnnxModel.read(fixtures.resolve(name + ".onnx"));
      Tensor x = outputs.get(name + "_input");
      Tensor torch = outputs.get(name + "_output");
      Tensor ours = model.predict(x);
      assertEquals(torch.shape(), ours.shape(), name);
      ForwardBound.Approx a = ForwardBound.through(layers(name, model), ForwardBound.Approx.exact(x));
      Tensor bound = a.error();
      if (name.equals("mixed")) { // then the softmax
        bound = Rounding.softmaxErrorBound(a.value(), a.error());
      }
      bound = bound.mul(2);
      assertTrue(Rounding.within(ours, torch, bound), name + ": " + Rounding.describe(ours, torch, bound));
      assertArrayEquals(inputDims(name), model.inputDims(), name);
    }
  }

  private static int[] inputDims(String name) {
    return switch (name) {
      case "mlp" -> new int[] {20};
      case "simpleconvnet" -> new int[] {1, 28, 28};
      default -> new int[] {2, 8, 8};
    };
  }

  @Test
  void anImportedModelTrainsItsWeightsAreParameters() throws Exception {
    OnnxModel model = OnnxModel.read(fixtures.resolve("mlp.onnx"));
    assertEquals(
        List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.namedParameters().keySet()));
    Generator g = new Generator(4);
    Tensor x = g.uniform(F32, 0, 1, 16, 20);
    int[] labels = g.integers(0, 10, 16);
    SGD sgd = new SGD(model, 0.5);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 40; step++) {
      sgd.zeroGrad();
      Variable loss = Losses.crossEntropy(model.forward(Variable.of(x)), labels);
      loss.backward();
      sgd.step();
      last = loss.item();
      first = step == 0 ? last : first;
    }
    // A fixed batch of 16 rows: gradient descent memorises it, far below the start (log 10).
    assertTrue(last < first / 2, "loss " + first + " -> " + last);
  }

  @Test
  void ourExportReadsBackAsTheSameNet() throws Exception {
    for (DType dt : DType.values()) {
      SimpleConvNet net = new SimpleConvNet(1, 10, 10, 3, 3, 8, 4, 0.3, dt, 9);
      OnnxModel back = OnnxModel.fromBytes(OnnxExport.toBytes(net, 100), "exported");
      assertEquals(dt, back.dtype());
      assertArrayEquals(new int[] {100}, back.inputDims());
      Tensor x = new Generator(2).uniform(dt, 0, 1, 3, 100);
      Tensor a = net.predict(x);
      Tensor b = back.predict(x);
      // The same ops on the same numbers (Gemm read back as matmul and add): a product's
      // rounding apart at most, which float64 makes tiny and float32 small.
      Tensor bound = a.to(DType.FLOAT64).abs().add(1).mul(Rounding.gamma(dt, 10 * 8 * 8 * 3 + 100));
      assertTrue(Rounding.within(a, b, bound), dt + ": " + Rounding.describe(a, b, bound));
    }
  }

  @Test
  void everyNodeThatCannotBeReadIsListedInOneError() {
    Onnx.GraphProto.Builder g =
        Onnx.GraphProto.newBuilder()
            .addInput(Onnx.ValueInfoProto.newBuilder().setName("input"))
            .addOutput(Onnx.ValueInfoProto.newBuilder().setName("output"))
            .addNode(Onnx.NodeProto.newBuilder().setName("rnn").setOpType("LSTM").addInput("input").addOutput("h"))
            .addNode(
                Onnx.NodeProto.newBuilder()
                    .setName("lopsided")
                    .setOpType("Conv")
                    .addInput("h")
                    .addInput("w")
                    .addOutput("c")
                    .addAttribute(
                        Onnx.AttributeProto.newBuilder()
                            .setName("pads")
                            .setType(Onnx.AttributeProto.AttributeType.INTS)
                            .addAllInts(List.of(1L, 0L, 0L, 1L))))
            .addNode(
                Onnx.NodeProto.newBuilder()
                    .setName("odd")
                    .setOpType("Relu")
                    .addInput("c")
                    .addOutput("output")
                    .addAttribute(
                        Onnx.AttributeProto.newBuilder().setName("alpha").setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(1)));
    byte[] bytes =
        Onnx.ModelProto.newBuilder()
            .setIrVersion(8)
            .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(17))
            .setGraph(g)
            .build()
            .toByteArray();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxModel.fromBytes(bytes, "model.onnx"));
    assertEquals(
        "model.onnx: cannot import 3 node(s): node 'rnn' (LSTM): operator not supported; node"
            + " 'lopsided' (Conv): pads [1, 0, 0, 1] (only 2-D padding with the same amount before"
            + " and after each axis); node 'odd' (Relu): attribute alpha not supported",
        e.getMessage());
  }

  @Test
  void garbageAndOldOpsetsAreNamed(@TempDir Path dir) throws IOException {
    Path garbage = Files.write(dir.resolve("x.onnx"), new byte[] {1, 2, 3, 4, 5});
    IOException e = assertThrows(IOException.class, () -> OnnxModel.read(garbage));
    assertTrue(e.getMessage().startsWith(garbage + ": not an ONNX model"), e.getMessage());
    byte[] old =
        Onnx.ModelProto.newBuilder()
            .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(9))
            .setGraph(Onnx.GraphProto.newBuilder().setName("g"))
            .build()
            .toByteArray();
    IllegalArgumentException o =
        assertThrows(IllegalArgumentException.class, () -> OnnxModel.fromBytes(old, "old.onnx"));
    assertTrue(o.getMessage().startsWith("old.onnx: the model uses opset 9"), o.getMessage());
    Onnx.TensorProto external =
        Onnx.TensorProto.newBuilder()
            .setName("w")
            .setDataType(1)
            .addDims(2)
            .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
            .setRawData(ByteString.EMPTY)
            .build();
    IOException x = assertThrows(IOException.class, () -> OnnxModel.tensor("m.onnx", external));
    assertTrue(x.getMessage().contains("external file"), x.getMessage());
  }
}
