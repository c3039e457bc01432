package dev.zerograd.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.Tensor;

/**
 * A dataset in memory: features {@code (N, ...)} and one class label per row (PyTorch's {@code
 * TensorDataset}). Rows are gathered with one copy per row.
 */
public final class TensorDataset implements Dataset {
  private final Tensor features;
  private final int[] labels;

  /**
   * @param features {@code (N, ...)}; kept, not copied
   * @param labels N classes; copied
   * @throws IllegalArgumentException when there is not one label per row
   */
  public TensorDataset(Tensor features, int[] labels) {
    checkNotNull(features, "TensorDataset: features is null");
    checkNotNull(labels, "TensorDataset: labels is null; give one class per row");
    checkArgument(
        features.rank() >= 1 && features.dim(0) == labels.length,
        "TensorDataset: %s labels for features of shape %s; give one label per row",
        labels.length,
        features.shape());
    this.features = features;
    this.labels = labels.clone();
  }

  /**
   * The features, {@code (N, ...)}.
   *
   * @return the features, {@code (N, ...)}
   */
  public Tensor features() {
    return features;
  }

  /**
   * The labels (a copy).
   *
   * @return the labels (a copy)
   */
  public int[] labels() {
    return labels.clone();
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public Batch get(int[] rows) {
    Tensor x = features.gatherRows(rows);
    int[] y = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      y[i] = labels[rows[i]];
    }
    return new Batch(x, y);
  }
}
