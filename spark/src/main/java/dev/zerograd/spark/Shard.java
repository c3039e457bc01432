package dev.zerograd.spark;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The blocks one task of a synchronous stage holds (one, or several when there are more
 * partitions than task slots), with where each starts in the numbering of all rows, so that the
 * task picks its rows of a global batch.
 */
final class Shard {
  private final Block[] blocks;
  private final long[] from;

  private Shard(Block[] blocks, long[] from) {
    this.blocks = blocks;
    this.from = from;
  }

  /**
   * The blocks of an iterator.
   *
   * @param it the task's blocks
   * @param starts the first global row of each partition, and the total at the end
   */
  static Shard of(Iterator<Block> it, long[] starts) {
    List<Block> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    list.sort(java.util.Comparator.comparingInt(b -> b.partition)); // the same order on a rerun
    Block[] blocks = list.toArray(new Block[0]);
    long[] from = new long[blocks.length];
    for (int i = 0; i < blocks.length; i++) {
      from[i] = starts[blocks[i].partition];
    }
    return new Shard(blocks, from);
  }

  /** The blocks, in partition order. */
  List<Block> blocks() {
    return List.of(blocks);
  }

  /** The rows of {@code batch} (global row numbers) held here, as (block, row) pairs in order. */
  int[][] select(int[] batch) {
    int[] block = new int[batch.length];
    int[] row = new int[batch.length];
    int n = 0;
    for (int global : batch) {
      for (int b = 0; b < blocks.length; b++) {
        long local = global - from[b];
        if (local >= 0 && local < blocks[b].rows) {
          block[n] = b;
          row[n] = (int) local;
          n++;
          break;
        }
      }
    }
    return new int[][] {java.util.Arrays.copyOf(block, n), java.util.Arrays.copyOf(row, n)};
  }

  /** The features of the selected rows, as a batch. */
  Tensor features(int[][] selected, DType dtype) {
    int n = selected[0].length;
    int width = blocks[selected[0][0]].width;
    float[] x = new float[n * width];
    for (int i = 0; i < n; i++) {
      blocks[selected[0][i]].copyRow(selected[1][i], x, i);
    }
    return Block.batch(x, n, width, dtype);
  }

  /** The labels of the selected rows. */
  int[] labels(int[][] selected) {
    int n = selected[0].length;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = blocks[selected[0][i]].labels[selected[1][i]];
    }
    return out;
  }
}
