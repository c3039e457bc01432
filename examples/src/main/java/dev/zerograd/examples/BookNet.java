package dev.zerograd.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.BatchNorm1d;
import dev.zerograd.nn.Dropout;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.Initializer;
import dev.zerograd.nn.Losses;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.Relu;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.Sigmoid;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The book's chapter-6 networks ({@code MultiLayerNet} and {@code MultiLayerNetExtend}): affine
 * layers of the given hidden sizes, each optionally followed by batch norm, then the activation,
 * optionally dropout (the book's form, {@link Dropout#textbook}), and a last affine layer; weight
 * decay as the book adds it, {@code lambda/2} times the squared weights (not biases) added to the
 * loss.
 */
final class BookNet extends Module {
  private final Sequential layers;
  private final List<Variable> weights = new ArrayList<>();

  /**
   * @param init the weights' initialiser ({@link #init(String)} names the book's)
   * @param activation "relu" or "sigmoid"
   * @param batchNorm whether each hidden affine layer is followed by batch norm
   * @param dropout the dropout ratio after each hidden activation (0: none)
   */
  BookNet(
      int input,
      int[] hidden,
      int output,
      String activation,
      Initializer init,
      boolean batchNorm,
      double dropout,
      long seed) {
    this(input, hidden, output, activation, init, batchNorm, dropout, DType.FLOAT32, seed);
  }

  /** As the float32 net, of elements of {@code dtype}. */
  BookNet(
      int input,
      int[] hidden,
      int output,
      String activation,
      Initializer init,
      boolean batchNorm,
      double dropout,
      DType dtype,
      long seed) {
    checkArgument(
        activation.equals("relu") || activation.equals("sigmoid"),
        "BookNet: activation %s is relu or sigmoid",
        activation);
    Generator g = new Generator(seed);
    Sequential s = new Sequential();
    int in = input;
    for (int i = 0; i < hidden.length; i++) {
      Affine a = new Affine(in, hidden[i], init, dtype, g);
      weights.add(a.weight());
      s.add("affine" + (i + 1), a);
      if (batchNorm) {
        // The book's BatchNormalization: running averages kept with 0.9 of the old (momentum
        // 0.1 in PyTorch's terms), eps 10e-7 under the square root.
        s.add("bn" + (i + 1), new BatchNorm1d(hidden[i], 0.1, 10e-7, dtype));
      }
      s.add(activation + (i + 1), activation.equals("relu") ? new Relu() : new Sigmoid());
      if (dropout > 0) {
        s.add("dropout" + (i + 1), Dropout.textbook(dropout, seed + 1 + i));
      }
      in = hidden[i];
    }
    Affine last = new Affine(in, output, init, dtype, g);
    weights.add(last.weight());
    s.add("affine" + (hidden.length + 1), last);
    layers = registerModule("layers", s);
  }

  /**
   * The book's initial weights by name: a standard deviation ("0.01"), "xavier" or "sigmoid"
   * ({@code sqrt(1 / fan-in)}), "he" or "relu" ({@code sqrt(2 / fan-in)}).
   */
  static Initializer init(String name) {
    switch (name) {
      case "he":
      case "relu":
        return Init.he();
      case "xavier":
      case "sigmoid":
        return (shape, dtype, g) ->
            g.normal(dtype, 0, Math.sqrt(1.0 / shape.dim(0)), shape.toArray());
      default:
        return Init.normal(Double.parseDouble(name));
    }
  }

  @Override
  public Variable forward(Variable x) {
    return layers.forward(x);
  }

  /** {@link #loss} with this weight decay, for {@link BookTrainer}. */
  BookTrainer.Objective objective(double weightDecay) {
    return (x, labels) -> loss(x, labels, weightDecay);
  }

  /** The book's loss: softmax cross-entropy plus {@code lambda/2} times the squared weights. */
  Variable loss(Tensor x, int[] labels, double weightDecay) {
    Variable loss = Losses.crossEntropy(forward(Variable.of(x)), labels);
    if (weightDecay == 0) {
      return loss;
    }
    Variable squares = null;
    for (Variable w : weights) {
      Variable s = w.mul(w).sum();
      squares = squares == null ? s : squares.add(s);
    }
    return loss.add(squares.mul(0.5 * weightDecay));
  }
}
