package dev.zerograd.interop;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.zerograd.autograd.Variable;
import dev.zerograd.interop.onnx.Onnx;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.ops.AvgPool2dOp;
import dev.zerograd.nn.ops.MaxPool2dOp;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model brought into zerograd as a module: its graph runs as zerograd ops, so the module
 * trains, differentiates to any order and saves like any other. Initializers that are weights
 * (of {@code Gemm}, {@code MatMul}, {@code Conv}, {@code BatchNormalization}'s scale and bias, an
 * elementwise op's constant operand) become parameters under their ONNX names ({@code fc1.weight}
 * is parameter {@code weight} of sub-module {@code fc1}); batch norm's mean and variance become
 * buffers; integer tensors (shapes) stay constants.
 *
 * <p>The operators read, opset 13 to 22 of the default domain: {@code Gemm}, {@code MatMul},
 * {@code Add}, {@code Sub}, {@code Mul}, {@code Div}, {@code Relu}, {@code Sigmoid}, {@code Tanh},
 * {@code Conv}, {@code MaxPool}, {@code AveragePool}, {@code BatchNormalization}, {@code Flatten},
 * {@code Reshape}, {@code Transpose}, {@code Dropout}, {@code Softmax}, {@code Identity}, {@code
 * Constant} and a
 * zero {@code Pad} (which PyTorch writes before an {@code AveragePool}), with
 * the attributes zerograd's layers have: {@code Conv} with any 2-D kernel, strides, dilations
 * and groups and padding that is the same before and after each axis (PyTorch's); pooling with
 * square kernels, equal strides, the same padding on every side, ceil mode and (average)
 * count_include_pad, no dilation. Batch normalization always uses its running statistics and dropout
 * passes its input through: the model is imported for inference and for fine-tuning its weights.
 * Anything else is one error listing every node that cannot be read, with its name and op type.
 */
public final class OnnxModel extends Module {
  private final String source;
  private final List<Onnx.NodeProto> nodes;
  private final String inputName;
  private final String outputName;
  private final int[] inputDims;
  private final DType dtype;
  /** Each float initializer or constant by name: a parameter, a buffer's constant, or a value. */
  private final Map<String, Variable> values = new LinkedHashMap<>();
  private final Map<String, long[]> integers = new HashMap<>();

  private OnnxModel(String source, Onnx.ModelProto model) throws IOException {
    this.source = source;
    Onnx.GraphProto g = model.getGraph();
    checkOpset(source, model);
    Map<String, Onnx.TensorProto> initializers = new LinkedHashMap<>();
    for (Onnx.TensorProto t : g.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    List<Onnx.ValueInfoProto> inputs = new ArrayList<>();
    for (Onnx.ValueInfoProto v : g.getInputList()) {
      if (!initializers.containsKey(v.getName())) {
        inputs.add(v);
      }
    }
    checkArgument(
        inputs.size() == 1 && g.getOutputCount() == 1,
        "%s: the graph has %s input(s) and %s output(s); OnnxModel reads graphs of one input and"
            + " one output",
        source,
        inputs.size(),
        g.getOutputCount());
    this.inputName = inputs.get(0).getName();
    this.outputName = g.getOutput(0).getName();
    this.inputDims = dims(inputs.get(0));
    this.nodes = List.copyOf(g.getNodeList());
    // Constant nodes are values, known now: integer ones (shapes, pads) are read by the checks.
    for (Onnx.NodeProto n : nodes) {
      if (n.getOpType().equals("Constant") && has(n, "value")) {
        Onnx.TensorProto t = attribute(n, "value").getT();
        if (isInteger(t)) {
          integers.put(n.getOutput(0), longs(source, t));
        } else {
          values.put(n.getOutput(0), Variable.of(tensor(source, t), n.getOutput(0)));
        }
      }
    }
    checkNodes(source, nodes, integers);
    Set<String> buffers = new HashSet<>();
    Set<String> weights = new HashSet<>();
    for (Onnx.NodeProto n : nodes) {
      switch (n.getOpType()) {
        case "BatchNormalization":
          weights.add(n.getInput(1));
          weights.add(n.getInput(2));
          buffers.add(n.getInput(3));
          buffers.add(n.getInput(4));
          break;
        case "Gemm", "MatMul", "Conv", "Add", "Sub", "Mul", "Div":
          weights.addAll(n.getInputList());
          break;
        default:
          break;
      }
    }
    DType seen = null;
    for (Onnx.TensorProto t : initializers.values()) {
      String name = t.getName();
      if (isInteger(t)) {
        integers.put(name, longs(source, t));
        continue;
      }
      Tensor value = tensor(source, t);
      seen = seen == null ? value.dtype() : seen;
      if (weights.contains(name) && !buffers.contains(name)) {
        values.put(name, holder(name).parameter(leaf(name), value, name));
      } else if (buffers.contains(name)) {
        values.put(name, Variable.of(holder(name).buffer(leaf(name), value), name));
      } else {
        values.put(name, Variable.of(value, name));
      }
    }
    this.dtype = seen == null ? DType.FLOAT32 : seen;
  }

  /**
   * Reads an ONNX model file.
   *
   * @param file the {@code .onnx} file
   * @return the model as a module
   * @throws IOException naming the file when it cannot be read or is not an ONNX model
   * @throws IllegalArgumentException listing every node whose operator or attributes cannot be
   *     read
   */
  public static OnnxModel read(Path file) throws IOException {
    checkNotNull(file, "OnnxModel.read: file is null");
    if (Files.isDirectory(file)) {
      throw new IOException(file + ": is a directory, not an .onnx file");
    }
    return fromBytes(Files.readAllBytes(file), file.toString());
  }

  /**
   * Reads an ONNX model from its bytes.
   *
   * @param bytes the serialized ModelProto
   * @param source where they come from, for messages
   * @return the model as a module
   * @throws IOException when the bytes are not an ONNX model
   * @throws IllegalArgumentException as {@link #read}
   */
  public static OnnxModel fromBytes(byte[] bytes, String source) throws IOException {
    Onnx.ModelProto m;
    try {
      m = Onnx.ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(source + ": not an ONNX model (" + e.getMessage() + ")", e);
    }
    if (!m.hasGraph()) {
      throw new IOException(source + ": not an ONNX model (no graph)");
    }
    return new OnnxModel(source, m);
  }

  /**
   * One sample's dimensions as the model's input declares them, without the batch axis (a
   * dimension the file leaves symbolic is -1).
   *
   * @return the dimensions after the first
   */
  public int[] inputDims() {
    return inputDims.clone();
  }

  /**
   * The type of the model's weights.
   *
   * @return float32 or float64
   */
  public DType dtype() {
    return dtype;
  }

  @Override
  public Variable forward(Variable x) {
    Map<String, Variable> env = new HashMap<>(values);
    env.put(inputName, x);
    for (Onnx.NodeProto n : nodes) {
      if (!n.getOpType().equals("Constant")) {
        env.put(n.getOutput(0), run(n, env, integers));
      }
    }
    Variable y = env.get(outputName);
    checkArgument(y != null, "%s: no node computes the output %s", source, outputName);
    return y;
  }

  private Variable run(Onnx.NodeProto n, Map<String, Variable> env, Map<String, long[]> ints) {
    List<Variable> in = new ArrayList<>();
    for (String name : n.getInputList()) {
      in.add(name.isEmpty() ? null : env.get(name));
    }
    Variable x = in.get(0);
    switch (n.getOpType()) {
      case "Gemm":
        {
          Variable a = integer(n, "transA", 0) == 1 ? x.transpose() : x;
          Variable b = integer(n, "transB", 0) == 1 ? in.get(1).transpose() : in.get(1);
          Variable y = a.matmul(b);
          double alpha = real(n, "alpha", 1);
          y = alpha == 1 ? y : y.mul(alpha);
          if (in.size() > 2 && in.get(2) != null) {
            double beta = real(n, "beta", 1);
            y = y.add(beta == 1 ? in.get(2) : in.get(2).mul(beta));
          }
          return y;
        }
      case "MatMul":
        return x.matmul(in.get(1));
      case "Add":
        return x.add(in.get(1));
      case "Sub":
        return x.sub(in.get(1));
      case "Mul":
        return x.mul(in.get(1));
      case "Div":
        return x.div(in.get(1));
      case "Relu":
        return x.relu();
      case "Sigmoid":
        return x.sigmoid();
      case "Tanh":
        return x.tanh();
      case "Identity":
      case "Dropout":
      case "Pad": // with zero pads only (checked when read)
        return x;
      case "Softmax":
        return x.softmax((int) integer(n, "axis", -1));
      case "Transpose":
        {
          if (!has(n, "perm")) {
            return x.transpose();
          }
          long[] perm = ints(n, "perm");
          int[] axes = new int[perm.length];
          for (int i = 0; i < axes.length; i++) {
            axes[i] = (int) perm[i];
          }
          return x.transpose(axes);
        }
      case "Conv":
        {
          long[] strides = ints(n, "strides", 1, 1);
          long[] pads = ints(n, "pads", 0, 0, 0, 0);
          long[] dilations = ints(n, "dilations", 1, 1);
          Conv2dSpec spec =
              new Conv2dSpec(
                  (int) strides[0],
                  (int) strides[1],
                  (int) pads[0],
                  (int) pads[1],
                  (int) dilations[0],
                  (int) dilations[1],
                  (int) integer(n, "group", 1));
          Variable y = x.conv2d(in.get(1), spec);
          if (in.size() > 2 && in.get(2) != null) {
            y = y.add(in.get(2).reshape(1, -1, 1, 1));
          }
          return y;
        }
      case "MaxPool":
        return new MaxPool2dOp(
                (int) ints(n, "kernel_shape")[0],
                (int) ints(n, "strides", 1, 1)[0],
                (int) ints(n, "pads", 0, 0, 0, 0)[0],
                integer(n, "ceil_mode", 0) != 0)
            .apply(x);
      case "AveragePool":
        return new AvgPool2dOp(
                (int) ints(n, "kernel_shape")[0],
                (int) ints(n, "strides", 1, 1)[0],
                (int) ints(n, "pads", 0, 0, 0, 0)[0],
                integer(n, "ceil_mode", 0) != 0,
                integer(n, "count_include_pad", 0) != 0)
            .apply(x);
      case "BatchNormalization":
        {
          int rank = x.rank();
          int[] shape = new int[rank];
          java.util.Arrays.fill(shape, 1);
          shape[1] = -1;
          double eps = real(n, "epsilon", 1e-5);
          Variable mean = in.get(3).reshape(shape);
          Variable std = in.get(4).reshape(shape).add(eps).sqrt();
          return x.sub(mean).div(std).mul(in.get(1).reshape(shape)).add(in.get(2).reshape(shape));
        }
      case "Flatten":
        {
          int axis = (int) integer(n, "axis", 1);
          int[] d = x.shape().toArray();
          axis = axis < 0 ? axis + d.length : axis;
          int before = 1;
          int after = 1;
          for (int i = 0; i < d.length; i++) {
            if (i < axis) {
              before *= d[i];
            } else {
              after *= d[i];
            }
          }
          return x.reshape(before, after);
        }
      case "Reshape":
        {
          long[] target = ints.get(n.getInput(1));
          checkArgument(
              target != null,
              "%s: node %s: the Reshape shape %s is not a constant",
              source,
              n.getName(),
              n.getInput(1));
          int[] d = x.shape().toArray();
          int[] out = new int[target.length];
          for (int i = 0; i < target.length; i++) {
            out[i] = target[i] == 0 ? d[i] : (int) target[i];
          }
          return x.reshape(out);
        }
      default:
        throw new IllegalStateException(source + ": node " + n.getName() + ": " + n.getOpType());
    }
  }

  // ---------------------------------------------------------------- checks, before any forward

  /** The attributes each operator may carry (beyond them, the node is refused). */
  private static final Map<String, Set<String>> ATTRIBUTES = new HashMap<>();

  static {
    ATTRIBUTES.put("Gemm", Set.of("alpha", "beta", "transA", "transB"));
    ATTRIBUTES.put("MatMul", Set.of());
    for (String op : List.of("Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "Tanh", "Identity")) {
      ATTRIBUTES.put(op, Set.of());
    }
    ATTRIBUTES.put("Conv", Set.of("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad"));
    ATTRIBUTES.put(
        "MaxPool",
        Set.of("kernel_shape", "strides", "pads", "dilations", "ceil_mode", "auto_pad", "storage_order"));
    ATTRIBUTES.put(
        "AveragePool",
        Set.of("kernel_shape", "strides", "pads", "ceil_mode", "auto_pad", "count_include_pad"));
    ATTRIBUTES.put("BatchNormalization", Set.of("epsilon", "momentum", "training_mode"));
    ATTRIBUTES.put("Flatten", Set.of("axis"));
    ATTRIBUTES.put("Reshape", Set.of("allowzero"));
    ATTRIBUTES.put("Dropout", Set.of("seed", "ratio"));
    ATTRIBUTES.put("Softmax", Set.of("axis"));
    ATTRIBUTES.put("Constant", Set.of("value"));
    ATTRIBUTES.put("Pad", Set.of("mode"));
    ATTRIBUTES.put("Transpose", Set.of("perm"));
  }

  private static void checkOpset(String source, Onnx.ModelProto m) {
    long opset = -1;
    for (Onnx.OperatorSetIdProto o : m.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        opset = o.getVersion();
      }
    }
    checkArgument(
        opset >= 13 && opset <= 22,
        "%s: the model uses opset %s of the ONNX domain; OnnxModel reads opsets 13 to 22 (export"
            + " with opset_version=17, say)",
        source,
        opset);
  }

  /** Refuses, in one error, every node whose operator or attributes this reader does not run. */
  private static void checkNodes(
      String source, List<Onnx.NodeProto> nodes, Map<String, long[]> integers) {
    List<String> problems = new ArrayList<>();
    for (Onnx.NodeProto n : nodes) {
      String what = "node '" + n.getName() + "' (" + n.getOpType() + ")";
      Set<String> allowed = ATTRIBUTES.get(n.getOpType());
      if (allowed == null || !(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))) {
        problems.add(what + ": operator not supported");
        continue;
      }
      for (Onnx.AttributeProto a : n.getAttributeList()) {
        if (!allowed.contains(a.getName())) {
          problems.add(what + ": attribute " + a.getName() + " not supported");
        }
      }
      String why = unsupportedSetting(n, integers);
      if (why != null) {
        problems.add(what + ": " + why);
      }
    }
    checkArgument(
        problems.isEmpty(),
        "%s: cannot import %s node(s): %s",
        source,
        problems.size(),
        String.join("; ", problems));
  }

  /** Why a supported operator's settings are not zerograd's, or null. */
  private static String unsupportedSetting(Onnx.NodeProto n, Map<String, long[]> integers) {
    switch (n.getOpType()) {
      case "Pad":
        {
          // PyTorch writes a zero Pad before an AveragePool; only that one is read.
          long[] pads = n.getInputCount() > 1 ? integers.get(n.getInput(1)) : null;
          if (pads == null || java.util.Arrays.stream(pads).anyMatch(p -> p != 0)) {
            return "pads " + (pads == null ? "not constant" : java.util.Arrays.toString(pads))
                + " (only a Pad of zeros)";
          }
          if (n.getInputCount() > 3) {
            return "axes (only all axes)";
          }
          return null;
        }
      case "Constant":
        return has(n, "value") ? null : "a Constant without a tensor value";
      case "Conv":
        {
          long[] pads = ints(n, "pads", 0, 0, 0, 0);
          if (pads.length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) {
            return "pads " + java.util.Arrays.toString(pads)
                + " (only 2-D padding with the same amount before and after each axis)";
          }
          for (String pair : new String[] {"strides", "dilations"}) {
            if (ints(n, pair, 1, 1).length != 2) {
              return pair + " " + java.util.Arrays.toString(ints(n, pair)) + " (only 2-D)";
            }
          }
          return autoPad(n);
        }
      case "MaxPool":
      case "AveragePool":
        {
          long[] pads = ints(n, "pads", 0, 0, 0, 0);
          if (pads.length != 4 || java.util.Arrays.stream(pads).anyMatch(p -> p != pads[0])) {
            return "pads " + java.util.Arrays.toString(pads) + " (only the same on every side)";
          }
          if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
            return "a second output (indices)";
          }
          if (!has(n, "kernel_shape")) {
            return "no kernel_shape";
          }
          long[] k = ints(n, "kernel_shape");
          if (k.length != 2 || k[0] != k[1]) {
            return "kernel_shape " + java.util.Arrays.toString(k) + " (only square 2-D)";
          }
          return squareOrOnes(n);
        }
      case "BatchNormalization":
        if (integer(n, "training_mode", 0) != 0 || n.getOutputCount() > 1) {
          return "training mode (only inference)";
        }
        return null;
      case "Reshape":
        if (integer(n, "allowzero", 0) != 0) {
          return "allowzero 1 (only 0)";
        }
        return null;
      case "Dropout":
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
          return "a mask output";
        }
        return null;
      default:
        return null;
    }
  }

  private static String squareOrOnes(Onnx.NodeProto n) {
    long[] s = ints(n, "strides", 1, 1);
    if (s.length != 2 || s[0] != s[1]) {
      return "strides " + java.util.Arrays.toString(s) + " (only equal strides on both axes)";
    }
    for (long d : ints(n, "dilations", 1, 1)) {
      if (d != 1) {
        return "dilations " + java.util.Arrays.toString(ints(n, "dilations")) + " (only 1)";
      }
    }
    return autoPad(n);
  }

  private static String autoPad(Onnx.NodeProto n) {
    if (has(n, "auto_pad")) {
      String p = attribute(n, "auto_pad").getS().toStringUtf8();
      if (!p.equals("NOTSET")) {
        return "auto_pad " + p + " (only NOTSET)";
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- attributes and tensors

  private static boolean has(Onnx.NodeProto n, String name) {
    for (Onnx.AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Onnx.AttributeProto attribute(Onnx.NodeProto n, String name) {
    for (Onnx.AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "node '" + n.getName() + "' (" + n.getOpType() + ") has no attribute " + name);
  }

  private static long integer(Onnx.NodeProto n, String name, long otherwise) {
    return has(n, name) ? attribute(n, name).getI() : otherwise;
  }

  private static double real(Onnx.NodeProto n, String name, double otherwise) {
    return has(n, name) ? attribute(n, name).getF() : otherwise;
  }

  private static long[] ints(Onnx.NodeProto n, String name, long... otherwise) {
    if (!has(n, name)) {
      return otherwise;
    }
    List<Long> v = attribute(n, name).getIntsList();
    long[] out = new long[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  private static boolean isInteger(Onnx.TensorProto t) {
    return t.getDataType() == Onnx.TensorProto.DataType.INT64_VALUE
        || t.getDataType() == Onnx.TensorProto.DataType.INT32_VALUE;
  }

  private static int[] shapeOf(Onnx.TensorProto t) {
    int[] d = new int[t.getDimsCount()];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.toIntExact(t.getDims(i));
    }
    return d;
  }

  static Tensor tensor(String source, Onnx.TensorProto t) throws IOException {
    int[] dims = shapeOf(t);
    if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
      throw new IOException(
          source + ": tensor " + t.getName() + " keeps its data in an external file; save the"
              + " model with its data inside");
    }
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    switch (t.getDataType()) {
      case Onnx.TensorProto.DataType.FLOAT_VALUE:
        {
          float[] v;
          if (t.hasRawData()) {
            v = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(v);
          } else {
            v = new float[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
              v[i] = t.getFloatData(i);
            }
          }
          return shaped(source, t, Tensor.of(v), dims);
        }
      case Onnx.TensorProto.DataType.DOUBLE_VALUE:
        {
          double[] v;
          if (t.hasRawData()) {
            v = new double[raw.remaining() / 8];
            raw.asDoubleBuffer().get(v);
          } else {
            v = new double[t.getDoubleDataCount()];
            for (int i = 0; i < v.length; i++) {
              v[i] = t.getDoubleData(i);
            }
          }
          return shaped(source, t, Tensor.of(v), dims);
        }
      default:
        throw new IOException(
            String.format(
                Locale.ROOT,
                "%s: tensor %s has ONNX data type %d; OnnxModel reads float, double and integer"
                    + " shape tensors",
                source, t.getName(), t.getDataType()));
    }
  }

  private static Tensor shaped(String source, Onnx.TensorProto t, Tensor flat, int[] dims)
      throws IOException {
    long expected = 1;
    for (int d : dims) {
      expected *= d;
    }
    if (flat.size() != expected) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: tensor %s holds %d values for dims %s",
              source, t.getName(), flat.size(), java.util.Arrays.toString(dims)));
    }
    return flat.reshape(dims);
  }

  static long[] longs(String source, Onnx.TensorProto t) {
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    boolean wide = t.getDataType() == Onnx.TensorProto.DataType.INT64_VALUE;
    if (t.hasRawData()) {
      long[] v = new long[raw.remaining() / (wide ? 8 : 4)];
      for (int i = 0; i < v.length; i++) {
        v[i] = wide ? raw.getLong() : raw.getInt();
      }
      return v;
    }
    long[] v = new long[wide ? t.getInt64DataCount() : t.getInt32DataCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = wide ? t.getInt64Data(i) : t.getInt32Data(i);
    }
    return v;
  }

  private static int[] dims(Onnx.ValueInfoProto v) {
    Onnx.TensorShapeProto s = v.getType().getTensorType().getShape();
    int[] out = new int[Math.max(0, s.getDimCount() - 1)];
    for (int i = 1; i < s.getDimCount(); i++) {
      Onnx.TensorShapeProto.Dimension d = s.getDim(i);
      out[i - 1] = d.hasDimValue() ? (int) d.getDimValue() : -1;
    }
    return out;
  }

  // ---------------------------------------------------------------- parameters by dotted name

  /** The sub-module that holds the array named {@code name} (a.b.c: module a, module b). */
  private Holder holder(String name) {
    String[] parts = name.split("\\.");
    Module m = this;
    Holder h = null;
    for (int i = 0; i < parts.length - 1; i++) {
      Module child = m.modules().get(parts[i]);
      if (child == null) {
        child = m == this ? registerHolder(parts[i]) : ((Holder) m).child(parts[i]);
      }
      m = child;
      h = (Holder) child;
    }
    return h == null ? root() : h;
  }

  private Holder rootHolder;

  private Holder root() {
    if (rootHolder == null) {
      rootHolder = registerModule("initializers", new Holder());
    }
    return rootHolder;
  }

  private Holder registerHolder(String name) {
    return registerModule(safe(name), new Holder());
  }

  private static String leaf(String name) {
    String[] parts = name.split("\\.");
    return safe(parts[parts.length - 1]);
  }

  private static String safe(String part) {
    return part.isEmpty() ? "_" : part;
  }

  /**
   * A sub-module of an imported graph that holds some of its arrays under their ONNX names; the
   * graph itself runs in {@link OnnxModel#forward}.
   */
  public static final class Holder extends Module {
    Holder() {}

    Holder child(String name) {
      return registerModule(safe(name), new Holder());
    }

    Variable parameter(String name, Tensor value, String full) {
      return registerParameter(name, Variable.parameter(value, full));
    }

    Tensor buffer(String name, Tensor value) {
      return registerBuffer(name, value);
    }

    /**
     * Not a layer: it holds arrays of an imported graph, which {@link OnnxModel#forward} runs.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Variable forward(Variable x) {
      throw new UnsupportedOperationException(
          "OnnxModel.Holder holds arrays of an imported graph; call the OnnxModel's forward");
    }
  }
}
