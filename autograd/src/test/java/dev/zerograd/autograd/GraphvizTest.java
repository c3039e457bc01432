package dev.zerograd.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphvizTest {
  private static Variable affineReluLoss() {
    Variable x = Variable.of(Tensor.ones(DType.FLOAT32, 100, 784), "x");
    Variable w = Variable.parameter(Tensor.zeros(DType.FLOAT32, 784, 50), "W1");
    Variable b = Variable.parameter(Tensor.zeros(DType.FLOAT32, 50), "b1");
    return x.matmul(w).add(b).relu().sum();
  }

  @Test
  void dotShowsOpsParametersAndShapes() {
    String dot = Graphviz.toDot(affineReluLoss());
    assertTrue(dot.startsWith("digraph zerograd {"), dot);
    assertTrue(dot.contains("label=\"matmul\\n(100, 50)\", shape=ellipse"), dot);
    assertTrue(dot.contains("label=\"W1\\n(784, 50)\", shape=box, style=\"filled,bold\""), dot);
    assertTrue(dot.contains("label=\"x\\n(100, 784)\", shape=box]"), dot);
    assertTrue(dot.contains("label=\"sum\\n()\""), dot);
    assertTrue(dot.contains("[peripheries=2]"), dot);
    // x and W1 into matmul, matmul and b1 into add, add into relu, relu into sum
    assertEquals(6, dot.split("->", -1).length - 1, dot);
  }

  @Test
  void sharedValuesAppearOnce() {
    Variable p = Variable.parameter(Tensor.ones(DType.FLOAT64, 2), "p");
    String dot = Graphviz.toDot(p.mul(p).add(p).sum());
    assertEquals(1, dot.split("label=\"p\\\\n", -1).length - 1, dot);
  }

  @Test
  void releasedGraphCannotBeDrawn() {
    Variable loss = affineReluLoss();
    loss.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Graphviz.toDot(loss));
    assertTrue(e.getMessage().contains("draw before backward"), e.getMessage());
  }

  @Test
  void writesDotFiles(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("graph.dot");
    Graphviz.write(out, affineReluLoss());
    assertTrue(Files.readString(out).contains("matmul"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Graphviz.write(dir.resolve("graph.jpg"), affineReluLoss()));
    assertTrue(e.getMessage().contains("'graph.jpg'"), e.getMessage());
  }

  @Test
  void rendersSvgWhenGraphvizIsInstalled(@TempDir Path dir) throws IOException {
    assumeTrue(Graphviz.isDotInstalled(), "Graphviz is not installed");
    Path out = dir.resolve("graph.svg");
    Graphviz.write(out, affineReluLoss());
    String svg = Files.readString(out, StandardCharsets.UTF_8);
    assertTrue(svg.contains("<svg"), svg);
    assertTrue(svg.contains("matmul"), svg);
  }

  @Test
  void explainsHowToInstallGraphvizWhenMissing(@TempDir Path dir) {
    assumeFalse(Graphviz.isDotInstalled(), "Graphviz is installed");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Graphviz.write(dir.resolve("graph.png"), affineReluLoss()));
    assertTrue(e.getMessage().contains("apt-get install graphviz"), e.getMessage());
  }
}
