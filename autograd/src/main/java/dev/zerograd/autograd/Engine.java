package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.tensor.Tensor;

/** Applies ops, recording them on the tape when a gradient will be wanted. */
final class Engine {
  private Engine() {}

  static Variable apply(Op op, Variable[] inputs) {
    checkArgument(inputs != null, "op '%s': inputs are null", op.name());
    checkArgument(
        op.arity() == Op.VARIADIC || inputs.length == op.arity(),
        "op '%s' takes %s input(s) but was given %s",
        op.name(),
        op.arity(),
        inputs.length);
    Tape tape = Tape.current();
    boolean record = false;
    int n = inputs.length;
    Tensor[] values = new Tensor[n];
    long latest = 0;
    for (int i = 0; i < n; i++) {
      Variable in = inputs[i];
      checkArgument(in != null, "op '%s': input %s is null", op.name(), i);
      values[i] = in.value();
      record |= in.requiresGrad();
      latest = Math.max(latest, in.position());
    }
    record &= tape.noGradDepth == 0;
    Variable[] recorded = record ? inputs.clone() : null;
    Context ctx = new Context(record, values, recorded);
    Tensor out = op.forward(ctx, values);
    if (out == null) {
      throw new IllegalStateException(
          "op '" + op.name() + "': forward returned null; return the output tensor");
    }
    StackTraceElement site =
        tape.anomalyDepth > 0 && tape.backwardDepth == 0 ? CallSites.caller() : null;
    if (site != null) {
      checkFinite(out, op.name(), "output", site.toString());
    }
    if (!record) {
      return new Variable(out, null, null);
    }
    Node node = new Node(op, ctx, recorded, tape.next(latest), out, site);
    Variable v = new Variable(out, node, null);
    ctx.setOutput(node, v);
    return v;
  }

  /**
   * Fails in anomaly mode when {@code t} holds NaN or infinity, naming the op, what {@code t} is
   * and where the op was created.
   */
  static void checkFinite(Tensor t, String opName, String what, String where) {
    if (t.allFinite()) {
      return;
    }
    String kind = t.ne(t).sum().item() > 0 ? "NaN" : "infinity";
    throw new AnomalyException(
        opName,
        String.format(
            "anomaly: op '%s' produced %s in its %s (shape %s)%s",
            opName, kind, what, t.shape(), where == null ? "" : ", created at " + where));
  }
}
