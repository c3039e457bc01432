package dev.zerograd.examples;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The backprop chapter's shopping graphs, built from autograd ops. */
final class ShoppingGraphs {
  private ShoppingGraphs() {}

  static Variable scalar(double v, String name) {
    return Variable.parameter(Tensor.scalar(v, DType.FLOAT64), name);
  }

  /** Runs backward from {@code price} and prints it and the gradient of every input. */
  static void print(PrintWriter out, Variable price, Map<String, Variable> inputs) {
    price.backward();
    out.println("price: " + format(price.item()));
    inputs.forEach((name, v) -> out.println("d" + name + ": " + format(v.grad().item())));
  }

  /** Ten significant digits, trailing zeros dropped: 2.2 rather than 2.2000000000000002. */
  static String format(double v) {
    return new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros().toPlainString();
  }

  static Map<String, Variable> inputs(Variable... vs) {
    Map<String, Variable> m = new LinkedHashMap<>();
    for (Variable v : vs) {
      m.put(v.name(), v);
    }
    return m;
  }
}
