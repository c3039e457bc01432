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
 * <p>Scopes nest, and belong to the thread that entered them; {@link #close()} on another thread
 * throws {@code IllegalStateException}.
 */
public final class NoGrad extends TapeScope {
  private NoGrad(Tape tape) {
    super(tape, "NoGrad");
  }

  /**
   * Enters a scope on this thread; close it (try-with-resources) to record again.
   *
   * @return the scope; closing it records again
   */
  public static NoGrad enter() {
    Tape tape = Tape.current();
    tape.noGradDepth++;
    return new NoGrad(tape);
  }

  /**
   * Whether a no-grad scope is open on this thread.
   *
   * @return whether a no-grad scope is open on this thread
   */
  public static boolean isActive() {
    return Tape.current().noGradDepth > 0;
  }

  @Override
  void leave(Tape t) {
    t.noGradDepth--;
  }
}
