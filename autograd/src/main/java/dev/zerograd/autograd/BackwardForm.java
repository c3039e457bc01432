package dev.zerograd.autograd;

import dev.zerograd.tensor.Tensor;

/** Which of the two forms of backward an op class overrides; looked up once per class. */
final class BackwardForm {
  private BackwardForm() {}

  private static final ClassValue<Boolean[]> FORMS =
      new ClassValue<>() {
        @Override
        protected Boolean[] computeValue(Class<?> type) {
          return new Boolean[] {
            overrides(type, Variable.class), overrides(type, Tensor.class)
          };
        }
      };

  /**
   * Whether {@code type} overrides the differentiable backward.
   *
   * @throws IllegalArgumentException when it overrides neither form or both
   */
  static boolean of(Class<?> type, String name) {
    Boolean[] forms = FORMS.get(type);
    boolean variable = forms[0];
    boolean tensor = forms[1];
    if (variable == tensor) {
      throw new IllegalArgumentException(
          String.format(
              "Op '%s' (%s) must override exactly one backward: backward(Context, Variable) for an"
                  + " op with higher derivatives, or backward(Context, Tensor) for first order"
                  + " only; it overrides %s",
              name, type.getName(), variable ? "both" : "neither"));
    }
    return variable;
  }

  private static boolean overrides(Class<?> type, Class<?> gradType) {
    for (Class<?> c = type; c != null && c != Op.class; c = c.getSuperclass()) {
      try {
        c.getDeclaredMethod("backward", Context.class, gradType);
        return true;
      } catch (NoSuchMethodException e) {
        // look further up
      }
    }
    return false;
  }
}
