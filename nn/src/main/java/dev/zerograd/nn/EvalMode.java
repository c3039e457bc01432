package dev.zerograd.nn;

/**
 * A scope in which every module behaves as in evaluation mode on this thread (dropout passes its
 * input through, batch norm uses its running statistics and leaves them alone), without changing
 * any module's own mode: another thread training the same model at the same time still trains.
 * {@link Module#predict} and {@link Module#accuracy} evaluate inside one, so evaluating never
 * mutates the model.
 *
 * <pre>{@code
 * try (EvalMode scope = EvalMode.enter(); NoGrad noGrad = NoGrad.enter()) {
 *   Tensor scores = model.forward(Variable.of(x)).value();
 * }
 * }</pre>
 *
 * <p>Scopes nest, and belong to the thread that entered them; {@link #close()} on another thread
 * throws {@code IllegalStateException}.
 */
public final class EvalMode implements AutoCloseable {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private final Thread owner = Thread.currentThread();
  private boolean closed;

  private EvalMode() {}

  /**
   * Enters a scope on this thread; close it (try-with-resources) to return to each module's own
   * mode.
   *
   * @return the scope
   */
  public static EvalMode enter() {
    DEPTH.get()[0]++;
    return new EvalMode();
  }

  /**
   * Whether an evaluation scope is open on this thread.
   *
   * @return whether an evaluation scope is open on this thread
   */
  public static boolean isActive() {
    return DEPTH.get()[0] > 0;
  }

  /**
   * Leaves the scope; a second close does nothing.
   *
   * @throws IllegalStateException when called on another thread than the one that entered it
   */
  @Override
  public void close() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "EvalMode: closed on thread "
              + Thread.currentThread().getName()
              + " but entered on "
              + owner.getName()
              + "; a scope belongs to its thread");
    }
    if (!closed) {
      closed = true;
      DEPTH.get()[0]--;
    }
  }
}
