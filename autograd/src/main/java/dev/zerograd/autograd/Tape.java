package dev.zerograd.autograd;

/**
 * The recording state of one thread: the clock that stamps each recorded op with its position in
 * execution order, and the scopes open on the thread. Nothing is shared between threads, so two
 * models train on two threads exactly as each would alone.
 */
final class Tape {
  private static final ThreadLocal<Tape> CURRENT = ThreadLocal.withInitial(Tape::new);

  private long clock;
  int noGradDepth;
  int anomalyDepth;
  /** Greater than 0 while an op's backward runs: anomalies are then reported as its gradient's. */
  int backwardDepth;
  /** True while an op's backward runs recorded (create graph) on this thread. */
  boolean differentiating;

  static Tape current() {
    return CURRENT.get();
  }

  /**
   * The position of the next recorded op: after everything this thread recorded and after every
   * input (a Lamport clock, so that graphs handed between threads stay in execution order).
   */
  long next(long latestInput) {
    clock = Math.max(clock, latestInput) + 1;
    return clock;
  }
}
