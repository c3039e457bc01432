package dev.zerograd.tensor.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * How a backend plugs in: a {@link java.util.ServiceLoader} service. A backend's jar lists its
 * provider class in {@code META-INF/services/dev.zerograd.tensor.spi.KernelsProvider} (and, for
 * the module path, {@code provides dev.zerograd.tensor.spi.KernelsProvider with ...} in its
 * {@code module-info}); the front's {@code Backend.named(name)} then finds it. The provider class
 * needs a public constructor without arguments.
 */
public interface KernelsProvider {
  /**
   * The backend's name, the value of the {@code zerograd.backend} setting that selects it: short,
   * lower case, such as {@code cpu}.
   *
   * @return the backend's name
   */
  String name();

  /**
   * The backend's kernels: one instance for the life of the JVM (the front compares kernels by
   * identity to tell whether two tensors live on one backend).
   *
   * @return the backend's kernels
   */
  Kernels kernels();

  /**
   * Every provider on the class or module path, in the order {@link ServiceLoader} finds them.
   *
   * @return every provider found
   */
  static List<KernelsProvider> all() {
    List<KernelsProvider> out = new ArrayList<>();
    ServiceLoader.load(KernelsProvider.class, KernelsProvider.class.getClassLoader())
        .forEach(out::add);
    return out;
  }
}
