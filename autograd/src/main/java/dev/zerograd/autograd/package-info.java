/**
 * Tape-based reverse-mode automatic differentiation.
 *
 * <p>A {@link dev.zerograd.autograd.Variable} wraps a tensor. Every {@link
 * dev.zerograd.autograd.Op} applied to a variable that requires a gradient is recorded as it runs
 * (define-by-run), stamped with the position it ran in on its thread's tape. {@link
 * dev.zerograd.autograd.Variable#backward()} walks the recorded ops once, in reverse order,
 * handing each op's backward the upstream gradient ({@code dout} in the textbook) and adding the
 * gradients it returns into the op's inputs, then releases what it walked.
 *
 * <p>Built-in ops ({@link dev.zerograd.autograd.ops}) and user ops go through the same public
 * {@link dev.zerograd.autograd.Op} class. {@link dev.zerograd.autograd.GradCheck} compares any op's
 * gradients with finite differences; {@link dev.zerograd.autograd.testing.OpGradCheck} does so on
 * random shapes in one line of a test. {@link dev.zerograd.autograd.Graphviz} draws the graph.
 */
package dev.zerograd.autograd;
