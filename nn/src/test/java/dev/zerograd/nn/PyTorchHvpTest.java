package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.autograd.Autograd;
import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.ops.Conv2dInputGrad;
import dev.zerograd.autograd.ops.Conv2dWeightGrad;
import dev.zerograd.autograd.ops.Fold2d;
import dev.zerograd.autograd.ops.ReluGrad;
import dev.zerograd.autograd.ops.ScatterAlongAxis;
import dev.zerograd.autograd.ops.ScatterRows;
import dev.zerograd.autograd.ops.SliceScatter;
import dev.zerograd.autograd.ops.Where;
import dev.zerograd.nn.ops.AffineOp;
import dev.zerograd.nn.ops.AvgPool2dOp;
import dev.zerograd.nn.ops.MaxPool2dOp;
import dev.zerograd.nn.ops.SoftmaxCrossEntropy;
import dev.zerograd.tensor.Conv2dSpec;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second derivatives against PyTorch's: the Hessian-vector product of every built-in op (through
 * {@code L = sum(r f) + sum(q f^2) / 2}) and of the two-layer net's loss, computed here by
 * differentiating backward and there by {@code torch.autograd.functional.hvp}, on the same
 * float64 inputs, agree to 1e-10 relative. Runs where Debian's python3-torch is installed (CI
 * installs it).
 */
class PyTorchHvpTest {
  private static final DType F64 = DType.FLOAT64;
  @TempDir Path dir;

  /** One op's case: the function, its inputs, and which of them are constants. */
  private record Case(
      String op, Function<List<Variable>, Variable> f, Tensor[] inputs, boolean[] constant) {}

  private static Case of(String op, Function<List<Variable>, Variable> f, Tensor... inputs) {
    return new Case(op, f, inputs, new boolean[inputs.length]);
  }

