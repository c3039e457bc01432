/**
 * The built-in differentiable ops, one per file, each with its forward and backward side by side
 * and written against the same public {@link dev.zerograd.autograd.Op} API as a user's op.
 *
 * <p>Broadcasting ops return gradients of the broadcast shape; the engine sums them back to each
 * input's shape. Every op here is gradient-checked in float64 on random shapes by the module's
 * tests, with a guard that none is missed.
 */
package dev.zerograd.autograd.ops;
