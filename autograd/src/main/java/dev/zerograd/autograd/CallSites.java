package dev.zerograd.autograd;

import java.util.Objects;

/**
 * Finds the user's line that created an op, for {@link AnomalyMode}: the first stack frame
 * outside zerograd's library code (the tensor, autograd and nn packages) and outside every op, so
 * that an op created inside an nn layer is still traced to the line that called the layer.
 */
final class CallSites {
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private CallSites() {}

  static StackTraceElement caller() {
    return WALKER.walk(
        frames ->
            frames
                .filter(f -> !isMachinery(f.getDeclaringClass()))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
  }

  private static boolean isMachinery(Class<?> k) {
    return Op.class.isAssignableFrom(k) || LIBRARY.get(k);
  }

  /**
   * The library's packages, each with a class of the library that marks where its code comes
   * from: a class in one of these packages is library code when it was loaded from the same
   * place (jar or classes directory) as the marker, so that a user's class in a package of the
   * same name (a test, say) still counts as the user's.
   */
  private static final String[][] LIBRARY_MARKERS = {
    {"dev.zerograd.tensor", "dev.zerograd.tensor.Tensor"},
    {"dev.zerograd.autograd", "dev.zerograd.autograd.Engine"},
    {"dev.zerograd.nn", "dev.zerograd.nn.Module"},
  };

  private static final ClassValue<Boolean> LIBRARY =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> k) {
          String pkg = k.getPackageName();
          for (String[] lib : LIBRARY_MARKERS) {
            if (pkg.equals(lib[0]) || pkg.startsWith(lib[0] + ".")) {
              return sameSource(k, lib[1]);
            }
          }
          return false;
        }
      };

  private static boolean sameSource(Class<?> k, String markerName) {
    try {
      Class<?> marker = Class.forName(markerName, false, k.getClassLoader());
      return Objects.equals(location(k), location(marker));
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Object location(Class<?> k) {
    java.security.CodeSource source = k.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }
}
