package dev.zerograd.autograd;

/**
 * A scope in which nothing is recorded: ops run forward only, and their outputs require no
 * gradient. For evaluation and optimiser updates.
 *
 * <pre>{@code
 * Tensor scores = NoGrad.call(() -> model.forward(x).value());
 * try (NoGrad scope = NoGrad.enter()) {   // the same, as a block
 *   Tensor scores = model.forward(x).value();
 * }
 * }</pre>
 *
 * <p>{@code javac -Xlint:try} warns about the block form when its body never names the scope
 * variable; {@link #call} and {@link #run} need no variable.
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
   * Runs {@code body} in a scope, on this thread, and records again after it, whether it returns
   * or throws (PyTorch's {@code with torch.no_grad():}).
   *
   * @param <T> what {@code body} returns
   * @param body what to run without recording
   * @return what {@code body} returned
   */
  public static <T> T call(java.util.function.Supplier<T> body) {
    java.util.Objects.requireNonNull(body, "NoGrad.call: body is null");
    try (NoGrad scope = enter()) {
      return body.get();
    }
  }

  /**
   * Runs {@code body} in a scope, on this thread, and records again after it, whether it returns
   * or throws.
   *
   * @param body what to run without recording
   */
  public static void run(Runnable body) {
    java.util.Objects.requireNonNull(body, "NoGrad.run: body is null");
    try (NoGrad scope = enter()) {
      body.run();
    }
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
