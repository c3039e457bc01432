package dev.zerograd.interop;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.nn.DeepConvNet;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.SimpleConvNet;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The architectures a weights file can name in its metadata, so that it can be evaluated without
 * the code that built the net: {@code TwoLayerNet(784, 50, 10, float32)} and {@code
 * SimpleConvNet(1, 28, 28, 30, 5, 100, 10, float32)} (channels, height, width, filters, filter
 * size, hidden, classes, type) and {@code DeepConvNet(float32)} (the book's fixed layers).
 */
final class Architectures {
  /** The metadata key. */
  static final String KEY = "zerograd.architecture";

  private static final Pattern SPEC = Pattern.compile("(\\w+)\\(([^)]*)\\)");

  private Architectures() {}

  /** The description of {@code m}, or null for a module of another kind. */
  static String describe(Module m) {
    if (m instanceof TwoLayerNet t) {
      Shape w1 = t.namedParameters().get("W1").shape();
      Shape w2 = t.namedParameters().get("W2").shape();
      return String.format(
          Locale.ROOT, "TwoLayerNet(%d, %d, %d, %s)", w1.dim(0), w1.dim(1), w2.dim(1), t.dtype());
    }
    if (m instanceof SimpleConvNet c) {
      int[] image = c.imageShape();
      Shape w = c.namedParameters().get("layers.conv1.W").shape();
      Shape hidden = c.namedParameters().get("layers.affine1.W").shape();
      Shape out = c.namedParameters().get("layers.affine2.W").shape();
      return String.format(
          Locale.ROOT,
          "SimpleConvNet(%d, %d, %d, %d, %d, %d, %d, %s)",
          image[0], image[1], image[2], w.dim(0), w.dim(2), hidden.dim(1), out.dim(1),
          c.namedParameters().get("layers.conv1.W").dtype());
    }
    if (m instanceof DeepConvNet d) {
      return "DeepConvNet(" + d.namedParameters().get("layers.conv1.W").dtype() + ")";
    }
    return null;
  }

  /** One sample's dimensions for the architecture of {@code m} (rows, as MNIST stores them). */
  static int[] inputDims(Module m) {
    if (m instanceof TwoLayerNet t) {
      return new int[] {t.namedParameters().get("W1").dim(0)};
    }
    if (m instanceof SimpleConvNet c) {
      int[] image = c.imageShape();
      return new int[] {image[0] * image[1] * image[2]};
    }
    if (m instanceof DeepConvNet) {
      return new int[] {28 * 28};
    }
    return null;
  }

  /** The module a description names, with fresh weights. */
  static Module build(String spec, String source) {
    Matcher m = SPEC.matcher(spec == null ? "" : spec.trim());
    checkArgument(
        m.matches(),
        "%s: the architecture '%s' is not one zerograd knows (TwoLayerNet(...),"
            + " SimpleConvNet(...) or DeepConvNet(...))",
        source,
        spec);
    String[] a = m.group(2).split("\\s*,\\s*");
    try {
      switch (m.group(1)) {
        case "TwoLayerNet":
          checkArgument(a.length == 4, "%s: TwoLayerNet takes 4 settings, got '%s'", source, spec);
          return new TwoLayerNet(
              Integer.parseInt(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]), 0.01,
              DType.parse(a[3]), 0);
        case "SimpleConvNet":
          checkArgument(a.length == 8, "%s: SimpleConvNet takes 8 settings, got '%s'", source, spec);
          return new SimpleConvNet(
              Integer.parseInt(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]),
              Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]),
              Integer.parseInt(a[6]), 0.01, DType.parse(a[7]), 0);
        case "DeepConvNet":
          checkArgument(a.length == 1, "%s: DeepConvNet takes 1 setting, got '%s'", source, spec);
          return new DeepConvNet(DType.parse(a[0]), 0);
        default:
          throw new IllegalArgumentException(
              source + ": the architecture " + m.group(1) + " is not one zerograd knows"
                  + " (TwoLayerNet, SimpleConvNet or DeepConvNet)");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + ": the architecture '" + spec + "' has a setting that is not a number", e);
    }
  }
}
