package dev.zerograd.tensor;

/**
 * Kernels for elementwise operations over broadcast, strided operands.
 *
 * <p>The common operations of training (add, mul, relu) have loops of their own, which the JIT
 * compiles without a call per element; the rest go through {@link UnaryOp#apply} and
 * {@link BinaryOp#apply}.
 */
final class Elementwise {
  private Elementwise() {}

  /** {@code out = op(a)}, a fresh contiguous tensor of a's shape and type. */
  static Tensor unary(Tensor a, UnaryOp op) {
    Tensor out = Tensor.empty(a.shape(), a.dtype());
    int[] dims = a.shape().dimsUnsafe();
    StridedLoop.forEach(
        dims,
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
    if (op == UnaryOp.RELU) {
      for (int i = 0; i < n; i++, io += so, ia += sa) {
        float x = a[ia];
        o[io] = x > 0f ? x : 0f;
      }
      return;
    }
    for (int i = 0; i < n; i++, io += so, ia += sa) {
      o[io] = (float) op.apply(a[ia]);
    }
  }

  private static void unaryRow(
      UnaryOp op, int n, double[] o, int io, int so, double[] a, int ia, int sa) {
    if (op == UnaryOp.RELU) {
      for (int i = 0; i < n; i++, io += so, ia += sa) {
        double x = a[ia];
        o[io] = x > 0 ? x : 0.0;
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
   * {@code target = op(target, b)} in place; {@code b} must broadcast to target's shape and is
   * converted to target's type.
   */
  static void binaryInPlace(Tensor target, Tensor b, BinaryOp op, String name) {
    if (!b.shape().isBroadcastableTo(target.shape())) {
      throw new IllegalArgumentException(
          String.format(
              "%s: cannot broadcast operand of shape %s into the target of shape %s;"
                  + " an in-place operation keeps the target's shape",
              name, b.shape(), target.shape()));
    }
    target.checkWritable(name);
    Tensor y = b.sharesStorageWith(target) ? b.copy() : b;
    if (op == BinaryOp.RIGHT) {
      convertInto(target, y);
    } else if (y.dtype() != target.dtype()) {
      // Compute in the promoted type and round once, as NumPy's a += b does.
      convertInto(target, binary(target, y, op));
    } else {
      run(op, target, target, y);
    }
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
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++, io += so, ia += sa, ib += sb) {
          o[io] = a[ia] + b[ib];
        }
        return;
      case MUL:
        for (int i = 0; i < n; i++, io += so, ia += sa, ib += sb) {
          o[io] = a[ia] * b[ib];
        }
        return;
      default:
        for (int i = 0; i < n; i++, io += so, ia += sa, ib += sb) {
          o[io] = (float) op.apply(a[ia], b[ib]);
        }
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
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++, io += so, ia += sa, ib += sb) {
          o[io] = a[ia] + b[ib];
        }
        return;
      case MUL:
        for (int i = 0; i < n; i++, io += so, ia += sa, ib += sb) {
          o[io] = a[ia] * b[ib];
        }
        return;
      default:
        for (int i = 0; i < n; i++, io += so, ia += sa, ib += sb) {
          o[io] = op.apply(a[ia], b[ib]);
        }
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
        (n, off, st) -> {
          int io = off[0];
          int is = off[1];
          int so = st[0];
          int ss = st[1];
          if (target.f != null && src.f != null) {
            for (int i = 0; i < n; i++, io += so, is += ss) {
              target.f[io] = src.f[is];
            }
          } else if (target.f != null) {
            for (int i = 0; i < n; i++, io += so, is += ss) {
              target.f[io] = (float) src.d[is];
            }
          } else if (src.f != null) {
            for (int i = 0; i < n; i++, io += so, is += ss) {
              target.d[io] = src.f[is];
            }
          } else {
            for (int i = 0; i < n; i++, io += so, is += ss) {
              target.d[io] = src.d[is];
            }
          }
        });
  }

  /** {@code target += alpha * x} in place (BLAS axpy semantics, with broadcasting of x). */
  static void addScaledInPlace(Tensor target, double alpha, Tensor x) {
    if (!x.shape().isBroadcastableTo(target.shape())) {
      throw new IllegalArgumentException(
          String.format(
              "addScaledInPlace: cannot broadcast operand of shape %s into the target of shape"
                  + " %s; an in-place operation keeps the target's shape",
              x.shape(), target.shape()));
    }
    target.checkWritable("addScaledInPlace");
    Tensor y = x.to(target.dtype());
    if (y.sharesStorageWith(target)) {
      y = y.copy();
    }
    Shape shape = target.shape();
    int[] sy = y.broadcastStrides(shape);
    Tensor src = y;
    StridedLoop.forEach(
        shape.dimsUnsafe(),
        new int[][] {target.strides, sy},
        new int[] {target.offset, src.offset},
        (n, off, st) -> {
          int io = off[0];
          int iy = off[1];
          if (target.dtype() == DType.FLOAT32) {
            float[] o = target.f;
            float[] v = src.f;
            float a = (float) alpha;
            for (int i = 0; i < n; i++, io += st[0], iy += st[1]) {
              o[io] += a * v[iy];
            }
          } else {
            double[] o = target.d;
            double[] v = src.d;
            for (int i = 0; i < n; i++, io += st[0], iy += st[1]) {
              o[io] += alpha * v[iy];
            }
          }
        });
  }

  /** {@code out = cond != 0 ? a : b} with broadcasting of all three operands. */
  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    DType dt = DType.promote(a.dtype(), b.dtype());
    Tensor x = a.to(dt);
    Tensor y = b.to(dt);
    Tensor c = cond.to(DType.FLOAT64);
    Shape shape = Shape.broadcast("where", Shape.broadcast("where", c.shape(), x.shape()), y.shape());
    Tensor out = Tensor.empty(shape, dt);
    StridedLoop.forEach(
        shape.dimsUnsafe(),
        new int[][] {
          out.strides, c.broadcastStrides(shape), x.broadcastStrides(shape), y.broadcastStrides(shape)
        },
        new int[] {out.offset, c.offset, x.offset, y.offset},
        (n, off, st) -> {
          int io = off[0];
          int ic = off[1];
          int ia = off[2];
          int ib = off[3];
          for (int i = 0; i < n; i++, io += st[0], ic += st[1], ia += st[2], ib += st[3]) {
            boolean pick = c.d[ic] != 0.0;
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
