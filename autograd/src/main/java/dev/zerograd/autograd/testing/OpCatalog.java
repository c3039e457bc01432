package dev.zerograd.autograd.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.reflect.ClassPath;
import dev.zerograd.autograd.Op;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The guard of a gradient-check catalogue: which ops a package holds, so that a test can fail
 * when an op is added without a check. zerograd's own catalogues (autograd's ops, nn's ops) use
 * it; a user's package of custom ops can too:
 *
 * <pre>{@code
 * assertEquals(OpCatalog.opsInPackageOf(MyOp.class), namesOf(myCatalog.keySet()));
 * }</pre>
 */
public final class OpCatalog {
  private OpCatalog() {}

  /**
   * The simple names of the concrete {@link Op} classes at the top level of {@code anchor}'s
   * package, found on the class path of its class loader (tests run on the class path).
   *
   * @param anchor any class of the package
   * @return the simple names of the concrete ops in that package, sorted
   * @throws UncheckedIOException when the class path cannot be read
   */
  public static SortedSet<String> opsInPackageOf(Class<?> anchor) {
    checkNotNull(anchor, "OpCatalog.opsInPackageOf: anchor is null; pass a class of the package");
    ClassLoader loader = anchor.getClassLoader();
    checkArgument(
        loader != null,
        "OpCatalog.opsInPackageOf: %s is a JDK class, whose package holds no ops of yours; pass a"
            + " class of your package of ops",
        anchor.getName());
    SortedSet<String> names = new TreeSet<>();
    try {
      for (ClassPath.ClassInfo info :
          ClassPath.from(loader).getTopLevelClasses(anchor.getPackageName())) {
        Class<?> k = info.load();
        if (Op.class.isAssignableFrom(k) && !Modifier.isAbstract(k.getModifiers())) {
          names.add(k.getSimpleName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "OpCatalog.opsInPackageOf: cannot read the class path of " + anchor.getName(), e);
    }
    return names;
  }
}
