package dev.zerograd.tensor.cpu;

import static dev.zerograd.tensor.cpu.Views.d;
import static dev.zerograd.tensor.cpu.Views.f;
import static dev.zerograd.tensor.cpu.Views.isFloat;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.spi.Storage;
import dev.zerograd.tensor.spi.BinaryOp;
import dev.zerograd.tensor.spi.UnaryOp;
import dev.zerograd.tensor.spi.View;
import java.util.function.DoubleSupplier;

/**
 * Elementwise kernels over strided operands.
 *
 * <p>Every row comes in three shapes: all operands contiguous, the second operand a broadcast
 * scalar, and arbitrary strides. The first two have plain indexed loops for the ops of training
 * (add, sub, mul, div, relu and relu's mask), which the JIT vectorises; everything else goes
 * through {@link UnaryOp#apply} and {@link BinaryOp#apply}. The loops come in a float32 and a
 * float64 version because a single loop over both types would read every element through a
 * conversion or a virtual call, which costs the vectorisation; this is the one place they are
 * written twice.
 */
final class Elementwise {
  private Elementwise() {}

  static void unary(UnaryOp op, View out, View a) {
    boolean single = isFloat(out);
    StridedLoop.forEachParallel(
        out.dims(),
        new int[][] {out.strides(), a.strides()},
        new int[] {out.offset(), a.offset()},
        (n, off, st) -> {
          if (single) {
            unaryRow(op, n, f(out), off[0], st[0], f(a), off[1], st[1]);
          } else {
            unaryRow(op, n, d(out), off[0], st[0], d(a), off[1], st[1]);
          }
        });
  }

  private static void unaryRow(
      UnaryOp op, int n, float[] o, int io, int so, float[] a, int ia, int sa) {
    if (so == 1 && sa == 1) {
      if (op == UnaryOp.RELU && io == 0 && ia == 0) {
        reluFromStart(n, o, a);
      } else if (op == UnaryOp.RELU) {
        for (int i = 0; i < n; i++) {
          o[io + i] = Math.max(a[ia + i], 0f);
        }
      } else {
        for (int i = 0; i < n; i++) {
          o[io + i] = (float) op.apply(a[ia + i]);
        }
      }
      return;
    }
    for (int i = 0; i < n; i++, io += so, ia += sa) {
      o[io] = (float) op.apply(a[ia]);
    }
  }

  private static void unaryRow(
      UnaryOp op, int n, double[] o, int io, int so, double[] a, int ia, int sa) {
    if (so == 1 && sa == 1) {
      if (op == UnaryOp.RELU && io == 0 && ia == 0) {
        reluFromStart(n, o, a);
      } else if (op == UnaryOp.RELU) {
        for (int i = 0; i < n; i++) {
          o[io + i] = Math.max(a[ia + i], 0.0);
        }
      } else {
        for (int i = 0; i < n; i++) {
          o[io + i] = op.apply(a[ia + i]);
        }
      }
      return;
    }
    for (int i = 0; i < n; i++, io += so, ia += sa) {
      o[io] = op.apply(a[ia]);
    }
  }

  /**
   * ReLU of the first {@code n} elements: the same loop without offsets, because C2 (JDK 17)
   * vectorises {@code Math.max} only when the indices carry no offset (0.12 against 0.47 ms for
   * the ConvNet's 432000 elements); the indexed loops of the other ops vectorise either way.
   */
  private static void reluFromStart(int n, float[] o, float[] a) {
    for (int i = 0; i < n; i++) {
      o[i] = Math.max(a[i], 0f);
    }
  }

  /** {@link #reluFromStart(int, float[], float[])} in float64. */
  private static void reluFromStart(int n, double[] o, double[] a) {
    for (int i = 0; i < n; i++) {
      o[i] = Math.max(a[i], 0.0);
    }
  }

  static void binary(BinaryOp op, View out, View a, View b) {
    boolean single = isFloat(out);
    StridedLoop.forEachParallel(
        out.dims(),
        new int[][] {out.strides(), a.strides(), b.strides()},
        new int[] {out.offset(), a.offset(), b.offset()},
        (n, off, st) -> {
          if (single) {
            binaryRow(op, n, f(out), off[0], st[0], f(a), off[1], st[1], f(b), off[2], st[2]);
          } else {
            binaryRow(op, n, d(out), off[0], st[0], d(a), off[1], st[1], d(b), off[2], st[2]);
          }
        });
  }

