package dev.zerograd.tensor.cpu;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The BLAS library behind the CPU backend's matrix products: chosen once, loaded, and asked what
 * it is. The public face is {@link dev.zerograd.tensor.cpu.Blas}, which documents the choice; this
 * class is the CPU backend's own, public only so that the front can reach it.
 */
final class CpuBlas {
  /** The kind of implementation that runs; see {@link dev.zerograd.tensor.cpu.Blas.Backend}. */
  public enum Kind {
    /** OpenBLAS from the {@code org.bytedeco:openblas} jar. */
    BUNDLED_OPENBLAS,
    /** A native BLAS of the system (by default {@code libblas.so.3}) or a given path. */
    SYSTEM,
    /** netlib's pure-Java BLAS. */
    JAVA
  }

  /** The property naming the BLAS to use. */
  public static final String PROPERTY = "zerograd.blas";

  /** The environment variable read when the property is not set. */
  public static final String ENVIRONMENT = "ZEROGRAD_BLAS";

  private static final String NETLIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
  private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)");

  /** Holds the logger strongly: java.util.logging forgets levels of unreferenced loggers. */
  private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");

  private CpuBlas() {}

  /**
   * The outcome of choosing the library, computed once on first use: the loaded library, or why
   * the chosen one cannot load. A failure is kept and reported again by every later call, as a
   * clear {@code IllegalStateException}, never as an {@code ExceptionInInitializerError} or
   * {@code NoClassDefFoundError}.
   */
  private static final class Choice {
    static final Loaded LOADED;
    static final String ERROR;

    static {
      Loaded loaded = null;
      String error = null;
      try {
        loaded = load();
      } catch (IllegalStateException e) {
        error = e.getMessage();
      } catch (RuntimeException | LinkageError e) {
        error = "BLAS could not be loaded (" + e + "); " + ACCEPTED;
      }
      LOADED = loaded;
      ERROR = error;
    }
  }

  private static final String ACCEPTED =
      "use bundled, system, java, or the absolute path of a BLAS shared library";

  /**
   * The loaded library.
   *
   * @throws IllegalStateException naming the setting and the accepted values when the chosen
   *     library cannot load; on every call, not only the first
   */
  private static Loaded loaded() {
    if (Choice.ERROR != null) {
      throw new IllegalStateException(Choice.ERROR);
    }
    return Choice.LOADED;
  }

  /** The loaded library and what is known of it. */
  private static final class Loaded {

    final BLAS blas;
    final Kind backend;
    final String library;
    final String version;
    final String coreName;
    final List<String> skipped;

    Loaded(
        BLAS blas,
        Kind backend,
        String library,
        String version,
        String coreName,
        List<String> skipped) {
      this.blas = blas;
      this.backend = backend;
      this.library = library;
      this.version = version;
      this.coreName = coreName;
      this.skipped = List.copyOf(skipped);
    }
  }

  static BLAS impl() {
    return loaded().blas;
  }

  /**
   * Which kind of BLAS runs (loading it if this is the first use).
   *
   * @return which kind of BLAS runs (loading it if this is the first use)
   */
  public static Kind kind() {
    return loaded().backend;
  }

  /**
   * One line saying what runs: backend, library, version, kernel (core name) and threads, plus
   * why earlier choices were skipped. For example: {@code BLAS: bundled OpenBLAS 0.3.31, core
   * Cooperlake, 2 threads, library /root/.javacpp/cache/.../libopenblas.so.0}.
   *
   * @return one line saying what runs: backend, library, version, kernel (core name) and threads,
   *     plus why earlier choices were skipped
   */
  public static String describe() {
    Loaded l = loaded();
    StringBuilder sb = new StringBuilder("BLAS: ");
    switch (l.backend) {
      case BUNDLED_OPENBLAS:
        sb.append("bundled OpenBLAS ").append(l.version);
        break;
      case SYSTEM:
        sb.append("system ").append(l.version);
        break;
      default:
        sb.append("pure Java (").append(l.version).append(')');
    }
    sb.append(", core ").append(l.coreName);
    sb.append(", ").append(threadsDescription(l));
    sb.append(", library ").append(l.library);
    if (!l.skipped.isEmpty()) {
      sb.append(" [skipped: ").append(String.join("; ", l.skipped)).append(']');
    }
    if (l.backend == Kind.JAVA && !l.skipped.isEmpty()) {
      sb.append(
          "; pure Java runs matrix products several times slower than native BLAS: build with"
              + " Maven on the machine that runs (it picks org.bytedeco:openblas for Linux x86-64"
              + " and arm64, macOS and Windows), add org.bytedeco:openblas with this platform's"
              + " classifier, or install libblas.so.3");
    }
    return sb.toString();
  }

  /** Set once a thread count is chosen by hand (or by OPENBLAS_NUM_THREADS): no splitting. */
  private static volatile boolean explicitThreads;

  /**
   * Whether large products are split across the cores by zerograd (automatic mode: the default
   * for the bundled OpenBLAS, which then runs one thread per call, and for pure Java), rather
   * than left to the library's own threads (after {@link #setThreads}, with {@code
   * OPENBLAS_NUM_THREADS}, or for a system library, whose threads zerograd cannot see).
   */
  static boolean splits() {
    return !explicitThreads && loaded().backend != Kind.SYSTEM;
  }

  private static String threadsDescription(Loaded l) {
    if (splits()) {
      int cores = Parallel.maxParts();
      return "threads auto (products above "
          + (2 * Products.MIN_PART_WORK / 1_000_000)
          + " MFLOP split across "
          + cores
          + (cores == 1 ? " core" : " cores")
          + ", one BLAS thread each)";
    }
    switch (l.backend) {
      case BUNDLED_OPENBLAS:
        int n = BundledOpenBlas.threads();
        return n + (n == 1 ? " thread" : " threads");
      case SYSTEM:
        String env = System.getenv("OPENBLAS_NUM_THREADS");
        return "threads "
            + (env == null ? "as the library defaults" : env + " (OPENBLAS_NUM_THREADS)");
      default:
        return "1 thread";
    }
  }

  /**
   * The number of threads one matrix product on this thread may use: in automatic mode (the
   * default) the cores a large product is split across (at most the count of an open {@code
   * Blas.threadsAtMost} scope); after {@link #setThreads} the count set; {@code -1}
   * (unknown) for a system library.
   *
   * @return the threads one product may use, or {@code -1} when unknown
   */
  public static int threads() {
    Loaded l = loaded();
    if (splits()) {
      return Parallel.parts();
    }
    switch (l.backend) {
      case BUNDLED_OPENBLAS:
        return BundledOpenBlas.threads();
      case JAVA:
        return 1;
      default:
        return -1;
    }
  }

  /**
   * Turns automatic threading off and gives the BLAS {@code n} threads of its own. Rarely
   * needed: by default the bundled OpenBLAS runs one thread per call and zerograd splits products
   * above 2 MFLOP across the cores, with helper threads that park when idle; OpenBLAS's own
   * workers keep spinning for about a tenth of a second after each call, which slows every other
   * thread of a busy machine. {@link #setAutoThreads()} returns to the default.
   *
   * @param n the number of threads, at least 1
   * @throws IllegalArgumentException when {@code n < 1}
   * @throws IllegalStateException when the running backend cannot change its thread count: a
   *     system library reads {@code OPENBLAS_NUM_THREADS} at start; pure Java has one thread
   */
  public static void setThreads(int n) {
    checkArgument(n >= 1, "Blas.setThreads: thread count %s must be >= 1", n);
    Loaded l = loaded();
    switch (l.backend) {
      case BUNDLED_OPENBLAS:
        int before = BundledOpenBlas.threads();
        BundledOpenBlas.setThreads(n);
        int now = BundledOpenBlas.threads();
        if (now != n) {
          // OpenBLAS clamps silently to the maximum it was built for.
          BundledOpenBlas.setThreads(before);
          throw new IllegalArgumentException(
              String.format(
                  "Blas.setThreads: the bundled OpenBLAS runs at most %d threads; asked for %d,"
                      + " give 1 to %d",
                  now, n, now));
        }
        explicitThreads = true;
        return;
      case SYSTEM:
        throw new IllegalStateException(
            "Blas.setThreads: the system BLAS cannot change its thread count from Java;"
                + " set OPENBLAS_NUM_THREADS before starting the JVM, or use the bundled OpenBLAS");
      default:
        if (n != 1) {
          throw new IllegalStateException(
              "Blas.setThreads: the pure-Java BLAS runs on one thread; asked for " + n);
        }
        explicitThreads = true;
    }
  }

  /**
   * Opens a scope in which this thread's products are not split; see {@code Blas.serial()}.
   *
   * @return closes the scope
   */
  public static Runnable serial() {
    return Parallel.serial();
  }

  /**
   * Opens a scope in which this thread's products are split into at most {@code n} parts; see
   * {@code Blas.threadsAtMost}.
   */
  public static Runnable atMost(int n) {
    checkArgument(n >= 1, "Blas.threadsAtMost: thread count %s must be >= 1", n);
    return Parallel.atMost(n);
  }

  /** Back to automatic mode (see {@link #splits()}): the bundled OpenBLAS to one thread. */
  public static void setAutoThreads() {
    Loaded l = loaded();
    if (l.backend == Kind.BUNDLED_OPENBLAS) {
      BundledOpenBlas.setThreads(1);
    }
    explicitThreads = false;
  }

  private static Loaded load() {
    String choice = System.getProperty(PROPERTY);
    String setting = "-D" + PROPERTY;
    if (choice == null || choice.isBlank()) {
      choice = System.getenv(ENVIRONMENT);
      setting = ENVIRONMENT;
    }
    choice = choice == null || choice.isBlank() ? "auto" : choice.trim();
    setting = setting + "=" + choice;
    // netlib logs a warning for every implementation it cannot load, including the Java
    // variants that need incubator modules; the choice made is reported by describe().
    NETLIB_LOG.setLevel(Level.SEVERE);
    List<String> skipped = new ArrayList<>();
    String mode = choice.toLowerCase(Locale.ROOT);
    switch (mode) {
      case "auto":
        Loaded l = tryBundled(skipped);
        if (l == null) {
          l = trySystem(null, skipped);
        }
        return l != null ? l : loadJava(skipped);
      case "bundled":
        return require(tryBundled(skipped), setting, skipped);
      case "system":
        return require(trySystem(null, skipped), setting, skipped);
      case "java":
        return loadJava(skipped);
      default:
        if (!new File(choice).isAbsolute()) {
          throw new IllegalStateException(setting + " is not understood: " + ACCEPTED);
        }
        if (!new File(choice).isFile()) {
          throw new IllegalStateException(setting + ": no such file; " + ACCEPTED);
        }
        return require(trySystem(choice, skipped), setting, skipped);
    }
  }

  private static Loaded require(Loaded l, String setting, List<String> skipped) {
    if (l == null) {
      throw new IllegalStateException(
          String.format(
              "%s cannot be loaded (%s); %s", setting, String.join("; ", skipped), ACCEPTED));
    }
    return l;
  }

  /**
   * On the module path, JavaCPP's native jars are modules of their own that nothing requires (a
   * module cannot require one platform's), so Java does not resolve them unless told to.
   */
  private static String modulePathHint() {
    if (!CpuBlas.class.getModule().isNamed()) {
      return "";
    }
    String platform;
    try {
      platform = org.bytedeco.javacpp.Loader.getPlatform();
    } catch (Throwable t) {
      platform = "PLATFORM";
    }
    String module = "org.bytedeco.openblas." + platform.replace('-', '.');
    if (ModuleLayer.boot().findModule(module).isPresent()) {
      return "";
    }
    return "; on the module path, add --add-modules " + module
        + " (and its jar, org.bytedeco:openblas with classifier " + platform + ")";
  }

  private static Loaded tryBundled(List<String> skipped) {
    File lib;
    try {
      lib = BundledOpenBlas.extract();
    } catch (Throwable t) { // NoClassDefFoundError or UnsatisfiedLinkError on other platforms
      skipped.add("bundled OpenBLAS unavailable (" + t + ")" + modulePathHint());
      return null;
    }
    System.setProperty(NETLIB_PATH, lib.getPath());
    BLAS blas;
    try {
      blas = NativeBLAS.getInstance();
    } catch (RuntimeException e) {
      skipped.add("bundled OpenBLAS did not load through netlib (" + e.getMessage() + ")");
      return null;
    }
    if (System.getenv("OPENBLAS_NUM_THREADS") == null) {
      // Automatic mode: OpenBLAS never starts its spinning workers; large products are split
      // across the cores by Parallel instead.
      BundledOpenBlas.setThreads(1);
    } else {
      explicitThreads = true;
    }
    String config = BundledOpenBlas.config();
    Matcher m = VERSION.matcher(config);
    String version = m.find() ? m.group(1) : config;
    return new Loaded(
        blas, Kind.BUNDLED_OPENBLAS, lib.getPath(), version, BundledOpenBlas.coreName(),
        skipped);
  }

  private static Loaded trySystem(String path, List<String> skipped) {
    if (System.getProperty(NETLIB_PATH) != null && path == null) {
      skipped.add("system BLAS not tried (netlib was already pointed at another library)");
      return null;
    }
    if (path != null) {
      System.setProperty(NETLIB_PATH, path);
    }
    BLAS blas;
    try {
      blas = NativeBLAS.getInstance();
    } catch (RuntimeException | LinkageError e) { // a file that is not a library: a LinkageError
      skipped.add(
          (path == null ? "system libblas.so.3" : path) + " did not load (" + e.getMessage() + ")");
      return null;
    }
    String library = path != null ? path : resolveSystemLibrary();
    return new Loaded(
        blas,
        Kind.SYSTEM,
        library,
        systemVersion(library),
        "not reported (only the bundled OpenBLAS answers openblas_get_corename here)",
        skipped);
  }

  private static Loaded loadJava(List<String> skipped) {
    JavaBLAS blas = JavaBLAS.getInstance();
    return new Loaded(
        blas, Kind.JAVA, "none", blas.getClass().getSimpleName(), "none", skipped);
  }

  /** Where {@code libblas.so.3} resolves to on the usual Linux paths, or its bare name. */
  private static String resolveSystemLibrary() {
    for (String dir :
        new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64",
          "/usr/lib"}) {
      Path p = Path.of(dir, "libblas.so.3");
      if (Files.exists(p)) {
        try {
          return p.toRealPath().toString();
        } catch (IOException e) {
          return p.toString();
        }
      }
    }
    return "libblas.so.3";
  }

  /**
   * What can be said of a system library's version without calling into it: Debian's OpenBLAS
   * keeps a versioned file ({@code libopenblasp-r0.3.21.so}) beside {@code libblas.so.3}.
   */
  private static String systemVersion(String library) {
    Path dir = Path.of(library).getParent();
    if (dir != null && Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          Matcher m = VERSION.matcher(name);
          if (name.startsWith("libopenblas") && m.find()) {
            return "OpenBLAS " + m.group(1) + " (from the file name " + name + ")";
          }
        }
      } catch (IOException e) {
        // fall through: the version is simply unknown
      }
    }
    return "BLAS (version unknown)";
  }
}
