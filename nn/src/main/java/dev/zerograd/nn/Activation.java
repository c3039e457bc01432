package dev.zerograd.nn;

import java.util.function.Supplier;

/** The activation layers an {@link Mlp} can put between its Affine layers. */
public enum Activation {
  /** {@link Relu}. */
  RELU("relu", Relu::new),
  /** {@link Sigmoid}. */
  SIGMOID("sigmoid", Sigmoid::new),
  /** {@link Tanh}. */
  TANH("tanh", Tanh::new);

  private final String layerName;
  private final Supplier<Module> factory;

  Activation(String layerName, Supplier<Module> factory) {
    this.layerName = layerName;
    this.factory = factory;
  }

  /**
   * A new layer of this activation.
   *
   * @return a new layer of this activation
   */
  public Module create() {
    return factory.get();
  }

  /**
   * The name layers of this kind get in a network, e.g. {@code relu}.
   *
   * @return the layers' name, such as {@code relu}
   */
  public String layerName() {
    return layerName;
  }
}
