package dev.zerograd.autograd;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/** One recorded call of an op: an entry on the tape. */
final class Node {
  final Op op;
  final long position;
  final Shape shape;
  final DType dtype;
  /** Where the forward call was made; recorded only in anomaly mode. */
  final StackTraceElement site;

  // Read by every thread that walks this node's graph; cleared once by the release.
  volatile Context ctx;
  volatile Variable[] inputs;
  volatile boolean released;

  Node(Op op, Context ctx, Variable[] inputs, long position, Tensor out, StackTraceElement site) {
    this.op = op;
    this.ctx = ctx;
    this.inputs = inputs;
    this.position = position;
    this.shape = out.shape();
    this.dtype = out.dtype();
    this.site = site;
  }

  synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    Context c = ctx;
    ctx = null;
    inputs = null;
    c.release();
  }

  String describe() {
    return "'" + op.name() + "'" + (site == null ? "" : " (created at " + site + ")");
  }
}
