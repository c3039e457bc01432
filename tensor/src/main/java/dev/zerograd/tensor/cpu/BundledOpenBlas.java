package dev.zerograd.tensor.cpu;

import java.io.File;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_full;

/**
 * The OpenBLAS that ships in the {@code org.bytedeco:openblas} jar: extracts it, and asks it for
 * its version, core name and thread count.
 *
 * <p>Isolated in its own class so that a missing bytedeco jar fails here, where the loader
 * catches it, and nowhere else.
 */
final class BundledOpenBlas {
  private BundledOpenBlas() {}

  /**
   * Extracts the bundled OpenBLAS (into JavaCPP's cache, {@code ~/.javacpp/cache}) and returns
   * the path of the shared library ({@code libopenblas.so.0} on Linux, {@code .dylib} on macOS,
   * {@code .dll} on Windows) that the JavaCPP bindings use; the
   * netlib JNI glue is pointed at the same file, so both talk to one loaded library.
   */
  static File extract() {
    String jni = Loader.load(openblas_full.class);
    File dir = new File(jni).getParentFile();
    for (String name : LIBRARY_NAMES) {
      File lib = new File(dir, name);
      if (lib.isFile()) {
        return lib;
      }
    }
    throw new IllegalStateException(
        "the bundled OpenBLAS did not extract any of " + String.join(", ", LIBRARY_NAMES) + " into "
            + dir);
  }

  /** The shared library's name on Linux, macOS and Windows, as JavaCPP's presets ship it. */
  private static final String[] LIBRARY_NAMES = {
    "libopenblas.so.0", "libopenblas.0.dylib", "libopenblas.dylib", "libopenblas.dll", "openblas.dll"
  };

  /** The build configuration, e.g. {@code OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Cooperlake}. */
  static String config() {
    return openblas_full.openblas_get_config().getString().trim();
  }

  /** The kernel chosen for this CPU, e.g. {@code Cooperlake}. */
  static String coreName() {
    return openblas_full.openblas_get_corename().getString().trim();
  }

  static int threads() {
    return openblas_full.openblas_get_num_threads();
  }

  static void setThreads(int n) {
    openblas_full.openblas_set_num_threads(n);
  }
}
