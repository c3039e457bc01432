package dev.zerograd.interop;

import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.AvgPool2d;
import dev.zerograd.nn.BatchNorm;
import dev.zerograd.nn.Conv2d;
import dev.zerograd.nn.DeepConvNet;
import dev.zerograd.nn.Dropout;
import dev.zerograd.nn.EvalMode;
import dev.zerograd.nn.Flatten;
import dev.zerograd.nn.MaxPool2d;
import dev.zerograd.nn.Mlp;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.Relu;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.Sigmoid;
import dev.zerograd.nn.SimpleConvNet;
import dev.zerograd.nn.Tanh;
import dev.zerograd.nn.TwoLayerNet;
import java.util.List;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Tensor;

/**
 * Rounding bounds of an evaluation through the library's layers, layer by layer: each layer's
 * own roundings (Higham's bounds for its sums, from the dtype and the sum's length) plus the error
 * it inherits from its input, carried by its Lipschitz constant. Two evaluations of one net by
 * two programs (zerograd and ONNX Runtime) each lie within the bound of the exact result, so they
 * differ by at most twice it, whatever order either sums in.
 */
final class ForwardBound {
  private ForwardBound() {}

  /** A computed value and a float64 bound on its distance from the exact value. */
  record Approx(Tensor value, Tensor error) {
    static Approx exact(Tensor x) {
      return new Approx(x, Tensor.zeros(x.shape(), DType.FLOAT64));
    }

    /** The magnitude the next layer's sums may see: |value| + error. */
    Tensor reach() {
      return value.to(DType.FLOAT64).abs().add(error);
    }
  }

  /**
   * The error bound of a convolution of {@code in} with filters {@code w} and bias {@code b}
   * (null for none): each output is a sum of {@code C kh kw} products and the bias.
   */
  static Tensor conv(Approx in, Tensor w, Tensor b, Conv2dSpec spec, DType dt) {
    Tensor aw = w.to(DType.FLOAT64).abs();
    int k = aw.dim(1) * aw.dim(2) * aw.dim(3);
    Tensor own = in.reach().conv2d(aw, spec);
    if (b != null) {
      own = own.add(b.to(DType.FLOAT64).abs().reshape(1, -1, 1, 1));
    }
    own = own.mul(Rounding.gamma(dt, k + 1L));
    return own.add(in.error().conv2d(aw, spec));
  }

