package dev.zerograd.autograd;

/**
 * A scope in which every op's output and every gradient is checked for NaN and infinity; the
 * first one found throws an {@link AnomalyException} naming the op and the source line of the
 * forward call that created it. Costs a stack walk per op, so it is for debugging only.
 *
 * <pre>{@code
 * try (AnomalyMode scope = AnomalyMode.enable()) {
 *   Variable loss = model.loss(x, t);
 *   loss.backward();
 * }
 * }</pre>
 *
 * <p>Scopes nest, and belong to the thread that opened them; {@link #close()} on another thread
 * throws {@code IllegalStateException}.
 */
public final class AnomalyMode extends TapeScope {
  private AnomalyMode(Tape tape) {
    super(tape, "AnomalyMode");
  }

  /**
   * Turns anomaly detection on for this thread until the scope is closed.
   *
   * @return the scope; closing it turns detection off
   */
  public static AnomalyMode enable() {
    Tape tape = Tape.current();
    tape.anomalyDepth++;
    return new AnomalyMode(tape);
  }

  /**
   * Whether anomaly detection is on for this thread.
   *
   * @return whether anomaly detection is on for this thread
   */
  public static boolean isEnabled() {
    return Tape.current().anomalyDepth > 0;
  }

  @Override
  void leave(Tape t) {
    t.anomalyDepth--;
  }
}
