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

  @Test
  void aHeaderIsCheckedBeforeAnyDataIsRead(@TempDir Path dir) throws IOException {
    // A gzip file of 1.5 MB whose header claims 10^9 images of 28x28: refused from the header
    // and the gzip trailer, without decompressing it.
    byte[] header = FakeMnist.idx(new int[] {1_000_000_000, 28, 28}, new byte[0]);
    byte[] body = new byte[1_500_000];
    byte[] claimed = Arrays.copyOf(header, header.length + body.length);
    Path f = dir.resolve("train-images-idx3-ubyte.gz");
    Files.write(f, FakeMnist.gzip(claimed));
    IOException e = assertThrows(IOException.class, () -> Idx.read(f, 3));
    assertTrue(e.getMessage().startsWith(f + ": the header [1000000000, 28, 28] promises more"), e.getMessage());
    // A header that promises 784 bytes in a gzip stream holding fewer.
    byte[] short784 = Arrays.copyOf(FakeMnist.idx(new int[] {1, 28, 28}, new byte[0]), 16 + 100);
    Files.write(f, FakeMnist.gzip(short784));
    e = assertThrows(IOException.class, () -> Idx.read(f, 3));
    assertEquals(
        f + ": the header [1, 28, 28] promises 784 bytes of data but the gzip stream holds 116"
            + " bytes in all (mod 2^32); the file is damaged or not what its header says",
        e.getMessage());
  }

  @Test
  void sizesThatOverflowTheByteCountAreRefused(@TempDir Path dir) throws IOException {
    // 16 x 2^30 x 2^30 wraps around to 0 in 64-bit arithmetic: it used to load as 0-pixel images.
    byte[] wraps = FakeMnist.idx(new int[] {16, 1 << 30, 1 << 30}, new byte[0]);
    Path f = Files.write(dir.resolve("images"), wraps);
    IOException e = assertThrows(IOException.class, () -> Idx.read(f, 3));
    assertTrue(e.getMessage().contains("promises more than 2147483639 bytes"), e.getMessage());
    e = assertThrows(IOException.class, () -> Idx.parse(wraps, 3, "images"));
    assertTrue(e.getMessage().contains("promises more than 2147483639 bytes"), e.getMessage());
  }

  @Test
  void readStreamsRawAndGzippedFilesAndChecksTheirLength(@TempDir Path dir) throws IOException {
    Path raw = Files.write(dir.resolve("labels"), LABELS);
    Path gz = Files.write(dir.resolve("labels.gz"), FakeMnist.gzip(LABELS));
    for (Path f : new Path[] {raw, gz}) {
      Idx.Array a = Idx.read(f, 1);
      assertArrayEquals(new int[] {3}, a.dims());
      assertArrayEquals(new byte[] {7, 0, 9}, a.data());
    }
    Files.write(raw, Arrays.copyOf(LABELS, LABELS.length + 2));
    IOException e = assertThrows(IOException.class, () -> Idx.read(raw, 1));
    assertEquals(
        raw + ": trailing bytes: the header [3] promises 3 bytes of data but the file has 5",
        e.getMessage());
  }
}
