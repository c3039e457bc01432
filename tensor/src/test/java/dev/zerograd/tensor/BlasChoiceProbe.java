package dev.zerograd.tensor;

import dev.zerograd.tensor.cpu.Blas;

/**
 * Run in a child JVM by {@link BlasTest}: touches the BLAS three times and prints what each call
 * threw, one line each, so that the test sees how a bad setting is reported in a fresh process.
 */
public final class BlasChoiceProbe {
  private BlasChoiceProbe() {}

  /** Prints one line per call: its result, or the exception's class and message. */
  public static void main(String[] args) {
    Runnable[] calls = {
      () -> System.out.println(Blas.describe()),
      () -> System.out.println(Blas.backend()),
      () -> Tensor.ones(DType.FLOAT32, 2, 2).matmul(Tensor.ones(DType.FLOAT32, 2, 2)),
    };
    for (Runnable call : calls) {
      try {
        call.run();
      } catch (RuntimeException | Error e) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