  private static List<Case> cases(Generator g) {
    List<Case> c = new ArrayList<>();
    Tensor a = g.uniform(F64, -1, 1, 3, 4);
    Tensor b = g.uniform(F64, -1, 1, 4);
    Tensor pos = g.uniform(F64, 0.5, 2, 3, 4);
    Tensor pos2 = g.uniform(F64, 0.5, 2, 4);
    c.add(of("add", in -> in.get(0).add(in.get(1)), a, b));
    c.add(of("sub", in -> in.get(0).sub(in.get(1)), a, b));
    c.add(of("mul", in -> in.get(0).mul(in.get(1)), a, b));
    c.add(of("div", in -> in.get(0).div(in.get(1)), a, pos2));
    c.add(of("neg", in -> in.get(0).neg(), a));
    c.add(of("exp", in -> in.get(0).exp(), a));
    c.add(of("log", in -> in.get(0).log(), pos));
    c.add(of("pow", in -> in.get(0).pow(in.get(1)), pos, pos2));
    c.add(of("sqrt", in -> in.get(0).sqrt(), pos));
    c.add(of("abs", in -> in.get(0).abs(), a));
    c.add(of("maximum", in -> in.get(0).maximum(in.get(1)), a, b));
    c.add(of("minimum", in -> in.get(0).minimum(in.get(1)), a, b));
    c.add(of("relu", in -> in.get(0).relu(), a));
    c.add(of("sigmoid", in -> in.get(0).sigmoid(), a));
    c.add(of("tanh", in -> in.get(0).tanh(), a));
    Tensor cube = g.uniform(F64, -1, 1, 2, 3, 4);
    c.add(of("sum", in -> in.get(0).sum(new int[] {0, -1}, true), cube));
    c.add(of("matmul", in -> in.get(0).matmul(in.get(1)), a, g.uniform(F64, -1, 1, 4, 2)));
    c.add(of("matmul", in -> in.get(0).matmul(in.get(1)), cube, g.uniform(F64, -1, 1, 4, 2)));
    c.add(of("transpose", in -> in.get(0).transpose(2, 0, 1), cube));
    c.add(of("reshape", in -> in.get(0).reshape(-1, 2), cube));
    c.add(of("gatherRows", in -> in.get(0).gatherRows(new int[] {2, 0, 2, 1}), a));
    c.add(of("softmax", in -> in.get(0).softmax(1), a));
    c.add(of("logSoftmax", in -> in.get(0).logSoftmax(-1), cube));
    c.add(of("broadcastTo", in -> in.get(0).broadcastTo(2, 3, 4), g.uniform(F64, -1, 1, 3, 1)));
    c.add(of("copy", in -> in.get(0).copy(), a));
    c.add(
        of(
            "scatterRows",
            in -> new ScatterRows(new int[] {2, 0, 2}, Shape.of(4, 3)).apply(in.get(0)),
            g.uniform(F64, -1, 1, 3, 3)));
    Tensor mask = g.uniform(F64, 0, 1, 3, 4).gt(0.5);
    c.add(
        new Case(
            "where",
            in -> new Where().apply(in.get(0), in.get(1), in.get(2)),
            new Tensor[] {mask, a, g.uniform(F64, -1, 1, 3, 4)},
            new boolean[] {true, false, false}));
    c.add(
        of(
            "affine",
            in -> new AffineOp().apply(in.get(0), in.get(1), in.get(2)),
            a,
            g.uniform(F64, -1, 1, 4, 5),
            g.uniform(F64, -1, 1, 5)));
    c.add(
        of(
            "softmaxCrossEntropy",
            in -> new SoftmaxCrossEntropy(new int[] {2, 0, 3}).apply(in.get(0)),
            a));
    // Convolution, its two gradients (each the others' derivative), windows and pooling.
    c.add(
        of(
            "conv2d",
            in -> in.get(0).conv2d(in.get(1), 2, 1),
            g.uniform(F64, -1, 1, 2, 2, 5, 4),
            g.uniform(F64, -1, 1, 3, 2, 3, 2)));
    c.add(
        of(
            "conv2dWeightGrad",
            in -> new Conv2dWeightGrad(2, 3, Conv2dSpec.of(1, 1)).apply(in.get(0), in.get(1)),
            g.uniform(F64, -1, 1, 2, 2, 4, 3),
            g.uniform(F64, -1, 1, 2, 3, 5, 3)));
    c.add(
        of(
            "conv2dInputGrad",
            in -> new Conv2dInputGrad(new int[] {2, 2, 5, 6}, Conv2dSpec.of(2, 1)).apply(in.get(0), in.get(1)),
            g.uniform(F64, -1, 1, 3, 2, 3, 3),
            g.uniform(F64, -1, 1, 2, 3, 3, 3)));
    // PyTorch's options: stride (2, 1), padding (1, 2), dilation (2, 1), 2 groups.
    Conv2dSpec general =
        Conv2dSpec.DEFAULT.withStride(2, 1).withPadding(1, 2).withDilation(2, 1).withGroups(2);
    c.add(
        of(
            "conv2dGeneral",
            in -> in.get(0).conv2d(in.get(1), general),
            g.uniform(F64, -1, 1, 2, 4, 7, 5),
            g.uniform(F64, -1, 1, 6, 2, 3, 2)));
    c.add(
        of(
            "conv2dWeightGradGeneral",
            in -> new Conv2dWeightGrad(3, 2, general).apply(in.get(0), in.get(1)),
            g.uniform(F64, -1, 1, 2, 4, 7, 5),
            g.uniform(F64, -1, 1, 2, 6, 3, 8)));
    c.add(
        of(
            "conv2dInputGradGeneral",
            in -> new Conv2dInputGrad(new int[] {2, 4, 7, 5}, general).apply(in.get(0), in.get(1)),
            g.uniform(F64, -1, 1, 6, 2, 3, 2),
            g.uniform(F64, -1, 1, 2, 6, 3, 8)));
    c.add(
        of("unfold2d", in -> in.get(0).unfold2d(3, 2, 2, 1), g.uniform(F64, -1, 1, 2, 2, 5, 4)));
    c.add(
        of(
            "maxPool2d",
            in -> new MaxPool2dOp(2, 2).apply(in.get(0)),
            g.uniform(F64, -1, 1, 2, 3, 5, 7)));
    // Pooling with PyTorch's padding and ceil mode: 6 rows give 4 windows in ceil mode, 3 in floor.
    Tensor pooled = g.uniform(F64, -1, 1, 2, 2, 6, 5);
    c.add(
        of("maxPool2dPadCeil", in -> new MaxPool2dOp(3, 2, 1, true).apply(in.get(0)), pooled));
    c.add(of("avgPool2d", in -> new AvgPool2dOp(3, 2).apply(in.get(0)), pooled));
    c.add(
        of(
            "avgPool2dPadCeil",
            in -> new AvgPool2dOp(3, 2, 1, true, true).apply(in.get(0)),
            pooled));
    c.add(
        of(
            "avgPool2dPadCeilExcludePad",
            in -> new AvgPool2dOp(3, 2, 1, true, false).apply(in.get(0)),
            pooled));
    c.add(
        of(
            "fold2d",
            in -> new Fold2d(new int[] {1, 2, 4, 3}, 2, 2, 1, 0).apply(in.get(0)),
            g.uniform(F64, -1, 1, 1, 8, 6)));
    c.add(
        of(
            "takeAlongAxis",
            in -> in.get(0).takeAlongAxis(1, new int[] {2, 0, 1, 1, 0, 0}),
            g.uniform(F64, -1, 1, 3, 4)));
    c.add(
        of(
            "scatterAlongAxis",
            in ->
                new ScatterAlongAxis(1, new int[] {2, 0, 1, 1, 0, 0}, new int[] {3, 4})
                    .apply(in.get(0)),
            g.uniform(F64, -1, 1, 3, 2)));
    c.add(of("maxAlongAxis", in -> in.get(0).max(1, false), cube));
    c.add(of("slice", in -> in.get(0).slice(1, 1, 5, 2), g.uniform(F64, -1, 1, 2, 6)));
    c.add(
        of(
            "sliceScatter",
            in -> new SliceScatter(new int[] {2, 6}, 1, 1, 5, 2).apply(in.get(0)),
            g.uniform(F64, -1, 1, 2, 2)));
    c.add(
        of(
            "concat",
            in -> Variable.concat(1, in.get(0), in.get(1), in.get(0)),
            g.uniform(F64, -1, 1, 2, 3),
            g.uniform(F64, -1, 1, 2, 1)));
    c.add(
        new Case(
            "reluGrad",
            in -> new ReluGrad().apply(in.get(0), in.get(1)),
            new Tensor[] {a, g.uniform(F64, -1, 1, 3, 4)},
            new boolean[] {false, true}));
    Tensor targets = g.uniform(F64, 0, 1, 3, 4);
    c.add(
        of(
            "softmaxCrossEntropyTargets",
            in -> SoftmaxCrossEntropy.withTargets().apply(in.get(0), in.get(1)),
            a,
            targets.div(targets.sum(new int[] {1}, true))));
    return c;
  }