  static Approx through(Module layer, Approx in) {
    if (layer instanceof Mlp m) {
      return through(m.modules().get("layers"), in);
    }
    if (layer instanceof Sequential s) {
      Approx a = in;
      for (Module m : s.modules().values()) {
        a = through(m, a);
      }
      return a;
    }
    Tensor y;
    try (EvalMode eval = EvalMode.enter();
        NoGrad none = NoGrad.enter()) {
      y = layer.forward(Variable.of(in.value())).value();
    }
    DType dt = y.dtype();
    if (layer instanceof Affine a) {
      Tensor x = in.value().reshape(in.value().dim(0), -1);
      Tensor e = in.error().reshape(x.shape().toArray());
      Tensor err = Rounding.affineErrorBound(x, e, a.weight().value(), a.bias().value());
      return new Approx(y, err);
    }
    if (layer instanceof Conv2d c) {
      Tensor b = c.bias() == null ? null : c.bias().value();
      return new Approx(y, conv(in, c.weight().value(), b, c.spec(), dt));
    }
    if (layer instanceof MaxPool2d p) {
      // |max(a') - max(a)| <= max |a'_i - a_i| over the window; the maximum itself is exact.
      try (NoGrad none = NoGrad.enter()) {
        return new Approx(y, p.forward(Variable.of(in.error())).value());
      }
    }
    if (layer instanceof AvgPool2d p) {
      AvgPool2d pool = p;
      Tensor inherited;
      Tensor own;
      try (NoGrad none = NoGrad.enter()) {
        inherited = pool.forward(Variable.of(in.error())).value();
        own = pool.forward(Variable.of(in.reach())).value();
      }
      return new Approx(y, inherited.add(own.mul(Rounding.gamma(dt, p.kernel() * p.kernel() + 1L))));
    }
    if (layer instanceof BatchNorm bn) {
      int rank = in.value().rank();
      int[] shape = new int[rank];
      java.util.Arrays.fill(shape, 1);
      shape[1] = -1;
      Tensor scale =
          bn.gamma().value().to(DType.FLOAT64).div(bn.runningVar().to(DType.FLOAT64).add(bn.eps()).sqrt())
              .abs()
              .reshape(shape);
      Tensor centred =
          in.reach().add(bn.runningMean().to(DType.FLOAT64).abs().reshape(shape)).mul(scale);
      Tensor own =
          centred.add(bn.beta().value().to(DType.FLOAT64).abs().reshape(shape)).mul(Rounding.gamma(dt, 8));
      return new Approx(y, in.error().mul(scale).mul(1 + Rounding.gamma(dt, 8)).add(own));
    }
    if (layer instanceof Dropout d && d.isTextbook()) {
      // x (1 - p): the error scaled, plus one rounding of the product.
      Tensor own = y.to(DType.FLOAT64).abs().mul(Rounding.unitRoundoff(dt));
      return new Approx(y, in.error().mul(1 - d.p()).add(own));
    }
    if (layer instanceof Relu || layer instanceof Flatten || layer instanceof Dropout) {
      return new Approx(y, in.error().reshape(y.shape().toArray()));
    }
    if (layer instanceof Sigmoid || layer instanceof Tanh) {
      // 1-Lipschitz (sigmoid 1/4), and a few roundings of the result's size.
      Tensor own = y.to(DType.FLOAT64).abs().mul(Rounding.gamma(dt, 8)).add(Rounding.unitRoundoff(dt));
      return new Approx(y, in.error().add(own));
    }
    throw new IllegalArgumentException("ForwardBound: no bound for " + layer.getClass().getName());
  }

  /**
   * The model's output on {@code x} (its predict) and the bound of that evaluation, for the
   * library's nets (the SimpleConvNet's written out: it adds its conv bias after pooling) and
   * Sequentials of layers.
   */
  static Approx evaluate(Module model, Tensor x) {
    if (model instanceof TwoLayerNet net) {
      Approx a = Approx.exact(x);
      for (Module layer : net.layers().values()) {
        a = through(layer, a);
      }
      return new Approx(net.predict(x), a.error());
    }
    if (model instanceof DeepConvNet net) {
      Tensor images = x.rank() == 2 ? x.reshape(x.dim(0), 1, 28, 28) : x;
      return new Approx(net.predict(x), through(net.modules().get("layers"), Approx.exact(images)).error());
    }
    if (model instanceof SimpleConvNet net) {
      // conv - pool - bias - ReLU - flatten - affine - ReLU - affine, as its forward computes.
      Sequential layers = (Sequential) net.modules().get("layers");
      Conv2d conv = (Conv2d) layers.modules().get("conv1");
      int side = (int) Math.round(Math.sqrt(x.size() / (double) x.dim(0) / conv.weight().shape().dim(1)));
      Tensor images = x.rank() == 2 ? x.reshape(x.dim(0), conv.weight().shape().dim(1), side, side) : x;
      Approx start = Approx.exact(images);
      Tensor convolved = images.conv2d(conv.weight().value(), conv.stride(), conv.pad());
      Approx a =
          new Approx(
              convolved,
              conv(start, conv.weight().value(), null, conv.spec(), x.dtype()));
      a = through(layers.modules().get("pool1"), a);
      Tensor b = conv.bias().value();
      Tensor biased = a.value().add(b.reshape(1, -1, 1, 1));
      Tensor err = a.error().add(biased.to(DType.FLOAT64).abs().mul(Rounding.unitRoundoff(b.dtype())));
      a = new Approx(biased, err);
      for (String name : List.of("relu1", "flatten", "affine1", "relu2", "affine2")) {
        a = through(layers.modules().get(name), a);
      }
      return new Approx(net.predict(x), a.error());
    }
    Approx a = through(model, Approx.exact(x));
    return new Approx(model.predict(x), a.error());
  }
}
