package dev.zerograd.spark;

import java.util.function.Supplier;

/** Turns the Spark failures a user can fix into one line saying what to do. */
final class Errors {
  private Errors() {}

  /**
   * Runs a Spark action; a failure caused by executors missing zerograd's classes, or by a bad
   * input that a task reported, is rethrown with its fix.
   */
  static <T> T translate(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // SparkException is checked, and thrown from Scala undeclared
      throw translated(e);
    }
  }

  /** The exception to throw for a failed job. */
  static RuntimeException translated(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if ((t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError)
          && m.replace('/', '.').contains("dev.zerograd")) {
        return new IllegalStateException(
            "executors cannot load zerograd's classes ("
                + m
                + "): submit the application jar, spark/target/zerograd-spark-app.jar (mvn -pl"
                + " spark -am package builds it; it holds zerograd and its dependencies, Spark"
                + " excepted), or ship zerograd's jars and all their dependencies with --jars",
            e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.NotSerializableException) {
        return new IllegalArgumentException(
            "a function sent to the executors (the model or optimiser factory) captures "
                + String.valueOf(t.getMessage()).lines().findFirst().orElse("an object")
                + ", which is not serializable: capture only serializable values (numbers,"
                + " strings, enums) in the lambdas, and copy fields to local variables first",
            e);
      }
    }
    // A bad input found by a task (rows of another width, a label out of range): its own
    // message, not Spark's stack.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if ((t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException)
          && t != e) {
        return new IllegalArgumentException(firstLine(t.getMessage()), e);
      }
    }
    return e instanceof RuntimeException r
        ? r
        : new IllegalStateException("Spark job failed: " + firstLine(e.getMessage()), e);
  }

  private static String firstLine(String m) {
    return m == null ? "" : m.lines().findFirst().orElse("");
  }
}
