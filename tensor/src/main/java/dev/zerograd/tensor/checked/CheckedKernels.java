package dev.zerograd.tensor.checked;

import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.spi.BinaryOp;
import dev.zerograd.tensor.spi.Kernels;
import dev.zerograd.tensor.spi.KernelsProvider;
import dev.zerograd.tensor.spi.Reduction;
import dev.zerograd.tensor.spi.Storage;
import dev.zerograd.tensor.spi.UnaryOp;
import dev.zerograd.tensor.spi.View;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The {@code checked} backend's kernels: each unwraps its views ({@link CheckedStorage} to the CPU
 * storage inside), refusing any other storage, counts what crosses between host and backend, and
 * runs the CPU kernel. Nothing else: no arithmetic of its own, so its results are the CPU's.
 */
final class CheckedKernels implements Kernels {
  static final String NAME = "checked";
  static final CheckedKernels INSTANCE = new CheckedKernels();
  private static final int RECENT = 32;

  private final Kernels cpu;
  private final AtomicLong copies = new AtomicLong();
  private final ArrayDeque<String> recent = new ArrayDeque<>();

  private CheckedKernels() {
    Kernels found = null;
    for (KernelsProvider p : KernelsProvider.all()) {
      if (p.name().equals("cpu")) {
        found = p.kernels();
      }
    }
    if (found == null) {
      throw new IllegalStateException(
          "checked backend: the cpu backend it computes with is not on the class path");
    }
    this.cpu = found;
  }

  @Override
  public String name() {
    return NAME;
  }

  // ---------------------------------------------------------------- unwrapping and counting

  private static Storage in(Storage s) {
    if (s instanceof CheckedStorage) {
      return ((CheckedStorage) s).inner();
    }
    throw new IllegalArgumentException(
        String.format(
            "checked backend: got storage of another backend (%s of %d %s elements); a tensor"
                + " made elsewhere reached this backend's kernels: move it with"
                + " tensor.to(Backend.named(\"checked\"))",
            s.getClass().getSimpleName(), s.size(), s.dtype()));
  }

  private static View in(View v) {
    return new View(in(v.storage()), v.dims(), v.strides(), v.offset());
  }

  private static View[] in(View[] vs) {
    View[] out = new View[vs.length];
    for (int i = 0; i < vs.length; i++) {
      out[i] = in(vs[i]);
    }
    return out;
  }

  private static Storage out(Storage inner) {
    return new CheckedStorage(inner);
  }

  /** Counts one copy between host and backend and remembers who asked for it. */
  private void copied(String kind) {
    copies.incrementAndGet();
    String site =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                frames ->
                    frames
                        .filter(f -> !inTensorLibrary(f.getDeclaringClass()))
                        .findFirst()
                        .map(f -> f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
                        .orElse("?"));
    synchronized (recent) {
      if (recent.size() == RECENT) {
        recent.removeFirst();
      }
      recent.addLast(kind + " at " + site);
    }
  }

  /** Whether {@code c} comes from the tensor library's own classes (not a caller of them). */
  private static boolean inTensorLibrary(Class<?> c) {
    java.security.CodeSource mine = CheckedKernels.class.getProtectionDomain().getCodeSource();
    java.security.CodeSource theirs = c.getProtectionDomain().getCodeSource();
    return mine != null && theirs != null && mine.getLocation().equals(theirs.getLocation());
  }

  @Override
  public long hostCopies() {
    return copies.get();
  }

  @Override
  public List<String> recentHostCopies() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  // ---------------------------------------------------------------- memory

  @Override
  public Storage allocate(DType dtype, int size) {
    return out(cpu.allocate(dtype, size));
  }

  @Override
  public Storage wrap(float[] values) {
    copied("upload of " + values.length + " float32");
    return out(cpu.wrap(values.clone()));
  }

  @Override
  public Storage wrap(double[] values) {
    copied("upload of " + values.length + " float64");
    return out(cpu.wrap(values.clone()));
  }

  @Override
  public Storage fromUint8(byte[] data, double divisor, DType dtype) {
    copied("upload of " + data.length + " uint8");
    return out(cpu.fromUint8(data, divisor, dtype));
  }

  @Override
  public double get(Storage storage, int index) {
    copied("read of one element");
    return cpu.get(in(storage), index);
  }

  @Override
  public void set(Storage storage, int index, double value) {
    copied("write of one element");
    cpu.set(in(storage), index, value);
  }

  @Override
  public void fill(View out, double value) {
    cpu.fill(in(out), value);
  }

