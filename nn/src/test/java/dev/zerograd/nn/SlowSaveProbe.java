package dev.zerograd.nn;

import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link AtomicFileTest}: starts an atomic write of {@code args[0]} that
 * writes slowly, prints "writing" once the temporary file exists, and waits for a signal.
 */
public final class SlowSaveProbe {
  private SlowSaveProbe() {}

  public static void main(String[] args) throws Exception {
    AtomicFile.write(
        Path.of(args[0]),
        out -> {
          out.write(new byte[1 << 20]);
          out.flush();
          System.out.println("writing");
          System.out.flush();
          for (int i = 0; i < 600; i++) {
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException("interrupted");
            }
            out.write(new byte[1024]);
          }
        });
  }
}
