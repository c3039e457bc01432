package dev.zerograd.examples;

import dev.zerograd.autograd.Graphviz;
import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Draws the computational graph of one training step of the two-layer net. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the computational graph of one training step of the two-layer net (a batch of 100"
          + " MNIST-shaped inputs through Affine, ReLU, Affine and SoftmaxWithLoss) as Graphviz"
          + " DOT, and as SVG and PNG beside it when Graphviz's 'dot' is installed."
    })
final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  Path output = Path.of("two-layer-net.dot");

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH.dot",
      description = "the DOT file to write (default: two-layer-net.dot)")
  void setOutput(Path p) {
    output = OutputFiles.check(spec, "--output", p, ".dot");
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Generator g = new Generator(0);
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 0.01, DType.FLOAT32, 0);
    Tensor x = g.uniform(DType.FLOAT32, 0, 1, 100, 784);
    int[] t = g.integers(0, 10, 100);
    Variable loss = net.loss(x, t);
    Graphviz.write(output, loss);
    out.println("wrote " + output);
    if (Graphviz.isDotInstalled()) {
      String base = output.toString().substring(0, output.toString().length() - 4);
      for (String ext : new String[] {".svg", ".png"}) {
        Graphviz.write(Path.of(base + ext), loss);
        out.println("wrote " + base + ext);
      }
    } else {
      out.println(
          "Graphviz's 'dot' is not installed, so no SVG/PNG was rendered; install it"
              + " (Debian/Ubuntu: apt-get install graphviz) or render the DOT file elsewhere");
    }
    return 0;
  }
}
