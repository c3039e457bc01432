package dev.zerograd.autograd;

import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.spi.Storage;
import dev.zerograd.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one call of an {@link Op} keeps for its backward: tensors saved by forward, the inputs and
 * the output as variables, and facts about the inputs. One context per call; released after
 * backward unless the graph is retained.
 *
 * <p>A differentiable backward ({@link Op#backward(Context, Variable)}) reads its operands as
 * variables, {@link #input(int)} and {@link #output()}, so that when backward is itself recorded
 * (a second derivative) the gradient it computes is connected to them. Saved tensors are
 * constants to a second derivative; {@link #saved(int, Supplier)} gives a saved intermediate
 * together with the recipe that recomputes it from the inputs when it must be differentiated.
 *
 * <p>A saved tensor must still hold the values forward saw when backward runs: the context
 * records each one's {@link Storage#version() storage version}, and backward fails, naming the op
 * and the tensor, when an in-place write changed it in between; so are the inputs' and the
 * output's values.
 */
public final class Context {
  private static final long[] NO_VERSIONS = new long[0];

  private final boolean recording;
  private final Tensor[] values;
  private Variable[] inputs;
  private long[] inputVersions;
  private Variable output;
  private long outputVersion;
  /** The recorded call, for messages. */
  private Node node;
  /** Saved tensors, created on the first save (most calls save nothing or are not recorded). */
  private List<Tensor> saved = List.of();
  private List<int[]> savedIndices = List.of();
  /** The storage version of each saved tensor when it was saved. */
  private long[] versions = NO_VERSIONS;

  Context(boolean recording, Tensor[] values, Variable[] inputs) {
    this.recording = recording;
    this.values = values;
    if (recording) {
      this.inputs = inputs;
      this.inputVersions = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        inputVersions[i] = values[i].version();
      }
    }
  }

  /** Links the recorded call and its output, once forward has made it. */
  void setOutput(Node node, Variable out) {
    this.node = node;
    this.output = out;
    this.outputVersion = out.value().version();
  }

  /**
   * Keeps tensors for backward, appended in order; {@link #saved(int)} returns them. When the
   * call is not recorded (no input needs a gradient, or inside {@link NoGrad}) this does
   * nothing, so forward may call it unconditionally.
   *
   * @param tensors the tensors
   */
  public void save(Tensor... tensors) {
    if (recording) {
      for (Tensor t : tensors) {
        checkNotNull(t, "Context.save: a saved tensor is null");
        if (saved.isEmpty()) {
          saved = new ArrayList<>(tensors.length);
        }
        if (saved.size() == versions.length) {
          versions = Arrays.copyOf(versions, Math.max(2, 2 * versions.length));
        }
        versions[saved.size()] = t.version();
        saved.add(t);
      }
    }
  }

  /**
   * Tensor number {@code i} saved by forward.
   *
   * @param i the position, counting from 0
   * @return tensor number {@code i} saved by forward
   * @throws IndexOutOfBoundsException when fewer were saved
   */
  public Tensor saved(int i) {
    checkElementIndex(i, saved.size(), "saved tensor");
    return saved.get(i);
  }

  /**
   * Saved tensor {@code i} as a variable for a differentiable backward: a constant holding the
   * saved value in a first-order backward (no work), and {@code recompute}'s result when backward
   * is being recorded for a second derivative, so that the intermediate stays connected to the
   * inputs. {@code recompute} must compute the same value from {@link #input(int)} with Variable
   * operations, e.g. {@code ctx.saved(0, () -> ctx.input(0).sigmoid())}.
   *
   * @param i the position, counting from 0
   * @param recompute computes the saved value as a Variable, when the forward saved a tensor only
   * @return saved tensor {@code i} as a variable for a differentiable backward: a constant holding
   *     the saved value in a first-order backward (no work), and {@code recompute}'s result when
   *     backward is being recorded for a second derivative, so that the intermediate stays
   *     connected to the inputs
   * @throws IndexOutOfBoundsException when fewer were saved
   */
  public Variable saved(int i, Supplier<Variable> recompute) {
    Tensor t = saved(i);
    return Tape.current().differentiating ? checkNotNull(recompute.get(), "Context.saved: recompute gave null")
        : Variable.of(t);
  }

  /**
   * Keeps integer indices for backward (the positions of a pooling's maxima, say), appended in
   * order; {@link #savedIndices(int)} returns them. Like {@link #save}, it does nothing when the
   * call is not recorded. The array is kept, not copied: do not change it afterwards.
   *
   * @param indices the positions along the axis
   */
  public void saveIndices(int[] indices) {
    if (recording) {
      if (savedIndices.isEmpty()) {
        savedIndices = new ArrayList<>(1);
      }
      savedIndices.add(checkNotNull(indices, "Context.saveIndices: the indices are null"));
    }
  }

  /**
   * Index array number {@code i} saved by forward (shared, not copied).
   *
   * @param i the position, counting from 0
   * @return index array number {@code i} saved by forward (shared, not copied)
   * @throws IndexOutOfBoundsException when fewer were saved
   */
  public int[] savedIndices(int i) {
    checkElementIndex(i, savedIndices.size(), "saved indices");
    return savedIndices.get(i);
  }

  /**
   * Number of saved tensors.
   *
   * @return number of saved tensors
   */
  public int savedCount() {
    return saved.size();
  }

  /**
   * Input {@code i} of the call as a variable, for backward. In a recorded backward (a second
   * derivative), operations on it are recorded like any other.
   *
   * @param i the position, counting from 0
   * @return input {@code i} of the call as a variable, for backward
   * @throws IllegalStateException outside backward
   */
  public Variable input(int i) {
    checkState(inputs != null, "Context.input: only backward can read the inputs as variables");
    checkElementIndex(i, inputs.length, "input");
    checkUnchanged("input " + i, inputs[i].value(), inputVersions[i]);
    return inputs[i];
  }

  /**
   * The call's output as a variable, for backward: what forward returned (e.g. {@code
   * sigmoid(x)}, whose derivative {@code y (1 - y)} reads it).
   *
   * @return what forward returned, as a variable of the backward graph
   * @throws IllegalStateException outside backward
   */
  public Variable output() {
    checkState(output != null, "Context.output: only backward can read the output");
    checkUnchanged("the output", output.value(), outputVersion);
    return output;
  }

  /**
   * Number of inputs of the call.
   *
   * @return number of inputs of the call
   */
  public int inputCount() {
    return values.length;
  }

  /**
   * Whether input {@code i} requires a gradient; when false, backward may return null for it.
   *
   * @param i the position, counting from 0
   * @return whether input {@code i} requires a gradient; when false, backward may return null for
   *     it
   */
  public boolean needsInputGrad(int i) {
    checkElementIndex(i, values.length, "input");
    return recording && inputs != null && inputs[i].requiresGrad();
  }

  /**
   * The shape of input {@code i}.
   *
   * @param i the position, counting from 0
   * @return the shape of input {@code i}
   */
  public Shape inputShape(int i) {
    checkElementIndex(i, values.length, "input");
    return values[i].shape();
  }

  /**
   * The type of input {@code i}.
   *
   * @param i the position, counting from 0
   * @return the type of input {@code i}
   */
  public DType inputDType(int i) {
    checkElementIndex(i, values.length, "input");
    return values[i].dtype();
  }

  /** Fails, naming the op, when a saved tensor was written in place since it was saved. */
  void checkVersions() {
    for (int i = 0; i < saved.size(); i++) {
      checkUnchanged("tensor " + i + " saved by", saved.get(i), versions[i]);
    }
  }

  /** Fails, naming the op, when {@code t}'s storage was written since it had {@code version}. */
  private void checkUnchanged(String what, Tensor t, long version) {
    long now = t.version();
    if (now != version) {
      String of = what.endsWith(" by") ? what + " op " : what + " of op ";
      throw new IllegalStateException(
          String.format(
              "backward: %s%s (shape %s, %s) was modified in place after forward (storage"
                  + " version %d then, %d now), so its gradient would be wrong; modify a copy()"
                  + " instead, or run the forward pass again after the change",
              of, node == null ? "?" : node.describe(), t.shape(), t.dtype(), version, now));
    }
  }

  /** Adds every saved tensor's storage to {@code out}. */
  void savedStorages(Map<Storage, Boolean> out) {
    for (Tensor t : saved) {
      out.put(t.storage(), Boolean.TRUE);
    }
  }

  void release() {
    saved = List.of();
    savedIndices = List.of();
    inputs = null;
    output = null;
  }
}
