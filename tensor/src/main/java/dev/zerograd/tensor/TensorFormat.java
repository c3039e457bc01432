package dev.zerograd.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a tensor the way NumPy and PyTorch do: nested brackets, aligned columns, and at most
 * three leading and trailing entries per axis once a tensor holds more than 1000 elements.
 */
final class TensorFormat {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;
  private static final String PREFIX = "tensor(";

  private TensorFormat() {}

  static String format(Tensor t) {
    boolean summarize = t.size() > THRESHOLD;
    List<Double> shown = new ArrayList<>();
    collect(t, summarize, shown);
    String[] style = chooseStyle(shown);
    int width = 0;
    for (double v : shown) {
      width = Math.max(width, number(v, style).length());
    }
    StringBuilder sb = new StringBuilder(PREFIX);
    body(t, summarize, style, width, PREFIX.length(), sb);
    sb.append(", dtype=").append(t.dtype()).append(", shape=").append(t.shape()).append(')');
    return sb.toString();
  }

  private static void collect(Tensor t, boolean summarize, List<Double> out) {
    if (t.rank() == 0) {
      out.add(t.item());
      return;
    }
    for (int i : indices(t.dim(0), summarize)) {
      collect(t.select(0, i), summarize, out);
    }
  }

  /** Indices shown along an axis of size n; -1 marks the ellipsis. */
  private static int[] indices(int n, boolean summarize) {
    if (!summarize || n <= 2 * EDGE) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] some = new int[2 * EDGE];
    for (int i = 0; i < EDGE; i++) {
      some[i] = i;
      some[EDGE + i] = n - EDGE + i;
    }
    return some;
  }

  private static void body(
      Tensor t, boolean summarize, String[] style, int width, int indent, StringBuilder sb) {
    if (t.rank() == 0) {
      sb.append(pad(number(t.item(), style), width));
      return;
    }
    sb.append('[');
    int n = t.dim(0);
    int[] idx = indices(n, summarize);
    String sep = t.rank() == 1 ? ", " : "," + "\n".repeat(t.rank() - 1) + " ".repeat(indent + 1);
    for (int k = 0; k < idx.length; k++) {
      if (k > 0) {
        sb.append(sep);
      }
      if (summarize && idx.length < n && k == EDGE) {
        sb.append("...").append(sep);
      }
      body(t.select(0, idx[k]), summarize, style, width, indent + 1, sb);
    }
    sb.append(']');
  }

  /** Integers print as {@code 3.}, ordinary values with 4 decimals, extreme ones in e-notation. */
  private static String[] chooseStyle(List<Double> values) {
    boolean integral = true;
    double maxAbs = 0;
    double minAbs = Double.POSITIVE_INFINITY;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        continue;
      }
      double a = Math.abs(v);
      integral &= v == Math.rint(v);
      maxAbs = Math.max(maxAbs, a);
      if (a > 0) {
        minAbs = Math.min(minAbs, a);
      }
    }
    if (maxAbs >= 1e8 || (minAbs < 1e-4 && !integral)) {
      return new String[] {"%.4e", ""};
    }
    return integral ? new String[] {"%.0f", "."} : new String[] {"%.4f", ""};
  }

  private static String number(double v, String[] style) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, style[0], v) + style[1];
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }
}
