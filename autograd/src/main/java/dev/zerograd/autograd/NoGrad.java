package dev.zerograd.autograd;

/**
 * A scope in which nothing is recorded: ops run forward only, and their outputs require no
 * gradient. For evaluation and optimiser updates.
 *
 * <pre>{@code
 * try (NoGrad scope = NoGrad.enter()) {
 *   Tensor scores = model.forward(x).value();
 * }
 * }</pre>
 *
 * <p>Scopes nest, and belong to the thread that entered them.
 */
public final class NoGrad implements AutoCloseable {
  private final Tape tape;
  private boolean closed;

  private NoGrad(Tape tape) {
    this.tape = tape;
  }

  /** Enters a scope on this thread; close it (try-with-resources) to record again. */
  public static NoGrad enter() {
    Tape tape = Tape.current();
    tape.noGradDepth++;
    return new NoGrad(tape);
  }

  /** Whether a no-grad scope is open on this thread. */
  public static boolean isActive() {
    return Tape.current().noGradDepth > 0;
  }

  /**
   * Leaves the scope. Closing twice does nothing.
   *
   * @throws IllegalStateException when called on another thread than the one that entered
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Tape.current() != tape) {
      throw new IllegalStateException(
          "NoGrad.close: the scope was entered on another thread; close it on that thread");
    }
    closed = true;
    tape.noGradDepth--;
  }
}
