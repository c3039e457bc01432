package dev.zerograd.tensor;

/**
 * Kernels for elementwise operations over broadcast, strided operands.
 *
 * <p>Each row comes in three shapes: every operand contiguous, the second operand a broadcast
 * scalar, and arbitrary strides. The first two have plain indexed loops for the common operations
 * (add, sub, mul, div, relu), which the JIT vectorises; everything else goes through {@link
 * UnaryOp#apply} and {@link BinaryOp#apply}.
 */
final class Elementwise {
  private Elementwise() {}

  /** {@code out = op(a)}, a fresh contiguous tensor of a's shape and type. */
  static Tensor unary(Tensor a, UnaryOp op) {
    Tensor out = Tensor.empty(a.shape(), a.dtype());
    StridedLoop.forEach(
        a.shape().dimsUnsafe(),
        new int[][] {out.strides, a.strides},
        new int[] {out.offset, a.offset},
        (n, off, st) -> {
          if (a.dtype() == DType.FLOAT32) {
            unaryRow(op, n, out.f, off[0], st[0], a.f, off[1], st[1]);
          } else {
            unaryRow(op, n, out.d, off[0], st[0], a.d, off[1], st[1]);
          }
        });
    return out;
  }

  private static void unaryRow(
      UnaryOp op, int n, float[] o, int io, int so, float[] a, int ia, int sa) {
    if (so == 1 && sa == 1) {
      if (op == UnaryOp.RELU) {
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
      if (op == UnaryOp.RELU) {
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

  /** {@code out = op(a, b)} with broadcasting and type promotion, a fresh contiguous tensor. */
  static Tensor binary(Tensor a, Tensor b, BinaryOp op) {
    DType dt = DType.promote(a.dtype(), b.dtype());
    Tensor x = a.to(dt);
    Tensor y = b.to(dt);
    Shape shape = Shape.broadcast(op.opName, x.shape(), y.shape());
    Tensor out = Tensor.empty(shape, dt);
    run(op, out, x, y);
    return out;
  }

  /**
   * {@code target = op(target, b)} in place; {@code b} must broadcast to target's shape. Mixed
   * types compute in the promoted type and round once into the target's, as NumPy's {@code a +=
   * b}.
   */
  static void binaryInPlace(Tensor target, Tensor b, BinaryOp op, String name) {
    checkInPlace(target, b, name);
    Tensor y = b.sharesStorageWith(target) ? b.copy() : b;
    if (op == BinaryOp.RIGHT) {
      convertInto(target, y);
    } else if (y.dtype() != target.dtype()) {
      convertInto(target, binary(target, y, op));
    } else {
      run(op, target, target, y);
    }
  }

  private static void checkInPlace(Tensor target, Tensor b, String name) {
    if (!b.shape().isBroadcastableTo(target.shape())) {
      throw new IllegalArgumentException(
          String.format(
              "%s: cannot broadcast operand of shape %s into the target of shape %s;"
                  + " an in-place operation keeps the target's shape",
              name, b.shape(), target.shape()));
    }
    target.beginWrite(name);
  }

  private static void run(BinaryOp op, Tensor out, Tensor x, Tensor y) {
    Shape shape = out.shape();
    int[] sx = x.broadcastStrides(shape);
    int[] sy = y.broadcastStrides(shape);
    StridedLoop.forEach(
        shape.dimsUnsafe(),
        new int[][] {out.strides, sx, sy},
        new int[] {out.offset, x.offset, y.offset},
        (n, off, st) -> {
          if (out.dtype() == DType.FLOAT32) {
            binaryRow(op, n, out.f, off[0], st[0], x.f, off[1], st[1], y.f, off[2], st[2]);
          } else {
            binaryRow(op, n, out.d, off[0], st[0], x.d, off[1], st[1], y.d, off[2], st[2]);
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

  /**
   * Copies {@code src}, broadcast to target's shape, into target, converting between types as
   * it goes; the one place where float32 and float64 storage meet.
   */
  static void convertInto(Tensor target, Tensor src) {
    Shape shape = target.shape();
    StridedLoop.forEach(
        shape.dimsUnsafe(),
        new int[][] {target.strides, src.broadcastStrides(shape)},
        new int[] {target.offset, src.offset},
        (n, off, st) -> convertRow(n, target, off[0], st[0], src, off[1], st[1]));
  }

  private static void convertRow(int n, Tensor to, int io, int so, Tensor from, int is, int ss) {
    if (so == 1 && ss == 1 && (to.f != null) == (from.f != null)) {
      System.arraycopy(to.f != null ? from.f : from.d, is, to.f != null ? to.f : to.d, io, n);
    } else if (to.f != null && from.f != null) {
      for (int i = 0; i < n; i++, io += so, is += ss) {
        to.f[io] = from.f[is];
      }
    } else if (to.f != null) {
      for (int i = 0; i < n; i++, io += so, is += ss) {
        to.f[io] = (float) from.d[is];
      }
    } else if (from.f != null) {
      for (int i = 0; i < n; i++, io += so, is += ss) {
        to.d[io] = from.f[is];
      }
    } else {
      for (int i = 0; i < n; i++, io += so, is += ss) {
        to.d[io] = from.d[is];
      }
    }
  }

  /** Below this many elements a Java loop beats the JNI call into BLAS axpy. */
  private static final int AXPY_NATIVE_MIN = 2048;

  /** {@code target += alpha * x} in place (BLAS axpy semantics, with broadcasting of x). */
  static void addScaledInPlace(Tensor target, double alpha, Tensor x) {
    checkInPlace(target, x, "addScaledInPlace");
    Tensor y = x.to(target.dtype());
    Tensor src = y.sharesStorageWith(target) ? y.copy() : y;
    Shape shape = target.shape();
    if (target.size() >= AXPY_NATIVE_MIN
        && src.shape().equals(shape)
        && target.isContiguous()
        && src.isContiguous()) {
      // The optimiser's update of a weight matrix: native and vectorised from the first step.
      if (target.f != null) {
        Blas.impl().saxpy(target.size(), (float) alpha, src.f, src.offset, 1, target.f, target.offset, 1);
      } else {
        Blas.impl().daxpy(target.size(), alpha, src.d, src.offset, 1, target.d, target.offset, 1);
      }
      return;
    }
    StridedLoop.forEach(
        shape.dimsUnsafe(),
        new int[][] {target.strides, src.broadcastStrides(shape)},
        new int[] {target.offset, src.offset},
        (n, off, st) -> {
          int io = off[0];
          int iy = off[1];
          int so = st[0];
          int sy = st[1];
          if (target.dtype() == DType.FLOAT32) {
            float[] o = target.f;
            float[] v = src.f;
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
            double[] o = target.d;
            double[] v = src.d;
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

  /** {@code out = cond != 0 ? a : b} with broadcasting of all three operands. */
  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    DType dt = DType.promote(a.dtype(), b.dtype());
    Tensor x = a.to(dt);
    Tensor y = b.to(dt);
    Shape shape =
        Shape.broadcast("where", Shape.broadcast("where", cond.shape(), x.shape()), y.shape());
    Tensor out = Tensor.empty(shape, dt);
    StridedLoop.forEach(
        shape.dimsUnsafe(),
        new int[][] {
          out.strides,
          cond.broadcastStrides(shape),
          x.broadcastStrides(shape),
          y.broadcastStrides(shape)
        },
        new int[] {out.offset, cond.offset, x.offset, y.offset},
        (n, off, st) -> {
          int io = off[0];
          int ic = off[1];
          int ia = off[2];
          int ib = off[3];
          for (int i = 0; i < n; i++, io += st[0], ic += st[1], ia += st[2], ib += st[3]) {
            boolean pick = cond.at(ic) != 0.0;
            if (dt == DType.FLOAT32) {
              out.f[io] = pick ? x.f[ia] : y.f[ib];
            } else {
              out.d[io] = pick ? x.d[ia] : y.d[ib];
            }
          }
        });
    return out;
  }
}
