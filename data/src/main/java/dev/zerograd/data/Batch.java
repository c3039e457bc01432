package dev.zerograd.data;

import dev.zerograd.tensor.Tensor;

/**
 * One mini-batch: the features of some rows, {@code (B, ...)}, and their class labels.
 *
 * @param features the rows' features, a fresh tensor
 * @param labels one class per row; a fresh array
 */
public record Batch(Tensor features, int[] labels) {
  /**
   * Number of rows.
   *
   * @return number of rows
   */
  public int size() {
    return labels.length;
  }
}
