package dev.zerograd.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A JMH counter of the GFLOP a benchmark did; JMH reports it per second (GFLOP/s). */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
  /** GFLOP done in this iteration. */
  public double gflop;

  /** Starts an iteration's count at zero. */
  @Setup(Level.Iteration)
  public void reset() {
    gflop = 0;
  }
}
