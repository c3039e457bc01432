package dev.zerograd.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.zerograd.autograd.NoGrad;
import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.optim.Optimizer;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks of a model made by a {@link ModelFactory}, on the driver, before any job starts. */
final class Models {
  private Models() {}

  /** A model from the factory, which must make one. */
  static Module create(ModelFactory factory) {
    Module model = factory.create();
    checkArgument(
        model != null,
        "the model factory returned null; return a new model, e.g. () -> new TwoLayerNet(784, 50,"
            + " 10, 0.01, DType.FLOAT32, 0)");
    return model;
  }

  /**
   * An optimiser from the factory, which must make one over {@code model}'s own parameters: one
   * built on another model would train that one, and this one would never change.
   */
  static Optimizer optimizer(OptimizerFactory factory, Module model) {
    Optimizer optimizer = factory.create(model);
    checkArgument(
        optimizer != null,
        "the optimizer factory returned null; return an optimiser over the model it is given, e.g."
            + " m -> new SGD(m, 0.1)");
    Set<Variable> own = Collections.newSetFromMap(new IdentityHashMap<>());
    own.addAll(model.parameters());
    long foreign = optimizer.parameters().stream().filter(p -> !own.contains(p)).count();
    checkArgument(
        foreign == 0,
        "the optimizer factory made a %s over %s parameter(s), %s of them not the model's; build it"
            + " on the model the factory is given (m -> new SGD(m, 0.1)), not on another one",
        optimizer.getClass().getSimpleName(),
        optimizer.parameters().size(),
        foreign);
    return optimizer;
  }

  /**
   * Fails, naming the class of what it captures, when {@code function} cannot be sent to the
   * executors: checked on the driver, before Spark says only "Task not serializable".
   */
  static void checkSerializable(Object function, String what) {
    try (java.io.ObjectOutputStream out =
        new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
      out.writeObject(function);
    } catch (java.io.NotSerializableException e) {
      throw new IllegalArgumentException(
          what
              + " captures an object of class "
              + e.getMessage()
              + ", which is not serializable, so it cannot be sent to the executors: capture only"
              + " serializable values (numbers, strings, enums) in the lambda, and copy fields to"
              + " local variables first",
          e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(what + " cannot be serialized: " + e.getMessage(), e);
    }
  }

  /** The type of the model's parameters, in which batches are built. */
  static DType parameterType(Module model) {
    List<Variable> ps = model.parameters();
    checkArgument(!ps.isEmpty(), "the model has no parameters");
    return ps.get(0).dtype();
  }

  /**
   * Runs the model once on a zero row of {@code width}: a wrong width fails here, not later.
   *
   * @return the number of scores the model gives a row (its classes)
   */
  static int checkWidth(Module model, int width, DType dtype) {
    try (NoGrad scope = NoGrad.enter()) {
      Tensor out = model.forward(Variable.of(Tensor.zeros(dtype, 1, width))).value();
      return out.rank() == 2 ? out.dim(1) : out.size();
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
