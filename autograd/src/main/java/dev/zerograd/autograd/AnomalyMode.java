package dev.zerograd.autograd;

/**
 * A scope in which every op's output and every gradient is checked for NaN and infinity; the
 * first one found throws an {@link AnomalyException} naming the op and the source line of the
 * forward call that created it. Costs a stack walk per op, so it is for debugging only.
 *
 * <pre>{@code
 * try (AnomalyMode scope = AnomalyMode.enable()) {
 *   loss.backward();
 * }
 * }</pre>
 */
public final class AnomalyMode implements AutoCloseable {
  private final Tape tape;
  private boolean closed;

  private AnomalyMode(Tape tape) {
    this.tape = tape;
  }

  /** Turns anomaly detection on for this thread until the scope is closed. */
  public static AnomalyMode enable() {
    Tape tape = Tape.current();
    tape.anomalyDepth++;
    return new AnomalyMode(tape);
  }

  /** Whether anomaly detection is on for this thread. */
  public static boolean isEnabled() {
    return Tape.current().anomalyDepth > 0;
  }

  /**
   * Leaves the scope. Closing twice does nothing.
   *
   * @throws IllegalStateException when called on another thread than the one that enabled it
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Tape.current() != tape) {
      throw new IllegalStateException(
          "AnomalyMode.close: the scope was opened on another thread; close it on that thread");
    }
    closed = true;
    tape.anomalyDepth--;
  }
}
