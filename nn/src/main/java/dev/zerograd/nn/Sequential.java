package dev.zerograd.nn;

import dev.zerograd.autograd.Variable;

/**
 * Modules applied one after another, each output the next input. Layers are named as added
 * ({@link #add(String, Module)}) or by position ({@code 0}, {@code 1}, ...).
 */
public final class Sequential extends Module {
  /** An empty sequence; the identity until layers are added. */
  public Sequential() {}

  /**
   * A sequence of the given layers, named {@code 0}, {@code 1}, ...
   *
   * @param layers the layers
   * @return a sequence of the given layers, named {@code 0}, {@code 1}, 
   */
  public static Sequential of(Module... layers) {
    Sequential s = new Sequential();
    for (Module m : layers) {
      s.add(m);
    }
    return s;
  }

  /**
   * Appends a layer under {@code name}. Returns this.
   *
   * @param name the layer's name, unique within this module
   * @param layer the layer
   * @return this
   * @throws IllegalArgumentException when the name is taken or contains a dot
   */
  public Sequential add(String name, Module layer) {
    registerModule(name, layer);
    return this;
  }

  /**
   * Appends a layer named by its position. Returns this.
   *
   * @param layer the layer
   * @return this
   */
  public Sequential add(Module layer) {
    return add(String.valueOf(modules().size()), layer);
  }

  @Override
  public Variable forward(Variable x) {
    Variable y = x;
    for (Module m : modules().values()) {
      y = m.forward(y);
    }
    return y;
  }
}
