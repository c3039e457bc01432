package dev.zerograd.examples;

import dev.zerograd.autograd.Variable;
import dev.zerograd.autograd.testing.OpGradCheck;
import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.data.mnist.MnistLocator;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A user-defined op, gradient-checked and trained inside a network on MNIST. */
@Command(
    name = "custom-op",
    mixinStandardHelpOptions = true,
    description = {
      "A worked custom op: Swish (x * sigmoid(x)) written with the public Op API"
          + " (examples/src/main/java/dev/zerograd/examples/Swish.java), gradient-checked on"
          + " random shapes and views, then used as the activation of a 784-100-10 network"
          + " trained on MNIST."
    })
final class CustomOpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "directory with the MNIST files")
  Path dataDir;

  int iterations = 1200;

  @Option(names = "--iterations", paramLabel = "N", description = "training steps (default: 1200)")
  void setIterations(int n) {
    iterations = OptionChecks.count(spec, "--iterations", n);
  }

  /** Swish as a layer. */
  static final class SwishLayer extends Module {
    @Override
    public Variable forward(Variable x) {
      return new Swish().apply(x);
    }
  }

  /** Affine, Swish, Affine: 784-100-10. */
  static Sequential network(int pixels) {
    Generator g = new Generator(0);
    return new Sequential()
        .add("affine1", new Affine(pixels, 100, Init.he(), DType.FLOAT32, g))
        .add("swish1", new SwishLayer())
        .add("affine2", new Affine(100, 10, Init.he(), DType.FLOAT32, g));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OpGradCheck check = OpGradCheck.of(new Swish()).domain(-3, 3).cases(5);
    check.check();
    out.println("gradient check of swish: " + check.caseCount() + " cases passed (float64)");
    Mnist data = MnistLocator.standard(dataDir, spec.commandLine().getErr()).load();
    int pixels = data.train().images().dim(1);
    Sequential net = network(pixels);
    out.println(net);
    MnistTrainer.Result r =
        MnistTrainer.train(
            net,
            () -> network(pixels),
            DType.FLOAT32,
            new SGD(net, 0.1),
            data,
            iterations,
            100,
            1,
            e -> out.println(e.line()),
            (done, loss) -> {});
    out.println(
        String.format(
            Locale.ROOT,
            "swish network: test_acc=%.4f after %d iterations",
            r.last().testAccuracy(),
            iterations));
    return 0;
  }
}
