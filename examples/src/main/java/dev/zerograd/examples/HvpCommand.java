package dev.zerograd.examples;

import dev.zerograd.autograd.Autograd;
import dev.zerograd.autograd.Variable;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.data.mnist.MnistLocator;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A Hessian-vector product of the two-layer net's loss, checked against finite differences. */
@Command(
    name = "hvp",
    mixinStandardHelpOptions = true,
    description = {
      "Computes the Hessian-vector product of the two-layer net's loss (784-50-10, float64) on"
          + " the first 3 MNIST training images with respect to all its parameters, along a"
          + " seeded random direction, by differentiating backward; compares it with central"
          + " differences of the gradient and prints 'HVP rel_err_vs_finite_difference=E'"
          + " (|Hv - fd| / |fd| over all parameters; the step stays clear of ReLU kinks);"
          + " exits with 1 if E is 1e-6 or more."
    })
final class HvpCommand implements Callable<Integer> {
  /** The largest relative error that passes. */
  static final double LIMIT = 1e-6;

  /** The largest finite-difference step along the direction. */
  static final double MAX_STEP = 1e-5;

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "directory with the MNIST files")
  Path dataDir;

  @Option(names = "--seed", paramLabel = "N", description = "seed of the direction (default: 0)")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Mnist data = MnistLocator.standard(dataDir, spec.commandLine().getErr()).load();
    FirstImages first = new FirstImages(data, 3, "hvp");
    Tensor x = first.x;
    int[] t = first.t;
    TwoLayerNet net = new TwoLayerNet(x.dim(1), 50, 10, 0.01);
    List<Variable> params = net.parameters();
    Generator g = new Generator(seed);
    List<Tensor> v = new ArrayList<>();
    for (Variable p : params) {
      v.add(g.normal(DType.FLOAT64, 0, 1, p.shape().toArray()));
    }
    List<Tensor> hv = Autograd.hvp(net.loss(x, t), params, v);
    List<Tensor> fd = finiteDifference(net, params, v, x, t);
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < hv.size(); i++) {
      Tensor d = hv.get(i).sub(fd.get(i));
      diff += d.mul(d).sum().item();
      norm += fd.get(i).mul(fd.get(i)).sum().item();
    }
    double rel = Math.sqrt(diff / norm);
    out.println(String.format(Locale.ROOT, "HVP rel_err_vs_finite_difference=%.3e", rel));
    return rel < LIMIT ? 0 : 1;
  }

  /**
   * {@code (grad L(p + h v) - grad L(p - h v)) / 2h} for every parameter. The step h stays below
   * a tenth of the distance, along v, to the nearest ReLU kink (a hidden pre-activation {@code z
   * = x W1 + b1} reaching 0): the gradient jumps there, and a difference across the jump says
   * nothing of the Hessian.
   */
  private static List<Tensor> finiteDifference(
      TwoLayerNet net, List<Variable> params, List<Tensor> v, Tensor x, int[] t) {
    Tensor z = x.matmul(params.get(0).value()).add(params.get(1).value());
    Tensor dz = x.matmul(v.get(0)).add(v.get(1)); // how fast z moves along v
    double toKink = z.abs().div(dz.abs()).min().item();
    double step = Math.min(MAX_STEP, toKink / 10);
    List<Tensor> plus = shiftedGradient(net, params, v, x, t, step);
    List<Tensor> minus = shiftedGradient(net, params, v, x, t, -step);
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < plus.size(); i++) {
      out.add(plus.get(i).sub(minus.get(i)).div(2 * step));
    }
    return out;
  }

  private static List<Tensor> shiftedGradient(
      TwoLayerNet net, List<Variable> params, List<Tensor> v, Tensor x, int[] t, double step) {
    List<Tensor> saved = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      saved.add(params.get(i).value().copy());
      params.get(i).value().addScaledInPlace(step, v.get(i));
    }
    try {
      List<Tensor> out = new ArrayList<>();
      for (Variable gi : Autograd.grad(net.loss(x, t), params, false)) {
        out.add(gi.value());
      }
      return out;
    } finally {
      for (int i = 0; i < params.size(); i++) {
        params.get(i).value().assignInPlace(saved.get(i));
      }
    }
  }
}
