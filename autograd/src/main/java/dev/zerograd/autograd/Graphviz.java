package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Draws the recorded graph: the computational graph of the textbook, as Graphviz DOT text, and
 * as SVG or PNG when Graphviz's {@code dot} program is installed.
 *
 * <p>Ops are ellipses labelled with their name and output shape; parameters are filled boxes
 * with their name and shape; constants are plain boxes; each edge is a value flowing from its
 * producer to an op, labelled with its shape. Draw before {@code backward()}, which releases the
 * graph (or pass {@code retainGraph}).
 */
public final class Graphviz {
  private Graphviz() {}

  /**
   * The graph that produced {@code roots}, as DOT text.
   *
   * @param roots the outputs whose graph is drawn
   * @return the graph that produced {@code roots}, as DOT text
   * @throws IllegalStateException when part of the graph was released by backward
   */
  public static String toDot(Variable... roots) {
    checkArgument(roots.length > 0, "Graphviz.toDot: give at least one variable to draw");
    Map<Object, String> ids = new IdentityHashMap<>();
    StringBuilder nodes = new StringBuilder();
    StringBuilder edges = new StringBuilder();
    Deque<Node> todo = new ArrayDeque<>();
    for (Variable root : roots) {
      String id = visit(root, ids, nodes, todo);
      if (root.creator() != null) {
        nodes.append("  ").append(id).append(" [peripheries=2];\n");
      }
    }
    while (!todo.isEmpty()) {
      Node node = todo.pop();
      if (node.released) {
        throw new IllegalStateException(
            "Graphviz: the graph through op "
                + node.describe()
                + " was released by backward(); draw before backward, or call"
                + " backward(seed, true) to keep it");
      }
      String target = ids.get(node);
      for (Variable in : node.inputs) {
        String source = visit(in, ids, nodes, todo);
        edges
            .append("  ")
            .append(source)
            .append(" -> ")
            .append(target)
            .append(" [label=\"")
            .append(in.shape())
            .append("\"];\n");
      }
    }
    return "digraph zerograd {\n"
        + "  rankdir=LR;\n"
        + "  node [fontname=\"Helvetica\", fontsize=11];\n"
        + "  edge [fontname=\"Helvetica\", fontsize=9];\n"
        + nodes
        + edges
        + "}\n";
  }

  /** Declares the DOT node for a variable (its op, or itself for a leaf) once; returns its id. */
  private static String visit(
      Variable v, Map<Object, String> ids, StringBuilder nodes, Deque<Node> todo) {
    Object key = v.creator() != null ? v.creator() : v;
    String id = ids.get(key);
    if (id != null) {
      return id;
    }
    id = "n" + ids.size();
    ids.put(key, id);
    nodes.append("  ").append(id).append(" [");
    if (v.creator() != null) {
      nodes.append("label=\"").append(escape(v.creator().op.name())).append("\\n");
      nodes.append(v.shape()).append("\", shape=ellipse];\n");
      todo.push(v.creator());
    } else {
      String name = v.name() != null ? v.name() : v.requiresGrad() ? "parameter" : "constant";
      nodes.append("label=\"").append(escape(name)).append("\\n").append(v.shape()).append('"');
      nodes.append(
          v.requiresGrad()
              ? ", shape=box, style=\"filled,bold\", fillcolor=\"#cfe2ff\"];\n"
              : ", shape=box];\n");
    }
    return id;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * Writes the graph to {@code output}: DOT text for {@code .dot} or {@code .gv}; for {@code
   * .svg}, {@code .png} or {@code .pdf}, the picture rendered by Graphviz's {@code dot}.
   *
   * @param output the file written
   * @param roots the outputs whose graph is drawn
   * @throws IllegalArgumentException for another file extension
   * @throws IllegalStateException when {@code dot} is not installed or fails, saying how to
   *     install it
   * @throws IOException when the file cannot be written
   */
  public static void write(Path output, Variable... roots) throws IOException {
    String file = output.getFileName().toString();
    String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    String dot = toDot(roots);
    if (ext.equals("dot") || ext.equals("gv")) {
      Files.writeString(output, dot, StandardCharsets.UTF_8);
      return;
    }
    checkArgument(
        List.of("svg", "png", "pdf").contains(ext),
        "Graphviz.write: cannot write '%s'; use a .dot, .gv, .svg, .png or .pdf file",
        file);
    render(dot, ext, output);
  }

  /**
   * Whether Graphviz's {@code dot} program can be run.
   *
   * @return whether Graphviz's {@code dot} program can be run
   */
  public static boolean isDotInstalled() {
    try {
      Process p = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void render(String dot, String format, Path output) throws IOException {
    List<String> command = new ArrayList<>(List.of("dot", "-T" + format, "-o", output.toString()));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Graphviz's 'dot' program was not found on the PATH, so the graph cannot be rendered"
              + " as "
              + format
              + ". Install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install"
              + " graphviz), or write a .dot file and render it elsewhere.",
          e);
    }
    try (OutputStream in = p.getOutputStream()) {
      in.write(dot.getBytes(StandardCharsets.UTF_8));
    }
    String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("Graphviz 'dot' failed: " + messages.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for Graphviz", e);
    }
  }
}
