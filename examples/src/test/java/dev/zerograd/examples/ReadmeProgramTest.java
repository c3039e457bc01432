package dev.zerograd.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.data.mnist.FakeMnist;
import dev.zerograd.nn.Activation;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Mlp;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's dependency program, taken from the file as it stands (the block after {@code <!--
 * dependency-program -->}), compiled against the library jars' classes and run in a fresh JVM: it
 * runs as a user pastes it.
 */
class ReadmeProgramTest {
  private static final Pattern EPOCH = Pattern.compile("(?m)^epoch (\\d+) test_acc ([0-9.]+)$");

  @Test
  void compilesAndRunsOnGeneratedFiles(@TempDir Path dir) throws Exception {
    Path classes = compile(dir);
    Path data = Files.createDirectories(dir.resolve("data"));
    FakeMnist.write(data, 300, 50, false);
    Path work = Files.createDirectories(dir.resolve("work"));

    String out = run(classes, work, data);

    Matcher m = EPOCH.matcher(out);
    List<Double> accuracies = new ArrayList<>();
    while (m.find()) {
      accuracies.add(Double.parseDouble(m.group(2)));
    }
    assertEquals(2, accuracies.size(), "two epoch lines in:\n" + out);
    for (double a : accuracies) {
      assertTrue(a >= 0 && a <= 1, "an accuracy in [0, 1]: " + out);
    }
    Path npz = work.resolve("net.npz");
    assertTrue(Files.isRegularFile(npz), "the program writes net.npz in its working directory");
    Mlp fresh = Mlp.builder().sizes(784, 100, 10).activation(Activation.RELU).seed(42).build();
    assertEquals(fresh.namedParameters().keySet(), Checkpoint.read(npz).keySet());
  }

  @Test
  void learnsMnist(@TempDir Path dir) throws Exception {
    String mnistDir = System.getenv("MNIST_DIR");
    assumeTrue(mnistDir != null && Files.isDirectory(Path.of(mnistDir)), "MNIST_DIR is not set");
    Path classes = compile(dir);
    Path work = Files.createDirectories(dir.resolve("work"));

    String out = run(classes, work, Path.of(mnistDir));

    Matcher m = EPOCH.matcher(out);
    double last = -1;
    while (m.find()) {
      last = Double.parseDouble(m.group(2));
    }
    // Measured 0.9623 (bundled OpenBLAS and pure Java alike); another kernel's rounding moves it
    // by thousandths, while a network that does not learn stays near 0.1.
    assertTrue(last >= 0.94, "test accuracy after two epochs: " + out);
  }

  /** Compiles the README's program into {@code dir/classes}. */
  private static Path compile(Path dir) throws IOException {
    return compile(dir, "dependency-program");
  }

  /**
   * Compiles the README's program after {@code <!-- marker -->} into {@code dir/classes}, with
   * {@code -Xlint:all,-path -Werror}.
   */
  static Path compile(Path dir, String marker) throws IOException {
    String source = readmeBlock(marker);
    Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
    assertTrue(name.find(), "the README program declares a public class");
    Path src = dir.resolve("src").resolve(name.group(1) + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source, UTF_8);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "the tests need a JDK");
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            errors,
            errors,
            // As strict as a careful user's build: every lint warning about the code fails the
            // README ("path" is about this test's class path: bytedeco's jars name a javacpp.jar
            // in their manifests that Maven's layout does not have).
            "-Xlint:all,-path",
            "-Werror",
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            src.toString());
    assertEquals(0, rc, "README.md's program does not compile:\n" + errors.toString(UTF_8));
    return classes;
  }

  /** Runs the compiled program in a new JVM in {@code work}; returns its stdout. */
  private static String run(Path classes, Path work, Path data) throws Exception {
    return run(classes, work, "TrainMnist", data.toString());
  }

  /** Runs {@code main} of the compiled classes in a new JVM in {@code work}; returns stdout. */
  static String run(Path classes, Path work, String main, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = classes + File.pathSeparator + System.getProperty("java.class.path");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", cp));
    String blas = System.getProperty("zerograd.blas");
    if (blas != null) {
      cmd.add("-Dzerograd.blas=" + blas);
    }
    cmd.add(main);
    cmd.addAll(List.of(args));
    Path log = work.resolve("stderr.txt");
    Process p =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectError(log.toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the program finishes");
    assertEquals(
        0, p.exitValue(), "exit status; stdout:\n" + out + "stderr:\n" + Files.readString(log));
    return out;
  }

  /** The code block after {@code <!-- marker -->} in README.md. */
  static String readmeBlock(String marker) throws IOException {
    Path readme = Path.of("..", "README.md");
    List<String> lines = Files.readAllLines(readme, UTF_8);
    int i = lines.indexOf("<!-- " + marker + " -->");
    assertTrue(i >= 0, "README.md has no <!-- " + marker + " --> marker");
    assertTrue(lines.get(i + 1).startsWith("```"), "a code block follows the marker");
    StringBuilder sb = new StringBuilder();
    for (int j = i + 2; !lines.get(j).startsWith("```"); j++) {
      sb.append(lines.get(j)).append('\n');
    }
    return sb.toString();
  }
}
