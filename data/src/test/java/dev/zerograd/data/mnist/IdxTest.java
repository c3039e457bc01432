package dev.zerograd.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  private static final byte[] LABELS = FakeMnist.idx(new int[] {3}, new byte[] {7, 0, 9});

  @Test
  void parsesRawAndGzippedFiles(@TempDir Path dir) throws IOException {
    Path raw = dir.resolve("labels");
    Path gz = dir.resolve("labels.gz");
    Files.write(raw, LABELS);
    Files.write(gz, FakeMnist.gzip(LABELS));
    for (Path f : new Path[] {raw, gz}) {
      Idx.Array a = Idx.parse(Idx.readBytes(f), 1, f.toString());
      assertArrayEquals(new int[] {3}, a.dims());
      assertArrayEquals(new byte[] {7, 0, 9}, a.data());
    }
  }

  @Test
  void truncatedFileIsAnErrorNamingIt() {
    byte[] cut = Arrays.copyOf(LABELS, LABELS.length - 1);
    IOException e = assertThrows(IOException.class, () -> Idx.parse(cut, 1, "labels-file"));
    assertEquals(
        "labels-file: truncated: the header [3] promises 3 bytes of data but the file has 2",
        e.getMessage());
  }

  @Test
  void trailingBytesAreAnError() {
    byte[] padded = Arrays.copyOf(LABELS, LABELS.length + 5);
    IOException e = assertThrows(IOException.class, () -> Idx.parse(padded, 1, "f"));
    assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
  }

  @Test
  void wrongMagicOrRankIsAnError() {
    IOException rank = assertThrows(IOException.class, () -> Idx.parse(LABELS, 3, "images"));
    assertEquals(
        "images: bad magic number 0x00000801; expected 0x00000803 (unsigned bytes, 3 dimensions)",
        rank.getMessage());
    byte[] bad = LABELS.clone();
    bad[2] = 0x0D; // float data
    assertThrows(IOException.class, () -> Idx.parse(bad, 1, "x"));
    IOException tiny = assertThrows(IOException.class, () -> Idx.parse(new byte[] {0, 0}, 1, "x"));
    assertTrue(tiny.getMessage().contains("truncated"), tiny.getMessage());
  }

  @Test
  void corruptGzipIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
    byte[] gz = FakeMnist.gzip(LABELS);
    Path f = dir.resolve("broken.gz");
    Files.write(f, Arrays.copyOf(gz, gz.length / 2));
    IOException e = assertThrows(IOException.class, () -> Idx.readBytes(f));
    assertTrue(e.getMessage().contains("broken.gz: corrupt gzip data"), e.getMessage());
  }
}
