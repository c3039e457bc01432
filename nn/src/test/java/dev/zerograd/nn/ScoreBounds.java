package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Tensor;

/**
 * Rounding bounds on a two-layer net's scores, for tests that compare two evaluations of one net
 * (another batch size, another thread split, Spark against one process): they agree to within
 * twice the bound of one evaluation, and their predicted classes agree except on rows whose two
 * best scores lie within that distance (a near tie that another CPU may order either way).
 */
public final class ScoreBounds {
  private ScoreBounds() {}

  /**
   * How far one computed evaluation of {@code net} on {@code x} may lie from the exact scores,
   * elementwise: the first affine layer's rounding, carried through ReLU into the second's, plus
   * the second's own ({@link Rounding#affineErrorBound}).
   */
  public static Tensor scoreError(TwoLayerNet net, Tensor x) {
    Tensor w1 = net.namedParameters().get("W1").value();
    Tensor b1 = net.namedParameters().get("b1").value();
    Tensor w2 = net.namedParameters().get("W2").value();
    Tensor b2 = net.namedParameters().get("b2").value();
    Tensor x1 = x.to(w1.dtype());
    Tensor hidden = Rounding.affineErrorBound(x1, null, w1, b1);
    Tensor h = x1.matmul(w1).add(b1).relu();
    return Rounding.affineErrorBound(h, hidden.to(h.dtype()), w2, b2);
  }

  /**
   * Whether two evaluations may order classes {@code a} and {@code b} of row {@code i}
   * differently: their scores lie within the two evaluations' combined error.
   */
  public static boolean nearTie(double[] scores, double[] error, int classes, int i, int a, int b) {
    double gap = Math.abs(scores[i * classes + a] - scores[i * classes + b]);
    return gap <= 2 * (error[i * classes + a] + error[i * classes + b]);
  }

  /**
   * The number of rows whose best class another evaluation could see otherwise: the best score
   * and some other one lie within the combined error.
   */
  public static int ambiguousRows(Tensor scores, Tensor error) {
    double[] s = scores.toDoubleArray();
    double[] e = error.toDoubleArray();
    int c = scores.dim(1);
    int[] best = scores.argmax(1);
    int count = 0;
    for (int i = 0; i < best.length; i++) {
      for (int j = 0; j < c; j++) {
        if (j != best[i] && nearTie(s, e, c, i, best[i], j)) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  /**
   * Asserts that {@code predicted} is {@code expected} (the argmax of {@code scores}) on every row
   * but the near ties.
   */
  public static void assertSameClasses(
      int[] expected, int[] predicted, Tensor scores, Tensor error) {
    double[] s = scores.toDoubleArray();
    double[] e = error.toDoubleArray();
    int c = scores.dim(1);
    for (int i = 0; i < expected.length; i++) {
      if (predicted[i] != expected[i]) {
        assertTrue(
            nearTie(s, e, c, i, predicted[i], expected[i]),
            "row " + i + ": class " + predicted[i] + " where the scores give " + expected[i]);
      }
    }
  }
}
