package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.ops.AffineOp;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;

/**
 * The textbook's Affine layer, batched: {@code y = x W + b} with b broadcast over the rows.
 *
 * <p>Parameters {@code W (in, out)} and {@code b (out,)}. Input x {@code (N, in)} for any batch
 * size N; an input of higher rank {@code (N, ...)} is flattened to {@code (N, in)} first, as the
 * textbook does for images; a vector {@code (in,)} gives {@code (out,)}.
 */
public final class Affine extends Module {
  private final Variable w;
  private final Variable b;

  /**
   * A layer with fresh parameters: W from {@code init} with fans {@code (in, out)}, b zero (the
   * textbook's).
   *
   * @param in the number of input features
   * @param out the number of output features
   * @param init the weight initialiser
   * @param dtype the element type
   * @param g the random generator
   * @throws IllegalArgumentException when a size is not positive
   */
  public Affine(int in, int out, Initializer init, DType dtype, Generator g) {
    checkArgument(in > 0 && out > 0, "Affine: sizes %s -> %s must be positive", in, out);
    this.w = parameter("W", init.initialize(Shape.of(in, out), new Fans(in, out), dtype, g));
    this.b = parameter("b", Tensor.zeros(dtype, out));
  }

  /**
   * A layer over existing parameters (the textbook's {@code Affine(params['W1'], params['b1'])}).
   *
   * @param w the weights, shape (in, out)
   * @param b the bias, shape (out)
   * @throws IllegalArgumentException when W is not a matrix or b does not match its columns
   */
  public Affine(Variable w, Variable b) {
    checkArgument(
        w.rank() == 2 && b.rank() == 1 && w.dim(1) == b.dim(0),
        "Affine: W %s and b %s do not fit; need W (in, out) and b (out,)",
        w.shape(),
        b.shape());
    this.w = registerParameter("W", w);
    this.b = registerParameter("b", b);
  }

  /**
   * The weight, {@code (in, out)}.
   *
   * @return the weight, {@code (in, out)}
   */
  public Variable weight() {
    return w;
  }

  /**
   * The bias, {@code (out,)}.
   *
   * @return the bias, {@code (out,)}
   */
  public Variable bias() {
    return b;
  }

  @Override
  public Variable forward(Variable x) {
    int rank = x.rank();
    if (rank == 1) {
      return forward(x.reshape(1, -1)).reshape(-1);
    }
    Variable flat = Flatten.rows(x);
    return new AffineOp().apply(flat, w, b);
  }
}
