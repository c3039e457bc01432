package dev.zerograd.interop;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.ByteString;
import dev.zerograd.autograd.AnomalyMode;
import dev.zerograd.autograd.Graph;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.ops.Add;
import dev.zerograd.autograd.ops.Cast;
import dev.zerograd.autograd.ops.Concat;
import dev.zerograd.autograd.ops.Conv2d;
import dev.zerograd.autograd.ops.Copy;
import dev.zerograd.autograd.ops.Div;
import dev.zerograd.autograd.ops.LogSoftmax;
import dev.zerograd.autograd.ops.MatMul;
import dev.zerograd.autograd.ops.MaxAlongAxis;
import dev.zerograd.autograd.ops.Maximum;
import dev.zerograd.autograd.ops.Minimum;
import dev.zerograd.autograd.ops.Mul;
import dev.zerograd.autograd.ops.Pow;
import dev.zerograd.autograd.ops.Reshape;
import dev.zerograd.autograd.ops.Slice;
import dev.zerograd.autograd.ops.Softmax;
import dev.zerograd.autograd.ops.Sub;
import dev.zerograd.autograd.ops.Sum;
import dev.zerograd.autograd.ops.Transpose;
import dev.zerograd.autograd.ops.Unary;
import dev.zerograd.autograd.ops.Where;
import dev.zerograd.interop.onnx.Onnx;
import dev.zerograd.nn.AtomicFile;
import dev.zerograd.nn.EvalMode;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.ops.AffineOp;
import dev.zerograd.nn.ops.AvgPool2dOp;
import dev.zerograd.nn.ops.MaxPool2dOp;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import dev.zerograd.tensor.spi.UnaryOp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a module as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION}) that
 * ONNX Runtime and other ONNX tools run: input {@code input} and output {@code output}, with a
 * dynamic batch axis, float32 or float64 as the module's parameters are.
 *
 * <p>The graph is traced, as PyTorch's {@code torch.onnx.export} traces: the module's forward
 * runs in evaluation mode on a sample batch and every op it records becomes ONNX nodes (an
 * Affine layer's op a {@code Gemm}, a convolution a {@code Conv}, the poolings {@code MaxPool}
 * and {@code AveragePool}, batch norm in evaluation mode its arithmetic, dropout nothing), so any
 * module composed of exportable layers and ops exports, the library's and a user's alike.
 * Parameters become initializers under their names; values computed from parameters alone are
 * computed by the graph, not folded. The forward runs twice, on batches of two sizes, to tell a
 * reshape's batch dimension from its fixed ones. An op without an ONNX translation (a custom op)
 * is one error naming the op and the module that called it.
 */
public final class OnnxExport {
  /** The ONNX operator set written. */
  public static final int OPSET = 17;

  /** The ONNX IR version written (the one opset 17 belongs to). */
  public static final int IR_VERSION = 8;

  private OnnxExport() {}

  /**
   * Writes {@code model} to {@code file} as ONNX, atomically.
   *
   * @param model the module
   * @param file the file, conventionally {@code .onnx}
   * @param inputDims one sample's dimensions, without the batch axis ({@code 784} for MNIST rows,
   *     {@code 1, 28, 28} for images)
   * @throws IOException naming the file when it cannot be written
   * @throws IllegalArgumentException as {@link #toBytes}
   */
  public static void write(Module model, Path file, int... inputDims) throws IOException {
    byte[] bytes = toBytes(model, inputDims);
    AtomicFile.write(checkNotNull(file, "OnnxExport.write: file is null"), out -> out.write(bytes));
  }

  /**
   * The ONNX model of {@code model}, serialized.
   *
   * @param model the module
   * @param inputDims one sample's dimensions, without the batch axis
   * @return the model's bytes
   * @throws IllegalArgumentException naming each op without an ONNX translation and the module
   *     that called it, or when the forward pass fails on a batch of that shape
   */
  public static byte[] toBytes(Module model, int... inputDims) {
    return model(model, inputDims).toByteArray();
  }