  @Test
  void everyOpAndTheTwoLayerNetMatchPyTorch() throws Exception {
    assumeTrue(Torch.installed(), "/usr/bin/python3 with torch and numpy is not installed");
    Generator g = new Generator(20261129);
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    Map<String, List<Tensor>> ours = new LinkedHashMap<>();
    List<Case> cases = cases(g);
    for (int k = 0; k < cases.size(); k++) {
      Case c = cases.get(k);
      String key = String.format("c%02d_%s", k, c.op());
      List<Variable> vars = new ArrayList<>();
      List<Variable> wrt = new ArrayList<>();
      List<Tensor> v = new ArrayList<>();
      for (int i = 0; i < c.inputs().length; i++) {
        Tensor x = c.inputs()[i];
        Tensor dir = c.constant()[i] ? Tensor.zeros(x.shape(), F64) : g.normal(F64, 0, 1, x.shape().toArray());
        Variable var = c.constant()[i] ? Variable.of(x) : Variable.parameter(x, "in" + i);
        vars.add(var);
        if (!c.constant()[i]) {
          wrt.add(var);
          v.add(dir);
        }
        arrays.put(key + ".in" + i, x);
        arrays.put(key + ".v" + i, dir);
      }
      Shape out = c.f().apply(vars).shape();
      Tensor r = g.normal(F64, 0, 1, out.toArray());
      Tensor q = g.normal(F64, 0, 1, out.toArray());
      arrays.put(key + ".r", r);
      arrays.put(key + ".q", q);
      Variable y = c.f().apply(vars);
      Variable loss =
          y.mul(Variable.of(r)).sum().add(y.mul(y).mul(Variable.of(q)).sum().mul(0.5));
      List<Tensor> hv = Autograd.hvp(loss, wrt, v);
      List<Tensor> all = new ArrayList<>();
      for (int i = 0, j = 0; i < c.inputs().length; i++) {
        all.add(c.constant()[i] ? null : hv.get(j++));
      }
      ours.put(key, all);
    }
    // The two-layer net: its loss with respect to W1, b1, W2, b2 at 3 random images.
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 0.01, F64, 7);
    Tensor x = g.uniform(F64, 0, 1, 3, 784);
    int[] t = {7, 2, 1};
    List<Variable> params = net.parameters();
    List<Tensor> v = new ArrayList<>();
    String key = "c99_net";
    arrays.put(key + ".in0", x);
    arrays.put(key + ".v0", Tensor.zeros(x.shape(), F64));
    for (int i = 0; i < params.size(); i++) {
      v.add(g.normal(F64, 0, 1, params.get(i).shape().toArray()));
      arrays.put(key + ".in" + (i + 1), params.get(i).value());
      arrays.put(key + ".v" + (i + 1), v.get(i));
    }
    arrays.put(key + ".t", Tensor.of(new double[] {7, 2, 1}));
    List<Tensor> netHv = new ArrayList<>();
    netHv.add(null);
    netHv.addAll(Autograd.hvp(net.loss(x, t), params, v));
    ours.put(key, netHv);

    Map<String, Tensor> theirs = Torch.run(getClass(), "/torch_hvp.py", arrays, dir);
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, List<Tensor>> e : ours.entrySet()) {
      List<Tensor> hv = e.getValue();
      for (int i = 0; i < hv.size(); i++) {
        if (hv.get(i) == null) {
          continue;
        }
        Tensor torch = theirs.get(e.getKey() + ".hv" + i);
        double scale = Math.max(torch.abs().max().item(), 1e-30);
        double err = hv.get(i).sub(torch).abs().max().item() / scale;
        assertTrue(err <= 1e-10, e.getKey() + " input " + i + ": relative error " + err);
        checked.add(e.getKey());
      }
    }
    assertEquals(cases.size() + 1, checked.stream().distinct().count(), "cases compared");
  }
}
