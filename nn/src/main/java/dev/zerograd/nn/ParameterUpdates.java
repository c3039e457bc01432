package dev.zerograd.nn;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The lock between in-place updates of parameters and buffers (optimiser steps, batch norm's
 * running statistics) and snapshots of them ({@link Checkpoint#save}, {@link Checkpoint#snapshot}):
 * a snapshot taken while another thread trains sees every tensor as one update left it, never a
 * tensor torn mid-update nor parameters of two different steps.
 *
 * <p>Updates share the lock, so that models training on several threads at once do not wait for
 * one another; a snapshot holds it alone while it copies (a copy of the model, not the writing of
 * a file), so a step waits at most that long. An optimiser written outside this library takes
 * {@link #update()} around its in-place writes in the same way.
 */
public final class ParameterUpdates {
  private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

  private ParameterUpdates() {}

  /** A held lock; closing it releases it. */
  public static final class Scope implements AutoCloseable {
    private final Lock lock;

    private Scope(Lock lock) {
      this.lock = lock;
      lock.lock();
    }

    /** Releases the lock. */
    @Override
    public void close() {
      lock.unlock();
    }
  }

  /**
   * Holds the lock for an in-place update, shared with other updates.
   *
   * @return the held lock
   */
  public static Scope update() {
    return new Scope(LOCK.readLock());
  }

  /**
   * Holds the lock alone, for a consistent copy of parameters and buffers.
   *
   * @return the held lock
   */
  public static Scope snapshot() {
    return new Scope(LOCK.writeLock());
  }
}
