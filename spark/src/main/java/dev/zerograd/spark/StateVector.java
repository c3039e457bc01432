package dev.zerograd.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters (and, where asked, buffers) as one primitive array, the form in which they
 * cross between driver and executors: names, shapes and types once, the values as doubles (exact
 * for float32 and float64 alike), never a serialised graph of tensors.
 */
final class StateVector implements Serializable {
  private static final long serialVersionUID = 1L;

  final String[] names;
  final int[][] shapes;
  final DType[] types;
  final double[] values;

  private StateVector(String[] names, int[][] shapes, DType[] types, double[] values) {
    this.names = names;
    this.shapes = shapes;
    this.types = types;
    this.values = values;
  }

  /** The tensors of a module by dotted name: its parameters' values, and its buffers if asked. */
  static Map<String, Tensor> tensors(Module m, boolean withBuffers) {
    Map<String, Tensor> out = new java.util.LinkedHashMap<>();
    m.namedParameters().forEach((n, p) -> out.put(n, p.value()));
    if (withBuffers) {
      out.putAll(m.namedBuffers());
    }
    return out;
  }

  /** The state of {@code m}, copied. */
  static StateVector of(Module m, boolean withBuffers) {
    return of(tensors(m, withBuffers));
  }

  /** Named tensors, copied into one array. */
  static StateVector of(Map<String, Tensor> tensors) {
    int count = tensors.size();
    String[] names = new String[count];
    int[][] shapes = new int[count][];
    DType[] types = new DType[count];
    int size = 0;
    int i = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      names[i] = e.getKey();
      shapes[i] = e.getValue().shape().toArray();
      types[i] = e.getValue().dtype();
      size += e.getValue().size();
      i++;
    }
    double[] values = new double[size];
    int at = 0;
    for (Tensor t : tensors.values()) {
      double[] v = t.toDoubleArray();
      System.arraycopy(v, 0, values, at, v.length);
      at += v.length;
    }
    return new StateVector(names, shapes, types, values);
  }

  /** The same layout with other values (a sum, an average, a gradient). */
  StateVector withValues(double[] v) {
    checkArgument(v.length == values.length, "state of %s values, got %s", values.length, v.length);
    return new StateVector(names, shapes, types, v);
  }

  /** The tensors, by name, in their types. */
  Map<String, Tensor> toTensors() {
    Map<String, Tensor> out = new java.util.LinkedHashMap<>();
    int at = 0;
    for (int i = 0; i < names.length; i++) {
      int n = 1;
      for (int d : shapes[i]) {
        n *= d;
      }
      out.put(names[i], slice(at, n, i));
      at += n;
    }
    return out;
  }

  /** Copies these values into {@code m}'s tensors of the same names. */
  void assignTo(Module m) {
    Map<String, Tensor> own = tensors(m, true);
    int at = 0;
    for (int i = 0; i < names.length; i++) {
      Tensor t = own.get(names[i]);
      checkArgument(
          t != null && Arrays.equals(t.shape().toArray(), shapes[i]),
          "the model has no tensor %s of shape %s: every model the factory makes must have the"
              + " same parameters",
          names[i],
          Arrays.toString(shapes[i]));
      int n = t.size();
      t.assignInPlace(slice(at, n, i));
      at += n;
    }
  }

  /**
   * Writes the parameters' gradients of {@code m}, times {@code scale}, into the start of {@code
   * out} in this layout (0 where a parameter has none).
   */
  static void gradients(Module m, double scale, double[] out) {
    int at = 0;
    for (Variable p : m.namedParameters().values()) {
      int n = p.value().size();
      Tensor g = p.grad();
      if (g != null) {
        double[] v = g.toDoubleArray();
        for (int i = 0; i < n; i++) {
          out[at + i] = v[i] * scale;
        }
      } else {
        Arrays.fill(out, at, at + n, 0.0);
      }
      at += n;
    }
  }

  /** Sets the parameters' gradients of {@code m} from this layout's values. */
  void setGradientsOf(Module m) {
    Map<String, Variable> ps = m.namedParameters();
    int at = 0;
    for (int i = 0; i < names.length; i++) {
      Variable p = ps.get(names[i]);
      int n = p.value().size();
      p.setGrad(slice(at, n, i));
      at += n;
    }
  }

  /** Values {@code [at, at + n)} as tensor {@code i}'s type and shape (one pass for float32). */
  private Tensor slice(int at, int n, int i) {
    if (types[i] == DType.FLOAT32) {
      float[] f = new float[n];
      for (int k = 0; k < n; k++) {
        f[k] = (float) values[at + k];
      }
      return Tensor.of(f, shapes[i]);
    }
    return Tensor.of(Arrays.copyOfRange(values, at, at + n), types[i], shapes[i]);
  }

  /** The number of values. */
  int size() {
    return values.length;
  }
}
