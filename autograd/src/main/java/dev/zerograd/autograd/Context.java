package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call of an {@link Op} keeps for its backward: tensors saved by forward, and facts
 * about the inputs. One context per call; released after backward unless the graph is retained.
 */
public final class Context {
  private final boolean recording;
  private final boolean[] needsGrad;
  private final Shape[] shapes;
  private final DType[] dtypes;
  private final List<Tensor> saved = new ArrayList<>(2);

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
        saved.add(checkNotNull(t, "Context.save: a saved tensor is null"));
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

  void release() {
    saved.clear();
  }
}
