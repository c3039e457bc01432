package dev.zerograd.bench;

import dev.zerograd.tensor.cpu.Blas;

/** The benchmarks' {@code threads} parameter: {@code auto} (the library's default) or a count. */
final class Threads {
  private Threads() {}

  /**
   * Applies a setting: {@code auto} leaves the default (what a program that never calls {@link
   * Blas#setThreads} gets); a number gives the BLAS that many threads of its own.
   */
  static void apply(String setting) {
    if (setting.equals("auto")) {
      Blas.setAutoThreads();
    } else {
      Blas.setThreads(Integer.parseInt(setting));
    }
  }
}
