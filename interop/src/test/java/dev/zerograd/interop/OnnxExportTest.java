package dev.zerograd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Activation;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.AvgPool2d;
import dev.zerograd.nn.BatchNorm1d;
import dev.zerograd.nn.BatchNorm2d;
import dev.zerograd.nn.Conv2d;
import dev.zerograd.nn.DeepConvNet;
import dev.zerograd.nn.Dropout;
import dev.zerograd.nn.Flatten;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.MaxPool2d;
import dev.zerograd.nn.Mlp;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.Relu;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.Sigmoid;
import dev.zerograd.nn.SimpleConvNet;
import dev.zerograd.nn.Tanh;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exportable layer kind and the book's nets, exported and run by ONNX Runtime: its output
 * equals zerograd's within twice the rounding bound of one evaluation ({@link ForwardBound}),
 * derived from the dtype and each sum's length.
 */
class OnnxExportTest {
  private static final DType F32 = DType.FLOAT32;
  private static final DType F64 = DType.FLOAT64;

  /** A case: a model, one sample's dimensions, and its bound (or null: use ForwardBound). */
  private record Case(String name, Module model, int[] sample) {}

  private static List<Case> cases(DType dt) {
    Generator g = new Generator(7);
    List<Case> c = new ArrayList<>();
    c.add(new Case("affine", new Sequential().add("fc", new Affine(6, 4, Init.he(), dt, g)), new int[] {6}));
    c.add(
        new Case(
            "conv2d stride 2 pad 1",
            new Sequential().add("conv", new Conv2d(2, 3, 3, 2, 1, Init.he(), dt, g)),
            new int[] {2, 7, 6}));
    c.add(
        new Case(
            "conv2d 3x2 filters, stride (2, 1), padding (1, 2), dilation (2, 1), 2 groups, no bias",
            new Sequential()
                .add(
                    "conv",
                    Conv2d.builder(4, 6, 3)
                        .kernel(3, 2)
                        .stride(2, 1)
                        .padding(1, 2)
                        .dilation(2, 1)
                        .groups(2)
                        .bias(false)
                        .dtype(dt)
                        .generator(g)
                        .build()),
            new int[] {4, 7, 5}));
    c.add(
        new Case(
            "depthwise conv2d, PyTorch's default initialisation",
            new Sequential()
                .add("conv", Conv2d.builder(3, 3, 3).groups(3).padding(1).dtype(dt).generator(g).build()),
            new int[] {3, 5, 5}));
    c.add(new Case("max pool", new Sequential().add("pool", new MaxPool2d(2, 2)), new int[] {2, 5, 6}));
    c.add(
        new Case(
            "max pool, padding 1, ceil mode",
            new Sequential().add("pool", new MaxPool2d(3, 2, 1, true)),
            new int[] {2, 6, 5}));
    c.add(
        new Case(
            "average pool, padding 1, padding counted",
            new Sequential().add("pool", new AvgPool2d(3, 2, 1, false, true)),
            new int[] {2, 6, 5}));
    c.add(
        new Case(
            "average pool, padding 1, ceil mode, padding not counted",
            new Sequential().add("pool", new AvgPool2d(3, 2, 1, true, false)),
            new int[] {2, 6, 5}));

    c.add(new Case("average pool", new Sequential().add("pool", new AvgPool2d(3, 2)), new int[] {2, 7, 7}));
    BatchNorm1d bn1 = new BatchNorm1d(5, dt);
    BatchNorm2d bn2 = new BatchNorm2d(3, dt);
    warmUp(bn1, g.normal(dt, 2, 3, 16, 5));
    warmUp(bn2, g.normal(dt, -1, 2, 8, 3, 4, 4));
    c.add(new Case("batch norm 1d (eval)", new Sequential().add("bn", bn1), new int[] {5}));
    c.add(new Case("batch norm 2d (eval)", new Sequential().add("bn", bn2), new int[] {3, 4, 4}));
    c.add(
        new Case(
            "dropout (identity at inference), flatten, activations",
            new Sequential()
                .add("flatten", new Flatten())
                .add("drop", new Dropout(0.5, 1))
                .add("relu", new Relu())
                .add("fc", new Affine(12, 5, Init.he(), dt, g))
                .add("sigmoid", new Sigmoid())
                .add("fc2", new Affine(5, 3, Init.he(), dt, g))
                .add("tanh", new Tanh()),
            new int[] {3, 2, 2}));
    c.add(
        new Case(
            "mlp",
            Mlp.builder().sizes(10, 8, 6, 4).activation(Activation.TANH).dtype(dt).seed(3).build(),
            new int[] {10}));
    c.add(new Case("two-layer net", new TwoLayerNet(784, 50, 10, 0.1, dt, 1), new int[] {784}));
    c.add(new Case("simple convnet (MNIST rows)", new SimpleConvNet(dt, 2), new int[] {784}));
    c.add(new Case("deep convnet, the book's dropout (MNIST rows)", new DeepConvNet(dt, 2), new int[] {784}));
    c.add(
        new Case(
            "simple convnet (images)",
            new SimpleConvNet(1, 12, 12, 4, 3, 10, 5, 0.3, dt, 5),
            new int[] {1, 12, 12}));
    return c;
  }

