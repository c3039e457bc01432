package dev.zerograd.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.Serializable;
import java.util.Arrays;

/** One training example: a feature row and its class. Equal when both are. */
public final class Sample implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The features, row-major; not copied. */
  private final float[] features;

  /** The class, at least 0. */
  private final int label;

  /**
   * An example.
   *
   * @param features the features (for MNIST, 784 pixels in [0, 1]); not copied, so do not
   *     modify them afterwards
   * @param label the class, at least 0
   * @throws IllegalArgumentException when the features are empty or the label is negative
   */
  public Sample(float[] features, int label) {
    checkNotNull(features, "Sample: features are null");
    checkArgument(features.length > 0, "Sample: no features");
    checkArgument(label >= 0, "Sample: label %s is negative", label);
    this.features = features;
    this.label = label;
  }

  /**
   * The features.
   *
   * @return the features, not copied
   */
  public float[] features() {
    return features;
  }

  /**
   * The class.
   *
   * @return the class
   */
  public int label() {
    return label;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s && s.label == label && Arrays.equals(s.features, features);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(features) + label;
  }

  @Override
  public String toString() {
    return "Sample[" + features.length + " features, label " + label + "]";
  }
}
