package dev.zerograd.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Context;
import dev.zerograd.autograd.Op;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.Tensor;
import dev.zerograd.tensor.spi.UnaryOp;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every elementwise function of one input ({@link UnaryOp}: neg, exp, log, sqrt, abs, tanh,
 * sigmoid, relu) as one op: the forward is the function ({@link Tensor#map}), the backward one
 * line of the table below, each written with differentiable ops so that every function has
 * derivatives of every order. Each line also gives the interval the gradient checks draw inputs
 * from (inside the function's domain, away from kinks). Adding a function is a constant in
 * {@link UnaryOp} (with its {@code apply}) and a line here; the catalog's guard fails while a
 * constant has no line.
 */
public final class Unary extends Op {
  /** A derivative: the input's gradient from the op's context and the output's gradient. */
  @FunctionalInterface
  interface Derivative {
    Variable gradient(Context ctx, Variable dy);
  }

  /**
   * One line of the table: the derivative, and where gradient checks draw inputs.
   *
   * @param derivative the input's gradient
   * @param low the checks' lowest input
   * @param high the checks' highest input
   */
  record Rule(Derivative derivative, double low, double high) {}

  private static final ReluGrad RELU_GRAD = new ReluGrad();

  /** The derivatives: x the input, y the output, dy the output's gradient. */
  private static final Map<UnaryOp, Rule> RULES = new EnumMap<>(UnaryOp.class);

  static {
    rule(UnaryOp.NEG, -1, 1, (ctx, dy) -> dy.neg());
    rule(UnaryOp.EXP, -1, 1, (ctx, dy) -> dy.mul(ctx.output()));
    rule(UnaryOp.LOG, 0.2, 3, (ctx, dy) -> dy.div(ctx.input(0)));
    rule(UnaryOp.SQRT, 0.2, 3, (ctx, dy) -> dy.div(ctx.output().mul(2)));
    // sign(x), a constant whose own derivative is 0 away from the kink at 0.
    rule(UnaryOp.ABS, -1, 1, (ctx, dy) -> dy.mul(Variable.of(sign(ctx.input(0).value()))));
    rule(UnaryOp.TANH, -2, 2, (ctx, dy) -> dy.mul(ctx.output().mul(ctx.output()).neg().add(1)));
    rule(UnaryOp.SIGMOID, -4, 4, (ctx, dy) -> dy.mul(ctx.output()).mul(ctx.output().neg().add(1)));
    // One pass, y > 0 ? dy : 0, with y a constant: relu's second derivative is 0 away from 0.
    rule(UnaryOp.RELU, -1, 1, (ctx, dy) -> RELU_GRAD.apply(dy, Variable.of(ctx.output().value())));
  }

  private static final Map<UnaryOp, Unary> OPS = new EnumMap<>(UnaryOp.class);

  static {
    for (UnaryOp f : UnaryOp.values()) {
      OPS.put(f, new Unary(f));
    }
  }

  private static void rule(UnaryOp f, double low, double high, Derivative d) {
    RULES.put(f, new Rule(d, low, high));
  }

  private static Tensor sign(Tensor x) {
    return x.gt(0).sub(x.lt(0));
  }

  private final UnaryOp function;
  private final Rule rule;

  private Unary(UnaryOp function) {
    super(function.opName(), 1);
    this.function = function;
    this.rule = RULES.get(function);
    checkArgument(
        rule != null,
        "Unary: %s has no derivative; add its line to Unary's table",
        function);
  }

  /**
   * The op of {@code function} (one instance per function).
   *
   * @param function the elementwise function
   * @return its op
   */
  public static Unary of(UnaryOp function) {
    return OPS.get(function);
  }

  /** The table's line for {@code function}, or null: for the catalog's guard and checks. */
  static Rule rule(UnaryOp function) {
    return RULES.get(function);
  }

  /**
   * The function this op applies.
   *
   * @return the function
   */
  public UnaryOp function() {
    return function;
  }

  @Override
  protected Tensor forward(Context ctx, Tensor... in) {
    return in[0].map(function);
  }

  @Override
  protected Variable[] backward(Context ctx, Variable dy) {
    return new Variable[] {rule.derivative().gradient(ctx, dy)};
  }
}
