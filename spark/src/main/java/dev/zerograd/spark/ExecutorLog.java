package dev.zerograd.spark;

import dev.zerograd.tensor.Blas;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once per executor JVM, in its log, which BLAS zerograd runs there: the bundled OpenBLAS
 * on Linux x86-64 (and the other platforms whose native jar the build included), pure Java
 * elsewhere, several times slower.
 */
final class ExecutorLog {
  private ExecutorLog() {}

  private static final Logger LOG = LoggerFactory.getLogger("dev.zerograd.spark");
  private static final AtomicBoolean DONE = new AtomicBoolean();

  static void once() {
    if (DONE.compareAndSet(false, true)) {
      LOG.info("zerograd on this executor: {}", Blas.describe());
    }
  }
}
