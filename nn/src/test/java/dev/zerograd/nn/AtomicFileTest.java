package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void aFailureWhileWritingNamesTheFileAndLeavesTheOldOne() throws IOException {
    Path file = dir.resolve("net.npz");
    Files.writeString(file, "previous");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFile.write(
                    file,
                    out -> {
                      out.write(1);
                      throw new IOException("No space left on device");
                    }));
    assertEquals(file + ": cannot write it: No space left on device", e.getMessage());
    assertEquals("previous", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file remains");
    }
  }

  @Test
  void aDiskWithoutRoomForTheFileIsSaidBeforeTheWork() throws IOException {
    Path file = dir.resolve("net.npz");
    AtomicFile.checkSpace(file, 1000);
    IOException e =
        assertThrows(IOException.class, () -> AtomicFile.checkSpace(file, Long.MAX_VALUE / 4));
    assertTrue(e.getMessage().startsWith(file + ": not enough space: the file needs about"), e.getMessage());
    assertTrue(e.getMessage().endsWith("free some space or write elsewhere"), e.getMessage());
  }

  @Test
  void sigtermDuringASaveLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("net.npz");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SlowSaveProbe.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("writing", out.readLine());
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
      }
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the probe did not exit");
    } finally {
      p.destroyForcibly();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList(), "neither the file nor its temporary remain");
    }
    assertFalse(Files.exists(file));
  }
}
