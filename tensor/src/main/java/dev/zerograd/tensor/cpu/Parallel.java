package dev.zerograd.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Splits one kernel call across the machine's cores with a cheap hand-off: {@code cores - 1}
 * daemon helper threads, each with a one-task mailbox. A helper that finishes keeps watching its
 * mailbox for {@link #SPIN_NANOS} (the gap between the products of one training step) and then
 * parks, so that an idle library leaves every core free; OpenBLAS's own workers spin for about a
 * tenth of a second, which made a user's program several times slower on a busy machine.
 *
 * <p>The caller always runs one part itself; parts go to helpers only when a helper is idle
 * (another thread of the program, such as a background evaluation, may be using them), else the
 * caller runs them too. So a call never waits for a busy helper, and results do not depend on
 * which thread ran which part: each part writes its own rows of the output.
 */
final class Parallel {
  private Parallel() {}

  /** How long a helper watches its mailbox after a task before parking. */
  static final long SPIN_NANOS = 50_000;

  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final Helper[] HELPERS = new Helper[Math.max(0, CORES - 1)];

  /** The number of threads a call may use: the cores, or 1 on a one-core machine. */
  static int maxParts() {
    return CORES;
  }

  private static final java.util.concurrent.atomic.AtomicLong HAND_OFFS =
      new java.util.concurrent.atomic.AtomicLong();

  /** How many parts were handed to helpers so far (for tests and benchmarks). */
  static long handOffs() {
    return HAND_OFFS.get();
  }

  /** Each thread's cap on the parts of its calls (0: none), set by {@link #atMost} scopes. */
  private static final ThreadLocal<int[]> CAP = ThreadLocal.withInitial(() -> new int[1]);

  /** The number of parts a call on this thread may be split into. */
  static int parts() {
    int cap = CAP.get()[0];
    return cap > 0 ? Math.min(cap, CORES) : CORES;
  }

  /** Opens a scope in which this thread's calls are not split; close it to split again. */
  static Runnable serial() {
    return atMost(1);
  }

  /**
   * Opens a scope in which this thread's calls are split into at most {@code n} parts (a scope
   * inside another keeps the smaller cap); closing it restores the cap before it.
   */
  static Runnable atMost(int n) {
    int[] cap = CAP.get();
    int before = cap[0];
    cap[0] = before > 0 ? Math.min(before, n) : n;
    boolean[] closed = {false};
    return () -> {
      if (!closed[0]) {
        closed[0] = true;
        cap[0] = before;
      }
    };
  }

  /**
   * Runs {@code body.accept(i)} for every {@code i} in {@code [0, parts)}, part 0 on the caller
   * and the others on idle helpers (or on the caller when none is idle); returns when all are
   * done. An exception in any part is rethrown here after every part has finished.
   */
  static void run(int parts, IntConsumer body) {
    if (parts <= 1 || HELPERS.length == 0) {
      for (int i = 0; i < parts; i++) {
        body.accept(i);
      }
      return;
    }
    Helper[] taken = new Helper[parts];
    Task task = new Task(body);
    for (int i = 1; i < parts; i++) {
      Helper h = idleHelper();
      if (h == null) {
        break;
      }
      taken[i] = h;
      HAND_OFFS.incrementAndGet();
      task.pending.incrementAndGet();
      h.hand(task, i);
    }
    RuntimeException failure = null;
    for (int i = 0; i < parts; i++) {
      if (taken[i] == null) {
        try {
          body.accept(i);
        } catch (RuntimeException | Error e) {
          failure = failure == null ? asRuntime(e) : failure;
        }
      }
    }
    task.await();
    if (failure == null && task.failure != null) {
      failure = asRuntime(task.failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The body of {@link #runRanges}: one contiguous range of indices. */
  @FunctionalInterface
  interface Range {
    /**
     * Processes indices {@code [from, to)}.
     *
     * @param from the first index
     * @param to the index after the last
     */
    void run(int from, int to);
  }

  /**
   * Cuts {@code [0, length)} into {@code parts} ranges of nearly equal length (at most {@code
   * length}) and runs them as {@link #run} runs parts.
   */
  static void runRanges(int length, int parts, Range body) {
    int n = Math.max(1, Math.min(parts, length));
    run(n, p -> body.run((int) ((long) length * p / n), (int) ((long) length * (p + 1) / n)));
  }

  private static RuntimeException asRuntime(Throwable t) {
    if (t instanceof Error) {
      throw (Error) t;
    }
    return (RuntimeException) t;
  }

  /** An idle helper, now reserved for the caller, or null when all are busy. */
  private static Helper idleHelper() {
    for (int i = 0; i < HELPERS.length; i++) {
      Helper h = HELPERS[i];
      if (h == null) {
        synchronized (HELPERS) {
          if (HELPERS[i] == null) {
            HELPERS[i] = new Helper(i + 1);
          }
          h = HELPERS[i];
        }
      }
      if (h.reserve()) {
        return h;
      }
    }
    return null;
  }

  /** One call's parts: how many are still running on helpers, and the first failure. */
  private static final class Task {
    final IntConsumer body;
    final AtomicInteger pending = new AtomicInteger();
    final Thread caller = Thread.currentThread();
    volatile Throwable failure;

    Task(IntConsumer body) {
      this.body = body;
    }

    void done(Throwable t) {
      if (t != null && failure == null) {
        failure = t;
      }
      if (pending.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
      }
    }

    /** Waits for the helpers' parts: spins briefly (they are usually done), then parks. */
    void await() {
      long start = System.nanoTime();
      while (pending.get() > 0) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 100_000);
        }
      }
    }
  }

  /** A daemon thread with a one-task mailbox. */
  private static final class Helper extends Thread {
    private static final int IDLE = 0;
    private static final int RESERVED = 1;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Task task;
    private volatile int part;
    private volatile boolean parked;

    Helper(int index) {
      super("zerograd-kernels-" + index);
      setDaemon(true);
      start();
    }

    boolean reserve() {
      return state.compareAndSet(IDLE, RESERVED);
    }

    void hand(Task t, int p) {
      part = p;
      task = t;
      if (parked) {
        LockSupport.unpark(this);
      }
    }

    @Override
    public void run() {
      while (true) {
        Task t = waitForTask();
        Throwable failure = null;
        try {
          t.body.accept(part);
        } catch (Throwable e) {
          failure = e;
        }
        task = null;
        state.set(IDLE);
        t.done(failure);
      }
    }

    private Task waitForTask() {
      long start = System.nanoTime();
      while (true) {
        Task t = task;
        if (t != null) {
          return t;
        }
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          parked = true;
          if (task == null) {
            LockSupport.park(this);
          }
          parked = false;
          start = System.nanoTime();
        }
      }
    }
  }
}
