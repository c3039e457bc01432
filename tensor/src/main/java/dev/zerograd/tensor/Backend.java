package dev.zerograd.tensor;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.zerograd.tensor.spi.Kernels;
import dev.zerograd.tensor.spi.KernelsProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a tensor's memory lives and its arithmetic runs: PyTorch's {@code device}. The CPU
 * backend ({@code cpu}) is built in; others plug in through {@link KernelsProvider} and are found
 * on the class or module path by name.
 *
 * <p>Tensors made from nothing ({@link Tensor#zeros}, {@link Tensor#of}, ...) go to the default
 * backend: the one the system property {@value #PROPERTY} names, or else the environment
 * variable {@value #ENVIRONMENT}, or else {@code cpu}; {@link #setDefault} changes it for the
 * JVM. Everything computed from tensors stays on their backend ({@link Tensor#backend()}), and
 * {@link Tensor#to(Backend)} moves a tensor. Operands of one operation must share a backend.
 *
 * <p>{@code checked} is a second backend in the tensor jar that stands where a GPU would: its
 * memory is not the host's (the CPU kernels cannot read it), it refuses storage of any other
 * backend, and it counts every copy between the host and itself ({@link #hostCopies()}), so that
 * a program run on it shows what would move data on a GPU.
 */
public final class Backend {
  /** The system property naming the default backend. */
  public static final String PROPERTY = "zerograd.backend";

  /** The environment variable read when the property is not set. */
  public static final String ENVIRONMENT = "ZEROGRAD_BACKEND";

  private static final Map<String, Backend> FOUND = new TreeMap<>();
  private static volatile Backend byDefault;

  private final String name;
  private final Kernels kernels;

  private Backend(String name, Kernels kernels) {
    this.name = name;
    this.kernels = kernels;
  }

  /**
   * The CPU backend: memory on the Java heap, matrix products through BLAS ({@code
   * dev.zerograd.tensor.cpu.Blas}).
   *
   * @return the CPU backend
   */
  public static Backend cpu() {
    return named("cpu");
  }

  /**
   * The backend of that name, loaded on first use.
   *
   * @param name the backend's name, such as {@code cpu} or {@code checked}
   * @return the backend
   * @throws IllegalArgumentException naming the backends found, when none has that name
   */
  public static Backend named(String name) {
    if (name == null) {
      throw new IllegalArgumentException(
          "Backend.named: the name is null; use one of " + available());
    }
    String key = name.trim().toLowerCase(Locale.ROOT);
    synchronized (FOUND) {
      load();
      Backend b = FOUND.get(key);
      if (b == null) {
        throw new IllegalArgumentException(
            String.format(
                "backend '%s' is not on the class path: the backends found are %s; put the"
                    + " backend's jar on the class path or choose one of those",
                name, FOUND.keySet()));
      }
      return b;
    }
  }

  /**
   * The names of every backend found on the class or module path, sorted.
   *
   * @return the names of the backends found
   */
  public static List<String> available() {
    synchronized (FOUND) {
      load();
      return List.copyOf(FOUND.keySet());
    }
  }

  /** Finds the providers once; called holding the lock. */
  private static void load() {
    if (FOUND.isEmpty()) {
      for (KernelsProvider p : KernelsProvider.all()) {
        FOUND.putIfAbsent(p.name(), new Backend(p.name(), p.kernels()));
      }
    }
  }

  /**
   * The backend of tensors made from nothing: see the class comment.
   *
   * @return the default backend
   * @throws IllegalStateException when the setting names a backend that is not found
   */
  public static Backend defaultBackend() {
    Backend b = byDefault;
    if (b == null) {
      b = fromSetting();
      byDefault = b;
    }
    return b;
  }

  /**
   * Makes {@code backend} the default for every thread from now on (PyTorch's {@code
   * torch.set_default_device}); tensors made before keep their backend.
   *
   * @param backend the new default
   */
  public static void setDefault(Backend backend) {
    byDefault = checkNotNull(backend, "Backend.setDefault: the backend is null");
  }

  private static Backend fromSetting() {
    String property = System.getProperty(PROPERTY);
    String env = System.getenv(ENVIRONMENT);
    String setting = property != null ? property : env;
    if (setting == null || setting.isBlank()) {
      return cpu();
    }
    try {
      return named(setting);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          (property != null ? "-D" + PROPERTY : ENVIRONMENT) + "=" + setting + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The backend's name, as the setting and {@link #named} take it.
   *
   * @return the backend's name
   */
  public String name() {
    return name;
  }

  /**
   * How many times data crossed between the host (Java arrays and numbers) and this backend's
   * memory since it was loaded: tensors made from arrays, {@code toFloatArray()}, {@code
   * item()}, {@code get}, indices given as {@code int[]}. The CPU backend, whose memory is the
   * host's, counts none; the {@code checked} backend counts each.
   *
   * @return the number of host copies so far
   */
  public long hostCopies() {
    return kernels.hostCopies();
  }

  /**
   * Where the most recent host copies happened, newest last: the kind of copy and the first
   * caller outside the tensor package, one line each (empty on a backend that counts none).
   *
   * @return the most recent host copies
   */
  public List<String> recentHostCopies() {
    return kernels.recentHostCopies();
  }

  /** The kernels behind this backend (the front's only way to them). */
  Kernels kernels() {
    return kernels;
  }

  /** The backend whose kernels these are. */
  static Backend of(Kernels kernels) {
    Backend d = defaultBackend();
    if (d.kernels == kernels) {
      return d;
    }
    synchronized (FOUND) {
      for (Backend b : FOUND.values()) {
        if (b.kernels == kernels) {
          return b;
        }
      }
    }
    throw new IllegalStateException("kernels " + kernels.name() + " belong to no backend found");
  }

  @Override
  public String toString() {
    return name;
  }
}
