package dev.zerograd.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.zerograd.autograd.Variable;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A multi-layer perceptron: Affine layers of the given sizes with an activation between them
 * (none after the last, which outputs raw scores). Layers are named {@code affine1}, {@code
 * relu1}, {@code affine2}, ...
 *
 * <pre>{@code
 * Mlp net = Mlp.builder().sizes(784, 100, 100, 10).activation(Activation.RELU)
 *     .initializer(Init.he()).seed(42).build();
 * }</pre>
 */
public final class Mlp extends Module {
  private final Sequential layers;

  private Mlp(Builder b) {
    Generator g = new Generator(b.seed);
    layers = registerModule("layers", new Sequential());
    for (int i = 0; i + 1 < b.sizes.length; i++) {
      layers.add("affine" + (i + 1), new Affine(b.sizes[i], b.sizes[i + 1], b.init, b.dtype, g));
      if (i + 2 < b.sizes.length) {
        layers.add(b.activationName + (i + 1), checkNotNull(b.activation.get(), "Mlp: the activation factory gave null"));
      }
    }
  }

  /**
   * A builder; {@link Builder#sizes} is required.
   *
   * @return a builder; {@link Builder#sizes} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Variable forward(Variable x) {
    return layers.forward(x);
  }

  /** Settings of an {@link Mlp}. */
  public static final class Builder {
    private int[] sizes;
    private String activationName = Activation.RELU.layerName();
    private Supplier<? extends Module> activation = Activation.RELU::create;
    private Initializer init = Init.he();
    private DType dtype = DType.FLOAT32;
    private long seed = 0;

    private Builder() {}

    /**
     * Layer sizes, input first: {@code (784, 50, 10)} is 784-50-10. Required.
     *
     * @param s the sizes of the layers, input first, output last
     * @return this builder
     * @throws IllegalArgumentException for fewer than two sizes or a size below 1
     */
    public Builder sizes(int... s) {
      checkArgument(s.length >= 2, "Mlp: need at least input and output sizes, got %s", s.length);
      for (int v : s) {
        checkArgument(v >= 1, "Mlp: sizes must be >= 1, got %s", Arrays.toString(s));
      }
      this.sizes = s.clone();
      return this;
    }

    /**
     * The activation between Affine layers; default ReLU.
     *
     * @param a the activation
     * @return the activation between Affine layers; default ReLU
     */
    public Builder activation(Activation a) {
      checkNotNull(a);
      return activation(a.layerName(), a::create);
    }

    /**
     * Any activation between Affine layers: a fresh module from {@code factory} for each gap,
     * named {@code name1}, {@code name2}, ... (a layer wrapping a custom op, say).
     *
     * @param name the name of the activation in module names
     * @param factory makes a new instance of the activation for each layer
     * @return any activation between Affine layers: a fresh module from {@code factory} for each
     *     gap, named {@code name1}, {@code name2},
     * @throws IllegalArgumentException for an empty name or one with a dot
     */
    public Builder activation(String name, Supplier<? extends Module> factory) {
      checkArgument(
          name != null && !name.isEmpty() && !name.contains("."),
          "Mlp: activation name '%s' must be non-empty and contain no dot",
          name);
      this.activationName = name;
      this.activation = checkNotNull(factory);
      return this;
    }

    /**
     * An activation given as a function of variables, e.g. {@code x -> new Swish().apply(x)}.
     *
     * @param name the name of the activation in module names
     * @param function the activation, applied to a Variable
     * @return this builder
     * @throws IllegalArgumentException for an empty name or one with a dot
     */
    public Builder activation(String name, UnaryOperator<Variable> function) {
      checkNotNull(function);
      return activation(
          name,
          () ->
              new Module() {
                @Override
                public Variable forward(Variable x) {
                  return function.apply(x);
                }
              });
    }

    /**
     * The weights' initialiser; default He. Biases start at zero.
     *
     * @param i the weight initialiser
     * @return the weights' initialiser; default He
     */
    public Builder initializer(Initializer i) {
      this.init = checkNotNull(i);
      return this;
    }

    /**
     * The parameters' type; default float32.
     *
     * @param d the element type
     * @return the parameters' type; default float32
     */
    public Builder dtype(DType d) {
      this.dtype = checkNotNull(d);
      return this;
    }

    /**
     * The seed of the initial weights; default 0.
     *
     * @param s the seed of the weight initialisation
     * @return the seed of the initial weights; default 0
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * The network.
     *
     * @return the network
     * @throws IllegalStateException when the sizes were not set
     */
    public Mlp build() {
      checkState(sizes != null, "Mlp.builder(): call sizes(...) before build()");
      return new Mlp(this);
    }
  }
}