  private static void binaryRow(
      BinaryOp op,
      int n,
      float[] o,
      int io,
      int so,
      float[] a,
      int ia,
      int sa,
      float[] b,
      int ib,
      int sb) {
    if (so == 1 && sa == 1 && sb == 1) {
      switch (op) {
        case ADD:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] + b[ib + i];
          }
          return;
        case SUB:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] - b[ib + i];
          }
          return;
        case MUL:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] * b[ib + i];
          }
          return;
        case DIV:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] / b[ib + i];
          }
          return;
        default:
          break;
      }
    } else if (so == 1 && sa == 1 && sb == 0) {
      float c = b[ib];
      switch (op) {
        case GT: // relu's mask
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] > c ? 1f : 0f;
          }
          return;
        case ADD:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] + c;
          }
          return;
        case SUB:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] - c;
          }
          return;
        case MUL:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] * c;
          }
          return;
        case DIV:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] / c;
          }
          return;
        default:
          break;
      }
    }
    for (int i = 0; i < n; i++, io += so, ia += sa, ib += sb) {
      o[io] = (float) op.apply(a[ia], b[ib]);
    }
  }

  private static void binaryRow(
      BinaryOp op,
      int n,
      double[] o,
      int io,
      int so,
      double[] a,
      int ia,
      int sa,
      double[] b,
      int ib,
      int sb) {
    if (so == 1 && sa == 1 && sb == 1) {
      switch (op) {
        case ADD:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] + b[ib + i];
          }
          return;
        case SUB:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] - b[ib + i];
          }
          return;
        case MUL:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] * b[ib + i];
          }
          return;
        case DIV:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] / b[ib + i];
          }
          return;
        default:
          break;
      }
    } else if (so == 1 && sa == 1 && sb == 0) {
      double c = b[ib];
      switch (op) {
        case GT: // relu's mask
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] > c ? 1.0 : 0.0;
          }
          return;
        case ADD:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] + c;
          }
          return;
        case SUB:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] - c;
          }
          return;
        case MUL:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] * c;
          }
          return;
        case DIV:
          for (int i = 0; i < n; i++) {
            o[io + i] = a[ia + i] / c;
          }
          return;
        default:
          break;
      }
    }
    for (int i = 0; i < n; i++, io += so, ia += sa, ib += sb) {
      o[io] = op.apply(a[ia], b[ib]);
    }
  }

  /** {@code out = src} with conversion: the one place where float32 and float64 storage meet. */
  static void assign(View out, View src) {
    StridedLoop.forEachParallel(
        out.dims(),
        new int[][] {out.strides(), src.strides()},
        new int[] {out.offset(), src.offset()},
        (n, off, st) -> assignRow(n, out, off[0], st[0], src, off[1], st[1]));
  }

  private static void assignRow(int n, View to, int io, int so, View from, int is, int ss) {
    boolean toF = isFloat(to);
    boolean fromF = isFloat(from);
    if (so == 1 && ss == 1 && toF == fromF) {
      System.arraycopy(toF ? f(from) : d(from), is, toF ? f(to) : d(to), io, n);
    } else if (toF && fromF) {
      float[] t = f(to);
      float[] s = f(from);
      for (int i = 0; i < n; i++, io += so, is += ss) {
        t[io] = s[is];
      }
    } else if (toF) {
      float[] t = f(to);
      double[] s = d(from);
      for (int i = 0; i < n; i++, io += so, is += ss) {
        t[io] = (float) s[is];
      }
    } else if (fromF) {
      double[] t = d(to);
      float[] s = f(from);
      for (int i = 0; i < n; i++, io += so, is += ss) {
        t[io] = s[is];
      }
    } else {
      double[] t = d(to);
      double[] s = d(from);
      for (int i = 0; i < n; i++, io += so, is += ss) {
        t[io] = s[is];
      }
    }
  }

  /** Below this many elements a Java loop beats the JNI call into BLAS axpy. */
  private static final int AXPY_NATIVE_MIN = 2048;

  static void addScaled(View target, double alpha, View x) {
    int size = target.size();
    if (size >= AXPY_NATIVE_MIN && target.isContiguous() && x.isContiguous()) {
      // The optimiser's update of a weight matrix: native and vectorised from the first step.
      if (isFloat(target)) {
        CpuBlas.impl()
            .saxpy(size, (float) alpha, f(x), x.offset(), 1, f(target), target.offset(), 1);
      } else {
        CpuBlas.impl().daxpy(size, alpha, d(x), x.offset(), 1, d(target), target.offset(), 1);
      }
      return;
    }
    boolean single = isFloat(target);
    StridedLoop.forEach(
        target.dims(),
        new int[][] {target.strides(), x.strides()},
        new int[] {target.offset(), x.offset()},
        (n, off, st) -> {
          int io = off[0];
          int iy = off[1];
          int so = st[0];
          int sy = st[1];
          if (single) {
            float[] o = f(target);
            float[] v = f(x);
            float a = (float) alpha;
            if (so == 1 && sy == 1) {
              for (int i = 0; i < n; i++) {
                o[io + i] += a * v[iy + i];
              }
            } else {
              for (int i = 0; i < n; i++, io += so, iy += sy) {
                o[io] += a * v[iy];
              }
            }
          } else {
            double[] o = d(target);
            double[] v = d(x);
            if (so == 1 && sy == 1) {
              for (int i = 0; i < n; i++) {
                o[io + i] += alpha * v[iy + i];
              }
            } else {
              for (int i = 0; i < n; i++, io += so, iy += sy) {
                o[io] += alpha * v[iy];
              }
            }
          }
        });
  }

  static void where(View out, View cond, View a, View b) {
    boolean single = isFloat(out);
    boolean condSingle = isFloat(cond);
    StridedLoop.forEachParallel(
        out.dims(),
        new int[][] {out.strides(), cond.strides(), a.strides(), b.strides()},
        new int[] {out.offset(), cond.offset(), a.offset(), b.offset()},
        (n, off, st) -> {
          int io = off[0];
          int ic = off[1];
          int ia = off[2];
          int ib = off[3];
          for (int i = 0; i < n; i++, io += st[0], ic += st[1], ia += st[2], ib += st[3]) {
            boolean pick = (condSingle ? f(cond)[ic] : d(cond)[ic]) != 0.0;
            if (single) {
              f(out)[io] = pick ? f(a)[ia] : f(b)[ib];
            } else {
              d(out)[io] = pick ? d(a)[ia] : d(b)[ib];
            }
          }
        });
  }

  static void thresholdBackward(View out, View grad, View input, double threshold) {
    boolean single = isFloat(out);
    StridedLoop.forEachParallel(
        out.dims(),
        new int[][] {out.strides(), grad.strides(), input.strides()},
        new int[] {out.offset(), grad.offset(), input.offset()},
        (n, off, st) -> {
          int io = off[0];
          int ig = off[1];
          int ix = off[2];
          if (single) {
            float[] o = f(out);
            float[] g = f(grad);
            float[] x = f(input);
            float t = (float) threshold;
            if (st[0] == 1 && st[1] == 1 && st[2] == 1 && threshold == 0) {
              for (int i = 0; i < n; i++) {
                o[io + i] = passIfPositive(x[ix + i], g[ig + i]);
              }
            } else if (st[0] == 1 && st[1] == 1 && st[2] == 1) {
              for (int i = 0; i < n; i++) {
                o[io + i] = x[ix + i] > t ? g[ig + i] : 0f;
              }
            } else {
              for (int i = 0; i < n; i++, io += st[0], ig += st[1], ix += st[2]) {
                o[io] = x[ix] > t ? g[ig] : 0f;
              }
            }
          } else {
            double[] o = d(out);
            double[] g = d(grad);
            double[] x = d(input);
            for (int i = 0; i < n; i++, io += st[0], ig += st[1], ix += st[2]) {
              o[io] = x[ix] > threshold ? g[ig] : 0.0;
            }
          }
        });
  }

  /**
   * {@code x > 0 ? g : 0} without a branch: which way a ReLU's input falls is a coin toss on real
   * data, and C2 compiles a float select to a branch, mispredicted half the time (three quarters
   * of the ConvNet's ReLU backward). Positive, non-NaN floats are exactly those whose bits, read
   * as an int, lie in {@code [1, 0x7F800000]}; the mask is all ones there and zero elsewhere
   * (zeros of either sign, negatives, NaNs).
   */
  private static float passIfPositive(float x, float g) {
    int bits = Float.floatToRawIntBits(x);
    int mask = (-bits & (bits - 0x7F800001)) >> 31;
    return Float.intBitsToFloat(Float.floatToRawIntBits(g) & mask);
  }

  static boolean allFinite(View a) {
    boolean[] finite = {true};
    boolean single = isFloat(a);
    StridedLoop.forEach(
        a.dims(),
        new int[][] {a.strides()},
        new int[] {a.offset()},
        (n, off, st) -> {
          for (int i = 0, j = off[0]; i < n && finite[0]; i++, j += st[0]) {
            finite[0] = single ? Float.isFinite(f(a)[j]) : Double.isFinite(d(a)[j]);
          }
        });
    return finite[0];
  }

  static void generate(View out, DoubleSupplier next) {
    boolean single = isFloat(out);
    StridedLoop.forEach(
        out.dims(),
        new int[][] {out.strides()},
        new int[] {out.offset()},
        (n, off, st) -> {
          for (int i = 0, j = off[0]; i < n; i++, j += st[0]) {
            if (single) {
              f(out)[j] = (float) next.getAsDouble();
            } else {
              d(out)[j] = next.getAsDouble();
            }
          }
        });
  }

  /** {@code out = value} for every element, rounded to out's type. */
  static void fill(View out, double value) {
    if (out.isContiguous()) {
      int from = out.offset();
      int to = from + out.size();
      if (isFloat(out)) {
        java.util.Arrays.fill(f(out), from, to, (float) value);
      } else {
        java.util.Arrays.fill(d(out), from, to, value);
      }
      return;
    }
    generate(out, () -> value);
  }

  static Storage fromUint8(byte[] data, double divisor, DType dtype) {
    if (dtype == DType.FLOAT32) {
      float[] out = new float[data.length];
      float div = (float) divisor;
      for (int i = 0; i < data.length; i++) {
        out[i] = (data[i] & 0xff) / div;
      }
      return new FloatStorage(out);
    }
    double[] out = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (data[i] & 0xff) / divisor;
    }
    return new DoubleStorage(out);
  }
}
