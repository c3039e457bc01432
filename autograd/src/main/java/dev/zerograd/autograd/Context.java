package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Storage;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one call of an {@link Op} keeps for its backward: tensors saved by forward, and facts
 * about the inputs. One context per call; released after backward unless the graph is retained.
 *
 * <p>A saved tensor must still hold the values forward saw when backward runs: the context
 * records each one's {@link dev.zerograd.tensor.Storage#version() storage version}, and backward
 * fails, naming the op and the tensor, when an in-place write changed it in between.
 */
public final class Context {
  private final boolean recording;
  private final boolean[] needsGrad;
  private final Shape[] shapes;
  private final DType[] dtypes;
  private final List<Tensor> saved = new ArrayList<>(2);
  /** The storage version of each saved tensor when it was saved. */
  private long[] versions = NO_VERSIONS;

  private static final long[] NO_VERSIONS = new long[0];

  Context(boolean recording, boolean[] needsGrad, Shape[] shapes, DType[] dtypes) {
    this.recording = recording;
    this.needsGrad = needsGrad;
    this.shapes = shapes;
    this.dtypes = dtypes;
  }

  /**
   * Keeps tensors for backward, appended in order; {@link #saved(int)} returns them. When the
   * call is not recorded (no input needs a gradient, or inside {@link NoGrad}) this does
   * nothing, so forward may call it unconditionally.
   */
  public void save(Tensor... tensors) {
    if (recording) {
      for (Tensor t : tensors) {
        checkNotNull(t, "Context.save: a saved tensor is null");
        if (saved.size() == versions.length) {
          versions = Arrays.copyOf(versions, Math.max(2, 2 * versions.length));
        }
        versions[saved.size()] = t.storage().version();
        saved.add(t);
      }
    }
  }

  /**
   * Tensor number {@code i} saved by forward.
   *
   * @throws IndexOutOfBoundsException when fewer were saved
   */
  public Tensor saved(int i) {
    checkElementIndex(i, saved.size(), "saved tensor");
    return saved.get(i);
  }

  /** Number of saved tensors. */
  public int savedCount() {
    return saved.size();
  }

  /** Whether input {@code i} requires a gradient; when false, backward may return null for it. */
  public boolean needsInputGrad(int i) {
    checkElementIndex(i, needsGrad.length, "input");
    return needsGrad[i];
  }

  /** The shape of input {@code i}. */
  public Shape inputShape(int i) {
    checkElementIndex(i, shapes.length, "input");
    return shapes[i];
  }

  /** The type of input {@code i}. */
  public DType inputDType(int i) {
    checkElementIndex(i, dtypes.length, "input");
    return dtypes[i];
  }

  /**
   * Fails when a saved tensor was written in place since it was saved.
   *
   * @param op the op's description, for the message
   */
  void checkVersions(String op) {
    for (int i = 0; i < saved.size(); i++) {
      Tensor t = saved.get(i);
      long now = t.storage().version();
      if (now != versions[i]) {
        throw new IllegalStateException(
            String.format(
                "backward: tensor %d saved by op %s (shape %s, %s) was modified in place after"
                    + " forward (storage version %d then, %d now), so its gradient would be"
                    + " wrong; modify a copy() instead, or run the forward pass again after the"
                    + " change",
                i, op, t.shape(), t.dtype(), versions[i], now));
      }
    }
  }

  /** Adds every saved tensor's storage to {@code out}. */
  void savedStorages(Map<Storage, Boolean> out) {
    for (Tensor t : saved) {
      out.put(t.storage(), Boolean.TRUE);
    }
  }

  void release() {
    saved.clear();
  }
}
