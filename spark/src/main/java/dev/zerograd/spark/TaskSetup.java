package dev.zerograd.spark;

import dev.zerograd.tensor.cpu.Blas;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every zerograd task does first on an executor: says once per executor JVM, in its log,
 * which BLAS zerograd runs there (the bundled OpenBLAS on Linux x86-64 and the other platforms
 * whose native jar the build included, pure Java elsewhere, several times slower), and keeps the
 * task's work on the cores Spark gave it ({@code spark.task.cpus}, default 1): an executor runs
 * as many tasks at once as it has cores, so a task that split its products across all of the
 * node's cores would take the other tasks' (and other executors') cores.
 */
final class TaskSetup {
  private TaskSetup() {}

  private static final Logger LOG = LoggerFactory.getLogger("dev.zerograd.spark");
  private static final AtomicBoolean DONE = new AtomicBoolean();

  /** Logs the BLAS once per JVM; the returned scope caps this thread at the task's cores. */
  static Blas.Scope enter() {
    TaskContext tc = TaskContext.get();
    int cores = tc == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, tc.cpus());
    if (DONE.compareAndSet(false, true)) {
      LOG.info(
          "zerograd on this executor: {}; each task's work stays on at most {} core(s)"
              + " (spark.task.cpus)",
          Blas.describe(),
          cores);
    }
    return Blas.threadsAtMost(cores);
  }
}
