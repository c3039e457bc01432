package dev.zerograd.data;

/**
 * A labelled dataset that can hand out any set of rows at once: the interface {@link DataLoader}
 * batches. {@link TensorDataset} holds one in memory; implement it to read rows from elsewhere.
 */
public interface Dataset {
  /**
   * Number of rows.
   *
   * @return number of rows
   */
  int size();

  /**
   * The given rows, in the given order (repeats allowed), as one batch.
   *
   * @param rows each in [0, {@link #size()})
   * @return the given rows, in the given order (repeats allowed), as one batch
   * @throws IndexOutOfBoundsException naming the position of a row out of range
   */
  Batch get(int[] rows);
}