  /** The ModelProto of {@code model}. */
  static Onnx.ModelProto model(Module model, int... inputDims) {
    checkNotNull(model, "OnnxExport: model is null");
    checkNotNull(inputDims, "OnnxExport: inputDims is null");
    List<Variable> ps = model.parameters();
    DType dtype = ps.isEmpty() ? DType.FLOAT32 : ps.get(0).dtype();
    Trace a = trace(model, dtype, 2, inputDims);
    Trace b = trace(model, dtype, 3, inputDims);
    checkArgument(
        a.steps.size() == b.steps.size(),
        "OnnxExport: %s records %s ops on a batch of 2 but %s on a batch of 3; a traced graph"
            + " must not depend on the batch size",
        model.getClass().getSimpleName(),
        a.steps.size(),
        b.steps.size());
    return new Builder(model, dtype, a, b, inputDims).build();
  }

  /** One traced forward pass. */
  private static final class Trace {
    final Variable input;
    final Variable output;
    final List<Graph.Step> steps;

    Trace(Variable input, Variable output, List<Graph.Step> steps) {
      this.input = input;
      this.output = output;
      this.steps = steps;
    }
  }

  private static Trace trace(Module model, DType dtype, int batch, int[] inputDims) {
    int[] dims = new int[inputDims.length + 1];
    dims[0] = batch;
    System.arraycopy(inputDims, 0, dims, 1, inputDims.length);
    Variable x = Variable.parameter(new Generator(batch).uniform(dtype, 0, 1, dims), "input");
    Variable y;
    try (EvalMode eval = EvalMode.enter();
        AnomalyMode sites = AnomalyMode.enable()) {
      y = model.forward(x);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          String.format(
              "OnnxExport: %s's forward fails on a batch of shape %s (%s); give one sample's"
                  + " dimensions, without the batch axis",
              model.getClass().getSimpleName(), Arrays.toString(dims), e.getMessage()),
          e);
    }
    checkArgument(
        y.requiresGrad(),
        "OnnxExport: %s's output does not depend on its input",
        model.getClass().getSimpleName());
    return new Trace(x, y, Graph.of(y));
  }

  /** Translates the traced steps into a graph. */
  private static final class Builder {
    private final Module model;
    private final DType dtype;
    private final Trace a;
    private final Trace b;
    private final int[] inputDims;
    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final Map<Variable, String> names = new IdentityHashMap<>();
    private final Map<Variable, String> parameterNames = new IdentityHashMap<>();
    private final Map<Variable, Variable> twin = new IdentityHashMap<>();
    private final List<String> unsupported = new ArrayList<>();
    private int counter;

    Builder(Module model, DType dtype, Trace a, Trace b, int[] inputDims) {
      this.model = model;
      this.dtype = dtype;
      this.a = a;
      this.b = b;
      this.inputDims = inputDims;
      model.namedParameters().forEach((n, p) -> parameterNames.put(p, n));
    }

    Onnx.ModelProto build() {
      names.put(a.input, "input");
      twin.put(a.input, b.input);
      for (int i = 0; i < a.steps.size(); i++) {
        Graph.Step s = a.steps.get(i);
        Graph.Step t = b.steps.get(i);
        twin.put(s.output(), t.output());
        names.put(s.output(), s.output() == a.output ? "output" : fresh(s.op().name()));
        translate(s);
      }
      checkArgument(
          unsupported.isEmpty(),
          "OnnxExport: %s cannot be exported: %s; build it from exportable layers and ops (see"
              + " OnnxExport's documentation) or leave the custom op out of the exported module",
          model.getClass().getSimpleName(),
          String.join("; ", unsupported));
      Onnx.TensorProto.DataType elem = elemType(dtype);
      graph.setName(model.getClass().getSimpleName());
      graph.addInput(valueInfo("input", elem, a.input.shape(), b.input.shape()));
      graph.addOutput(valueInfo("output", elem, a.output.shape(), twin.get(a.output).shape()));
      return Onnx.ModelProto.newBuilder()
          .setIrVersion(IR_VERSION)
          .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
          .setProducerName("zerograd")
          .setProducerVersion(Versions.zerograd())
          .setGraph(graph)
          .addMetadataProps(
              Onnx.StringStringEntryProto.newBuilder()
                  .setKey("zerograd.input")
                  .setValue(Arrays.toString(inputDims)))
          .build();
    }

    private String fresh(String op) {
      return op + "_" + counter++;
    }

    /** The name of a step's input: an earlier output, the graph input, or an initializer. */
    private String in(Variable v) {
      String n = names.get(v);
      if (n != null) {
        return n;
      }
      String name = parameterNames.getOrDefault(v, null);
      if (name == null) {
        name = fresh(v.name() == null ? "constant" : v.name());
      }
      graph.addInitializer(tensor(name, v.value().to(dtype)));
      names.put(v, name);
      return name;
    }

    private String int64s(long... values) {
      String name = fresh("shape");
      Onnx.TensorProto.Builder t =
          Onnx.TensorProto.newBuilder()
              .setName(name)
              .setDataType(Onnx.TensorProto.DataType.INT64_VALUE)
              .addDims(values.length);
      for (long v : values) {
        t.addInt64Data(v);
      }
      graph.addInitializer(t);
      return name;
    }

    private Onnx.NodeProto.Builder node(String op, String output, String... inputs) {
      Onnx.NodeProto.Builder n =
          Onnx.NodeProto.newBuilder().setOpType(op).setName(output + "/" + op).addOutput(output);
      for (String i : inputs) {
        n.addInput(i);
      }
      return n;
    }

    /** A pooling node's window: square kernel, equal strides, the same padding on every side. */
    private static Onnx.NodeProto.Builder pool(
        Onnx.NodeProto.Builder n, int kernel, int stride, int padding) {
      return n.addAttribute(ints("kernel_shape", kernel, kernel))
          .addAttribute(ints("strides", stride, stride))
          .addAttribute(ints("pads", padding, padding, padding, padding));
    }

    private static Onnx.AttributeProto ints(String name, long... v) {
      Onnx.AttributeProto.Builder a =
          Onnx.AttributeProto.newBuilder()
              .setName(name)
              .setType(Onnx.AttributeProto.AttributeType.INTS);
      for (long x : v) {
        a.addInts(x);
      }
      return a.build();
    }

    private static Onnx.AttributeProto integer(String name, long v) {
      return Onnx.AttributeProto.newBuilder()
          .setName(name)
          .setType(Onnx.AttributeProto.AttributeType.INT)
          .setI(v)
          .build();
    }

    private static int axis(int axis, int rank) {
      return axis < 0 ? axis + rank : axis;
    }

    private String[] all(List<Variable> in) {
      String[] out = new String[in.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = in(in.get(i));
      }
      return out;
    }

    /** Emits the nodes of one step, or notes why it cannot be exported. */
    private void translate(Graph.Step s) {
      Op op = s.op();
      String out = names.get(s.output());
      List<Variable> in = s.inputs();
      int rank = in.isEmpty() ? 0 : in.get(0).rank();
      Onnx.NodeProto.Builder n;
      if (op instanceof AffineOp) {
        n = node("Gemm", out, in(in.get(0)), in(in.get(1)), in(in.get(2)));
      } else if (op instanceof MatMul) {
        n = node("MatMul", out, in(in.get(0)), in(in.get(1)));
      } else if (op instanceof Conv2d c) {
        int[] w = in.get(1).shape().toArray();
        n =
            node("Conv", out, in(in.get(0)), in(in.get(1)))
                .addAttribute(ints("kernel_shape", w[2], w[3]))
                .addAttribute(ints("strides", c.spec().strideH(), c.spec().strideW()))
                .addAttribute(
                    ints("pads", c.spec().padH(), c.spec().padW(), c.spec().padH(), c.spec().padW()))
                .addAttribute(ints("dilations", c.spec().dilationH(), c.spec().dilationW()))
                .addAttribute(integer("group", c.spec().groups()));
      } else if (op instanceof MaxPool2dOp p) {
        n =
            pool(node("MaxPool", out, in(in.get(0))), p.kernel(), p.stride(), p.padding())
                .addAttribute(integer("ceil_mode", p.ceilMode() ? 1 : 0));
      } else if (op instanceof AvgPool2dOp p && p.ceilMode() && p.countIncludePad()) {
        // Measured: ONNX Runtime divides a last, partial window by the whole kernel's size,
        // PyTorch (and zerograd) by the part that lies inside the padded image.
        unsupported.add(
            describe(s).replace(" has no ONNX translation", "")
                + " is average pooling in ceil mode counting the padding, whose last windows"
                + " ONNX Runtime averages differently from PyTorch; build the layer with"
                + " countIncludePad false or ceil mode off");
        return;
      } else if (op instanceof AvgPool2dOp p) {
        n =
            pool(node("AveragePool", out, in(in.get(0))), p.kernel(), p.stride(), p.padding())
                .addAttribute(integer("ceil_mode", p.ceilMode() ? 1 : 0))
                .addAttribute(integer("count_include_pad", p.countIncludePad() ? 1 : 0));
      } else if (op instanceof Unary u && UNARY.containsKey(u.function())) {
        n = node(UNARY.get(u.function()), out, all(in));
      } else if (ELEMENTWISE.containsKey(op.getClass())) {
        n = node(ELEMENTWISE.get(op.getClass()), out, all(in));
      } else if (op instanceof Reshape) {
        n = node("Reshape", out, in(in.get(0)), int64s(reshapeTarget(s)));
      } else if (op instanceof Transpose t) {
        int[] axes = t.axes();
        long[] perm = new long[axes.length == 0 ? rank : axes.length];
        for (int i = 0; i < perm.length; i++) {
          perm[i] = axes.length == 0 ? rank - 1 - i : axis(axes[i], rank);
        }
        n = node("Transpose", out, in(in.get(0))).addAttribute(ints("perm", perm));
      } else if (op instanceof Sum r) {
        int[] axes = r.axes();
        long[] all = new long[axes.length == 0 ? rank : axes.length];
        for (int i = 0; i < all.length; i++) {
          all[i] = axes.length == 0 ? i : axis(axes[i], rank);
        }
        n =
            node("ReduceSum", out, in(in.get(0)), int64s(all))
                .addAttribute(integer("keepdims", r.keepDims() ? 1 : 0));
      } else if (op instanceof MaxAlongAxis m) {
        n =
            node("ReduceMax", out, in(in.get(0)))
                .addAttribute(ints("axes", axis(m.axis(), rank)))
                .addAttribute(integer("keepdims", m.keepDims() ? 1 : 0));
      } else if (op instanceof Softmax m) {
        n = node("Softmax", out, in(in.get(0))).addAttribute(integer("axis", axis(m.axis(), rank)));
      } else if (op instanceof LogSoftmax m) {
        n =
            node("LogSoftmax", out, in(in.get(0)))
                .addAttribute(integer("axis", axis(m.axis(), rank)));
      } else if (op instanceof Concat c) {
        n = node("Concat", out, all(in)).addAttribute(integer("axis", axis(c.axis(), rank)));
      } else if (op instanceof Slice c) {
        n =
            node(
                "Slice",
                out,
                in(in.get(0)),
                int64s(c.start()),
                int64s(c.end()),
                int64s(axis(c.axis(), rank)),
                int64s(c.step()));
      } else if (op instanceof Cast c) {
        n = node("Cast", out, in(in.get(0))).addAttribute(integer("to", elemType(c.target()).getNumber()));
      } else if (op instanceof Where) {
        String cond = fresh("condition");
        graph.addNode(
            node("Cast", cond, in(in.get(0)))
                .addAttribute(integer("to", Onnx.TensorProto.DataType.BOOL_VALUE)));
        n = node("Where", out, cond, in(in.get(1)), in(in.get(2)));
      } else {
        unsupported.add(describe(s));
        return;
      }
      graph.addNode(n);
    }

    /**
     * The reshape's target: the traced output shape, with the dimension that follows the batch
     * (the one that differs between the two traces) written as 0 (the input's first dimension)
     * or -1 (inferred).
     */
    private long[] reshapeTarget(Graph.Step s) {
      int[] x = s.output().shape().toArray();
      int[] y = twin.get(s.output()).shape().toArray();
      int[] inA = s.inputs().get(0).shape().toArray();
      Variable inputTwin = twin.get(s.inputs().get(0));
      int[] inB = inputTwin == null ? inA : inputTwin.shape().toArray();
      long[] out = new long[x.length];
      int varying = 0;
      for (int i = 0; i < x.length; i++) {
        out[i] = x[i];
        if (x[i] != y[i]) {
          varying++;
          boolean leading =
              i == 0 && inA.length > 0 && inA[0] == x[0] && inB.length > 0 && inB[0] == y[0];
          out[i] = leading ? 0 : -1;
        }
      }
      checkArgument(
          varying <= 1,
          "OnnxExport: a reshape to %s depends on the batch size in %s dimensions; reshape to"
              + " (N, ...) with one batch dimension",
          s.output().shape(),
          varying);
      return out;
    }

    /** Why a step cannot be exported, naming the op and the module whose forward called it. */
    private String describe(Graph.Step s) {
      Op op = s.op();
      StackTraceElement site = s.site();
      String where = "";
      if (site != null) {
        List<String> paths = new ArrayList<>();
        modulesOfClass(model, "", site.getClassName(), paths);
        where =
            paths.isEmpty()
                ? ", called at " + site
                : ", in module '" + String.join("', '", paths) + "' ("
                    + site.getClassName().substring(site.getClassName().lastIndexOf('.') + 1)
                    + ")";
      }
      return "op '" + op.name() + "' (" + op.getClass().getName() + ")" + where
          + " has no ONNX translation";
    }

    private ByteString bytes(Tensor t) {
      Tensor c = t.contiguous();
      ByteBuffer buf =
          ByteBuffer.allocate(c.size() * c.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
      if (c.dtype() == DType.FLOAT32) {
        buf.asFloatBuffer().put(c.toFloatArray());
      } else {
        buf.asDoubleBuffer().put(c.toDoubleArray());
      }
      return ByteString.copyFrom(buf.array());
    }

    private Onnx.TensorProto tensor(String name, Tensor t) {
      Onnx.TensorProto.Builder b =
          Onnx.TensorProto.newBuilder()
              .setName(name)
              .setDataType(elemType(t.dtype()).getNumber())
              .setRawData(bytes(t));
      for (int d : t.shape().toArray()) {
        b.addDims(d);
      }
      return b.build();
    }

    private static Onnx.ValueInfoProto valueInfo(
        String name, Onnx.TensorProto.DataType elem, Shape a, Shape b) {
      Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
      for (int i = 0; i < a.rank(); i++) {
        Onnx.TensorShapeProto.Dimension.Builder d = Onnx.TensorShapeProto.Dimension.newBuilder();
        if (a.dim(i) != b.dim(i)) {
          d.setDimParam("batch");
        } else {
          d.setDimValue(a.dim(i));
        }
        shape.addDim(d);
      }
      return Onnx.ValueInfoProto.newBuilder()
          .setName(name)
          .setType(
              Onnx.TypeProto.newBuilder()
                  .setTensorType(
                      Onnx.TypeProto.Tensor.newBuilder()
                          .setElemType(elem.getNumber())
                          .setShape(shape)))
          .build();
    }
  }

  /** The paths of the modules in {@code m}'s tree whose class is {@code className}. */
  static void modulesOfClass(Module m, String prefix, String className, List<String> out) {
    if (m.getClass().getName().equals(className)) {
      out.add(prefix.isEmpty() ? "(the model)" : prefix.substring(0, prefix.length() - 1));
    }
    for (Map.Entry<String, Module> e : m.modules().entrySet()) {
      modulesOfClass(e.getValue(), prefix + e.getKey() + ".", className, out);
    }
  }

  static Onnx.TensorProto.DataType elemType(DType t) {
    return t == DType.FLOAT32 ? Onnx.TensorProto.DataType.FLOAT : Onnx.TensorProto.DataType.DOUBLE;
  }

  /** The elementwise ops, each one ONNX operator of the same inputs. */
  private static final Map<Class<? extends Op>, String> ELEMENTWISE = new LinkedHashMap<>();

  static {
    ELEMENTWISE.put(Add.class, "Add");
    ELEMENTWISE.put(Sub.class, "Sub");
    ELEMENTWISE.put(Mul.class, "Mul");
    ELEMENTWISE.put(Div.class, "Div");
    ELEMENTWISE.put(Pow.class, "Pow");
    ELEMENTWISE.put(Maximum.class, "Max");
    ELEMENTWISE.put(Minimum.class, "Min");
    ELEMENTWISE.put(Copy.class, "Identity");
  }

  /** ONNX's operator for each function of {@link Unary} (one it lacks is not exported). */
  private static final Map<UnaryOp, String> UNARY = new EnumMap<>(UnaryOp.class);

  static {
    UNARY.put(UnaryOp.NEG, "Neg");
    UNARY.put(UnaryOp.EXP, "Exp");
    UNARY.put(UnaryOp.LOG, "Log");
    UNARY.put(UnaryOp.SQRT, "Sqrt");
    UNARY.put(UnaryOp.ABS, "Abs");
    UNARY.put(UnaryOp.RELU, "Relu");
    UNARY.put(UnaryOp.SIGMOID, "Sigmoid");
    UNARY.put(UnaryOp.TANH, "Tanh");
  }
}