  @Override
  public void copyOut(View src, float[] out) {
    copied("download of " + out.length + " float32");
    cpu.copyOut(in(src), out);
  }

  @Override
  public void copyOut(View src, double[] out) {
    copied("download of " + out.length + " float64");
    cpu.copyOut(in(src), out);
  }

  @Override
  public void generate(View out, DoubleSupplier next) {
    copied("upload of " + out.size() + " generated values");
    cpu.generate(in(out), next);
  }

  // ---------------------------------------------------------------- elementwise

  @Override
  public void unary(UnaryOp op, View out, View a) {
    cpu.unary(op, in(out), in(a));
  }

  @Override
  public void binary(BinaryOp op, View out, View a, View b) {
    cpu.binary(op, in(out), in(a), in(b));
  }

  @Override
  public void assign(View out, View src) {
    cpu.assign(in(out), in(src));
  }

  @Override
  public void addScaled(View target, double alpha, View x) {
    cpu.addScaled(in(target), alpha, in(x));
  }

  @Override
  public void where(View out, View cond, View a, View b) {
    cpu.where(in(out), in(cond), in(a), in(b));
  }

  @Override
  public boolean allFinite(View a) {
    copied("download of a finiteness flag");
    return cpu.allFinite(in(a));
  }

  @Override
  public void thresholdBackward(View out, View grad, View input, double threshold) {
    cpu.thresholdBackward(in(out), in(grad), in(input), threshold);
  }

  @Override
  public void adam(
      View param, View grad, View m, View v, double lr, double beta1, double beta2, double eps) {
    cpu.adam(in(param), in(grad), in(m), in(v), lr, beta1, beta2, eps);
  }

  // ---------------------------------------------------------------- windows

  @Override
  public void maxPool2d(View out, View in, int kernel, int stride, int[] argmax) {
    copied("download of " + argmax.length + " pooling indices");
    cpu.maxPool2d(in(out), in(in), kernel, stride, argmax);
  }

  @Override
  public void conv2d(View out, View x, View w, Conv2dSpec spec) {
    cpu.conv2d(in(out), in(x), in(w), spec);
  }

  @Override
  public void conv2dWeightGrad(View dw, View x, View dy, Conv2dSpec spec) {
    cpu.conv2dWeightGrad(in(dw), in(x), in(dy), spec);
  }

  @Override
  public void conv2dInputGrad(View dx, View w, View dy, Conv2dSpec spec) {
    cpu.conv2dInputGrad(in(dx), in(w), in(dy), spec);
  }

  // ---------------------------------------------------------------- reductions

  @Override
  public void reduce(Reduction kind, View out, View in) {
    cpu.reduce(kind, in(out), in(in));
  }

  @Override
  public int[] argmax(View in, int axis) {
    copied("download of argmax indices");
    return cpu.argmax(in(in), axis);
  }

  @Override
  public void softmax(View out, View in, int axis, boolean log) {
    cpu.softmax(in(out), in(in), axis, log);
  }

  // ---------------------------------------------------------------- products

  @Override
  public void gemm(View a, View b, View c, double alpha, double beta) {
    cpu.gemm(in(a), in(b), in(c), alpha, beta);
  }

  @Override
  public void gemmBatch(View[] a, View[] b, View[] c, double alpha, double beta) {
    cpu.gemmBatch(in(a), in(b), in(c), alpha, beta);
  }

  @Override
  public void gemv(View a, View x, View y) {
    cpu.gemv(in(a), in(x), in(y));
  }

  @Override
  public double dot(View x, View y) {
    copied("download of a dot product");
    return cpu.dot(in(x), in(y));
  }

  // ---------------------------------------------------------------- indexing

  @Override
  public void indexSelect(View out, View in, int axis, int[] indices) {
    copied("upload of " + indices.length + " indices");
    cpu.indexSelect(in(out), in(in), axis, indices);
  }

  @Override
  public void indexAdd(View target, View src, int axis, int[] indices) {
    copied("upload of " + indices.length + " indices");
    cpu.indexAdd(in(target), in(src), axis, indices);
  }

  @Override
  public void takeAlongAxis(View out, View in, int axis, int[] indices) {
    copied("upload of " + indices.length + " indices");
    cpu.takeAlongAxis(in(out), in(in), axis, indices);
  }

  @Override
  public void scatterAdd(View target, View src, int axis, int[] indices) {
    copied("upload of " + indices.length + " indices");
    cpu.scatterAdd(in(target), in(src), axis, indices);
  }
}
