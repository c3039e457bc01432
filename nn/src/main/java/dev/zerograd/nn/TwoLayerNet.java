package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.NumericalGradient;
import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The backprop chapter's two-layer network: Affine, ReLU, Affine, then SoftmaxWithLoss for
 * training. Parameters {@code W1 (input, hidden)}, {@code b1 (hidden,)}, {@code W2 (hidden,
 * output)}, {@code b2 (output,)}, weights drawn from {@code N(0, weightInitStd^2)}, biases zero.
 *
 * <p>The methods read as in the textbook: {@link #predict}, {@link #loss}, {@link #accuracy},
 * {@link #gradient} (backprop through the tape) and {@link #numericalGradient} (finite
 * differences), so that the book's gradient check is the same few lines in Java.
 */
public final class TwoLayerNet extends Module {
  /** Rows evaluated at once by {@link #predict} and {@link #accuracy}: bounds their memory. */
  public static final int EVAL_BATCH = Metrics.DEFAULT_BATCH;

  private final Variable w1;
  private final Variable b1;
  private final Variable w2;
  private final Variable b2;
  private final Map<String, Module> layers;
  private final SoftmaxWithLoss lastLayer = new SoftmaxWithLoss();

  /**
   * The textbook's constructor: float64 parameters, seed 0.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden units
   * @param outputSize the number of outputs (classes)
   * @param weightInitStd the standard deviation of the initial weights
   */
  public TwoLayerNet(int inputSize, int hiddenSize, int outputSize, double weightInitStd) {
    this(inputSize, hiddenSize, outputSize, weightInitStd, DType.FLOAT64, 0);
  }

  /**
   * A network with parameters of the given type, drawn from a generator seeded with {@code
   * seed}.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden units
   * @param outputSize the number of outputs (classes)
   * @param weightInitStd the standard deviation of the initial weights
   * @param dtype the element type
   * @param seed the seed of the random generator
   * @throws IllegalArgumentException when a size is not positive or the std is negative
   */
  public TwoLayerNet(
      int inputSize, int hiddenSize, int outputSize, double weightInitStd, DType dtype, long seed) {
    checkArgument(
        inputSize > 0 && hiddenSize > 0 && outputSize > 0,
        "TwoLayerNet: sizes %s-%s-%s must be positive",
        inputSize,
        hiddenSize,
        outputSize);
    Generator g = new Generator(seed);
    Initializer init = Init.normal(weightInitStd);
    w1 = parameter("W1", init.initialize(Shape.of(inputSize, hiddenSize), dtype, g));
    b1 = parameter("b1", Tensor.zeros(dtype, hiddenSize));
    w2 = parameter("W2", init.initialize(Shape.of(hiddenSize, outputSize), dtype, g));
    b2 = parameter("b2", Tensor.zeros(dtype, outputSize));
    // The textbook's OrderedDict of layers, registered as sub-modules so that train() and
    // eval() reach them and tools see the layers; the parameters keep their textbook names
    // (W1, b1, ...: registered first, they are the names namedParameters() reports).
    Map<String, Module> l = new LinkedHashMap<>();
    l.put("Affine1", registerModule("Affine1", new Affine(w1, b1)));
    l.put("Relu1", registerModule("Relu1", new Relu()));
    l.put("Affine2", registerModule("Affine2", new Affine(w2, b2)));
    layers = ImmutableMap.copyOf(l);
  }

  /**
   * The layers in order, under the textbook's names: Affine1, Relu1, Affine2.
   *
   * @return the layers in order, under the textbook's names: Affine1, Relu1, Affine2
   */
  public Map<String, Module> layers() {
    return layers;
  }

  /**
   * The parameters' type.
   *
   * @return the parameters' type
   */
  public DType dtype() {
    return w1.dtype();
  }

  /** Scores {@code (N, output)} for inputs {@code (N, input)}; recorded when training. */
  @Override
  public Variable forward(Variable x) {
    Variable y = x;
    for (Module layer : layers.values()) {
      y = layer.forward(y);
    }
    return y;
  }

  /**
   * Raw scores {@code (N, output)} (no softmax: it does not change the arg-max), computed
   * without recording, {@link #EVAL_BATCH} rows at a time.
   */
  @Override
  public Tensor predict(Tensor x) {
    checkArgument(x.rank() == 2, "predict: x must be (N, input), got %s", x.shape());
    return super.predict(x);
  }

  /**
   * The mean cross-entropy loss for integer labels, recorded for backward.
   *
   * @param x the images, one row per sample
   * @param labels the class index of each row
   * @return the mean cross-entropy loss for integer labels, recorded for backward
   */
  public Variable loss(Tensor x, int[] labels) {
    return lastLayer.forward(forward(Variable.of(x, "x")), labels);
  }

  /**
   * The mean cross-entropy loss for one-hot targets, recorded for backward.
   *
   * @param x the images, one row per sample
   * @param t the one-hot targets, one row per sample
   * @return the mean cross-entropy loss for one-hot targets, recorded for backward
   */
  public Variable loss(Tensor x, Tensor t) {
    return lastLayer.forward(forward(Variable.of(x, "x")), t);
  }

  /**
   * The fraction of rows whose highest score is the label.
   *
   * @throws IllegalArgumentException when there is not one label per row
   */
  @Override
  public double accuracy(Tensor x, int[] labels) {
    return super.accuracy(x, labels);
  }

  /**
   * The accuracy for one-hot targets.
   *
   * @param x the images, one row per sample
   * @param t the one-hot targets, one row per sample
   * @return the accuracy for one-hot targets
   */
  public double accuracy(Tensor x, Tensor t) {
    return accuracy(x, t.argmax(1));
  }

  /**
   * The gradient of the loss with respect to every parameter, by backprop through the tape:
   * {@code {W1, b1, W2, b2}}. Clears the parameters' gradients first and leaves the new ones in
   * them.
   *
   * @param x the images, one row per sample
   * @param labels the class index of each row
   * @return the gradient of the loss with respect to every parameter, by backprop through the tape:
   *     {@code {W1, b1, W2, b2}}
   */
  public Map<String, Tensor> gradient(Tensor x, int[] labels) {
    zeroGrad();
    loss(x, labels).backward();
    return grads();
  }

  /**
   * As {@link #gradient(Tensor, int[])} for one-hot targets.
   *
   * @param x the images, one row per sample
   * @param t the one-hot targets, one row per sample
   * @return as {@link #gradient(Tensor, int[])} for one-hot targets
   */
  public Map<String, Tensor> gradient(Tensor x, Tensor t) {
    zeroGrad();
    loss(x, t).backward();
    return grads();
  }

  private Map<String, Tensor> grads() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    namedParameters().forEach((name, p) -> out.put(name, p.grad()));
    return out;
  }

  /**
   * The gradient by central differences, {@code (L(p + h) - L(p - h)) / 2h} with {@code h =
   * 1e-4} for every element of every parameter: slow, exact enough in float64 to check {@link
   * #gradient} (the textbook's gradient check).
   *
   * @param x the images, one row per sample
   * @param labels the class index of each row
   * @return the gradient by central differences, {@code (L(p + h) - L(p - h)) / 2h} with {@code h =
   *     1e-4} for every element of every parameter: slow, exact enough in float64 to check {@link
   *     #gradient} (the textbook's gradient check)
   */
  public Map<String, Tensor> numericalGradient(Tensor x, int[] labels) {
    return numerical(() -> loss(x, labels).item());
  }

  /**
   * As {@link #numericalGradient(Tensor, int[])} for one-hot targets.
   *
   * @param x the images, one row per sample
   * @param t the one-hot targets, one row per sample
   * @return as {@link #numericalGradient(Tensor, int[])} for one-hot targets
   */
  public Map<String, Tensor> numericalGradient(Tensor x, Tensor t) {
    return numerical(() -> loss(x, t).item());
  }

  private Map<String, Tensor> numerical(DoubleSupplier lossValue) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NoGrad scope = NoGrad.enter()) {
      namedParameters()
          .forEach(
              (name, p) ->
                  out.put(name, NumericalGradient.of(p.value(), lossValue, 1e-4).to(p.dtype())));
    }
    return out;
  }
}
