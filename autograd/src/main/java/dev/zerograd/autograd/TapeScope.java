package dev.zerograd.autograd;

/** A scope opened on one thread's tape and closed on the same thread, once. */
abstract class TapeScope implements AutoCloseable {
  private final Tape tape;
  private final String kind;
  private boolean closed;

  TapeScope(Tape tape, String kind) {
    this.tape = tape;
    this.kind = kind;
  }

  /** Undoes what opening the scope did to the tape. */
  abstract void leave(Tape t);

  /**
   * Leaves the scope. Closing twice does nothing.
   *
   * @throws IllegalStateException when called on another thread than the one that opened it
   */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    if (Tape.current() != tape) {
      throw new IllegalStateException(
          kind + ".close: the scope was opened on another thread; close it on that thread");
    }
    closed = true;
    leave(tape);
  }
}
