package dev.zerograd.data.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
  @TempDir Path dir;

  @Test
  void loadsPixelsScaledToUnitAndLabels() throws IOException {
    Map<String, byte[]> files = FakeMnist.write(dir, 20, 7, true);
    Mnist m = Mnist.load(dir);
    assertEquals(Shape.of(20, 784), m.train().images().shape());
    assertEquals(DType.FLOAT32, m.train().images().dtype());
    assertEquals(7, m.test().size());
    byte[] pixels = files.get("train-images-idx3-ubyte");
    assertEquals((pixels[16 + 5] & 0xff) / 255f, (float) m.train().images().get(0, 5));
    assertTrue(m.train().images().min().item() >= 0 && m.train().images().max().item() <= 1);
    byte[] labels = files.get("t10k-labels-idx1-ubyte");
    assertEquals(labels[8 + 3], m.test().labels()[3]);
  }

  @Test
  void theTrainingPartsAreTheTrainingRowsRowForRow() throws IOException {
    for (boolean gzip : new boolean[] {false, true}) {
      Path d = dir.resolve(gzip ? "gz" : "raw");
      FakeMnist.write(d, 23, 4, gzip);
      Mnist.Split all = Mnist.load(d).train();
      for (int parts : new int[] {1, 3, 23}) {
        int row = 0;
        for (int p = 0; p < parts; p++) {
          Mnist.Split part = Mnist.loadTrainPart(d, p, parts);
          assertEquals(23 * (p + 1) / parts - 23 * p / parts, part.size(), p + " of " + parts);
          for (int i = 0; i < part.size(); i++, row++) {
            assertEquals(all.labels()[row], part.labels()[i]);
            assertEquals(
                java.util.Arrays.toString(all.images().gatherRows(new int[] {row}).toFloatArray()),
                java.util.Arrays.toString(part.images().gatherRows(new int[] {i}).toFloatArray()),
                "row " + row);
          }
        }
        assertEquals(23, row, "the parts cover every row once");
      }
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Mnist.loadTrainPart(dir, 2, 2));
    assertEquals("Mnist.loadTrainPart: part 2 of 2 parts; give 0 <= part < parts", e.getMessage());
    IOException missing =
        assertThrows(IOException.class, () -> Mnist.loadTrainPart(dir.resolve("none"), 0, 2));
    assertTrue(missing.getMessage().endsWith("none: no such directory; give the directory that holds"
        + " the MNIST files"), missing.getMessage());
  }

  @Test
  void aTruncatedFileFailsForEveryPartBeforeItsDataIsRead() throws IOException {
    FakeMnist.write(dir, 10, 2, false);
    Path images = dir.resolve("train-images-idx3-ubyte");
    byte[] b = Files.readAllBytes(images);
    Files.write(images, java.util.Arrays.copyOf(b, b.length - 784 * 3));
    // The header is checked against the file's length first: even the whole first half fails.
    for (int p = 0; p < 2; p++) {
      int part = p;
      IOException e = assertThrows(IOException.class, () -> Mnist.loadTrainPart(dir, part, 2));
      assertEquals(
          images + ": truncated: the header [10, 28, 28] promises 7840 bytes of data but the file"
              + " has 5488",
          e.getMessage());
    }
  }

  @Test
  void missingFileIsNamed() throws IOException {
    FakeMnist.write(dir, 5, 5, false);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains("missing t10k-labels-idx1-ubyte"), e.getMessage());
  }

  @Test
  void mismatchedCountsAreAnError() throws IOException {
    FakeMnist.write(dir, 5, 5, false);
    Files.write(
        dir.resolve("train-labels-idx1-ubyte"), FakeMnist.idx(new int[] {4}, new byte[4]));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains("has 4 labels but"), e.getMessage());
    assertTrue(e.getMessage().contains("has 5 images"), e.getMessage());
  }

  @Test
  void labelsOutsideTheDigitsAreAnError() throws IOException {
    FakeMnist.write(dir, 2, 2, false);
    Files.write(
        dir.resolve("train-labels-idx1-ubyte"), FakeMnist.idx(new int[] {2}, new byte[] {3, 12}));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains("label 12 at position 1"), e.getMessage());
  }

  @Test
  void rawFilesArePreferredOverGzippedOnes() throws IOException {
    FakeMnist.write(dir, 3, 2, false);
    FakeMnist.write(dir, 5, 4, true);
    Mnist m = Mnist.load(dir);
    assertEquals(3, m.train().size());
    assertEquals(2, m.test().size());
  }

  @Test
  void aDataDirectoryThatIsNotOneSaysWhich() throws IOException {
    Path none = dir.resolve("nowhere");
    IOException e = assertThrows(IOException.class, () -> Mnist.load(none));
    assertEquals(none + ": no such directory; give the directory that holds the MNIST files", e.getMessage());
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    e = assertThrows(IOException.class, () -> Mnist.load(file));
    assertEquals(file + ": not a directory; give the directory that holds the MNIST files", e.getMessage());
    FakeMnist.write(dir, 5, 5, false);
    Files.delete(dir.resolve("train-labels-idx1-ubyte"));
    Files.createDirectory(dir.resolve("train-labels-idx1-ubyte"));
    e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertEquals(
        dir.resolve("train-labels-idx1-ubyte")
            + ": is a directory, not the idx file train-labels-idx1-ubyte",
        e.getMessage());
  }

  @Test
  void imagesWithoutPixelsAreRefused() throws IOException {
    FakeMnist.write(dir, 5, 5, false);
    Files.write(
        dir.resolve("train-images-idx3-ubyte"), FakeMnist.idx(new int[] {5, 0, 0}, new byte[0]));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(
        e.getMessage().endsWith("holds images of 0x0 pixels; give images of at least one pixel"),
        e.getMessage());
  }
}