  /** A few training batches, so that the running statistics are not the initial 0 and 1. */
  private static void warmUp(Module bn, Tensor x) {
    for (int i = 0; i < 3; i++) {
      bn.forward(Variable.of(x.add(i)));
    }
    bn.eval();
  }

  @TestFactory
  Stream<DynamicTest> everyLayerKindAndTheBooksNetsRunInOnnxRuntimeAsInZerograd() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType dt : new DType[] {F32, F64}) {
      for (Case c : cases(dt)) {
        tests.add(
            DynamicTest.dynamicTest(
                c.name + " " + dt,
                () -> {
                  byte[] onnx = OnnxExport.toBytes(c.model, c.sample);
                  // ONNX Runtime's CPU kernels for Conv, MaxPool and AveragePool are float32
                  // only: a float64 graph with them is checked by reading it back instead.
                  boolean ortRuns = dt == F32 || !needsFloat32Kernels(onnx);
                  for (int batch : new int[] {1, 5}) { // the batch axis is dynamic
                    int[] dims = new int[c.sample.length + 1];
                    dims[0] = batch;
                    System.arraycopy(c.sample, 0, dims, 1, c.sample.length);
                    Tensor x = new Generator(batch).uniform(dt, -1, 1, dims);
                    ForwardBound.Approx ours = ForwardBound.evaluate(c.model, x);
                    Tensor theirs =
                        ortRuns
                            ? OnnxRuntimeRunner.run(onnx, x)
                            : OnnxModel.fromBytes(onnx, c.name).predict(x);
                    assertEquals(ours.value().shape(), theirs.shape(), c.name);
                    Tensor bound = ours.error().mul(2);
                    assertTrue(
                        Rounding.within(theirs, ours.value(), bound),
                        c.name + " " + dt + " batch " + batch + ": "
                            + Rounding.describe(theirs, ours.value(), bound));
                  }
                }));
      }
    }
    return tests.stream();
  }

  private static boolean needsFloat32Kernels(byte[] onnx) throws Exception {
    for (dev.zerograd.interop.onnx.Onnx.NodeProto n :
        dev.zerograd.interop.onnx.Onnx.ModelProto.parseFrom(onnx).getGraph().getNodeList()) {
      if (List.of("Conv", "MaxPool", "AveragePool").contains(n.getOpType())) {
        return true;
      }
    }
    return false;
  }

  /** A user's module composed of exportable layers and ops: a residual block. */
  private static final class Residual extends Module {
    private final Affine in;
    private final Affine out;

    Residual(DType dt) {
      Generator g = new Generator(11);
      in = registerModule("in", new Affine(6, 6, Init.he(), dt, g));
      out = registerModule("out", new Affine(6, 3, Init.he(), dt, g));
    }

    @Override
    public Variable forward(Variable x) {
      Variable h = in.forward(x).relu().add(x.mul(0.5)); // a skip connection
      return out.forward(h).softmax(1);
    }
  }

  @Test
  void aUserModuleComposedOfExportableOpsExports() throws Exception {
    Residual net = new Residual(F64);
    byte[] onnx = OnnxExport.toBytes(net, 6);
    Tensor x = new Generator(3).uniform(F64, -1, 1, 4, 6);
    Tensor ours = net.predict(x);
    Tensor theirs = OnnxRuntimeRunner.run(onnx, x);
    // relu(x W + b) + x / 2, an affine map of it, softmax: each step's rounding bound in turn.
    Tensor h = x.matmul(net.in.weight().value()).add(net.in.bias().value()).relu();
    Tensor hError =
        Rounding.affineErrorBound(x, null, net.in.weight().value(), net.in.bias().value());
    Tensor skip = h.add(x.mul(0.5));
    Tensor skipError = hError.add(skip.abs().mul(Rounding.gamma(F64, 2)));
    Tensor scores = skip.matmul(net.out.weight().value()).add(net.out.bias().value());
    Tensor scoreError =
        Rounding.affineErrorBound(skip, skipError, net.out.weight().value(), net.out.bias().value());
    Tensor bound = Rounding.softmaxErrorBound(scores, scoreError).mul(2);
    assertTrue(Rounding.within(theirs, ours, bound), Rounding.describe(theirs, ours, bound));
  }

  /** An op with no ONNX translation, as a user writes one. */
  private static final class Swish extends Op {
    Swish() {
      super("swish", 1);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      return in[0].mul(in[0].sigmoid());
    }

    @Override
    protected Variable[] backward(Context ctx, Variable dy) {
      Variable x = ctx.input(0);
      Variable s = x.sigmoid();
      return new Variable[] {dy.mul(s.add(x.mul(s).mul(s.neg().add(1))))};
    }
  }

  private static final class SwishLayer extends Module {
    @Override
    public Variable forward(Variable x) {
      return new Swish().apply(x);
    }
  }

  @Test
  void aCustomOpIsOneErrorNamingTheOpAndItsModule() {
    Generator g = new Generator(1);
    Sequential net =
        new Sequential()
            .add("fc", new Affine(4, 4, Init.he(), F32, g))
            .add("swish1", new SwishLayer())
            .add("out", new Affine(4, 2, Init.he(), F32, g));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(net, 4));
    assertEquals(
        "OnnxExport: Sequential cannot be exported: op 'swish'"
            + " (dev.zerograd.interop.OnnxExportTest$Swish), in module 'swish1' (OnnxExportTest$SwishLayer)"
            + " has no ONNX translation; build it from exportable layers and ops (see OnnxExport's"
            + " documentation) or leave the custom op out of the exported module",
        e.getMessage());
  }

  @Test
  void averagePoolingThatOnnxRuntimeWouldComputeDifferentlyIsRefused() {
    Sequential net = new Sequential().add("pool", new AvgPool2d(3, 2, 1, true, true));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(net, 2, 6, 5));
    assertTrue(
        e.getMessage()
            .startsWith(
                "OnnxExport: Sequential cannot be exported: op 'avgPool2d'"
                    + " (dev.zerograd.nn.ops.AvgPool2dOp)"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains(
                " is average pooling in ceil mode counting the padding, whose last windows ONNX"
                    + " Runtime averages differently from PyTorch; build the layer with"
                    + " countIncludePad false or ceil mode off"),
        e.getMessage());
  }

  @Test
  void theFileIsAnOnnxModelOfOpset17WithADynamicBatch(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("net.onnx");
    OnnxExport.write(new TwoLayerNet(784, 50, 10, 0.01, F32, 0), file, 784);
    dev.zerograd.interop.onnx.Onnx.ModelProto m =
        dev.zerograd.interop.onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
    assertEquals(OnnxExport.IR_VERSION, m.getIrVersion());
    assertEquals(OnnxExport.OPSET, m.getOpsetImport(0).getVersion());
    assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    assertEquals(784, m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
    Map<String, Integer> ops = new LinkedHashMap<>();
    m.getGraph().getNodeList().forEach(n -> ops.merge(n.getOpType(), 1, Integer::sum));
    assertEquals(Map.of("Gemm", 2, "Relu", 1), ops);
    List<String> initializers = new ArrayList<>();
    m.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
    assertEquals(List.of("W1", "b1", "W2", "b2"), initializers);
    assertEquals(Shape.of(784, 50), Shape.of(m.getGraph().getInitializer(0).getDimsList().stream().mapToInt(Long::intValue).toArray()));
  }

  @Test
  void aWrongSampleShapeIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OnnxExport.toBytes(new TwoLayerNet(784, 50, 10, 0.01, F32, 0), 27));
    assertTrue(
        e.getMessage().startsWith("OnnxExport: TwoLayerNet's forward fails on a batch of shape [2, 27]"),
        e.getMessage());
  }
}
