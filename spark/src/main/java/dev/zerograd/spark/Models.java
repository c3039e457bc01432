package dev.zerograd.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** Checks of a model made by a {@link ModelFactory}, on the driver, before any job starts. */
final class Models {
  private Models() {}

  /** The type of the model's parameters, in which batches are built. */
  static DType parameterType(Module model) {
    List<Variable> ps = model.parameters();
    checkArgument(!ps.isEmpty(), "the model has no parameters");
    return ps.get(0).dtype();
  }

  /** Runs the model once on a zero row of {@code width}: a wrong width fails here, not later. */
  static void checkWidth(Module model, int width, DType dtype) {
    try (NoGrad scope = NoGrad.enter()) {
      model.forward(Variable.of(Tensor.zeros(dtype, 1, width)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "features: the rows have %d values, and the model does not take rows of that width"
                  + " (%s); check the features column or the model's input size",
              width,
              e.getMessage()),
          e);
    }
  }
}
