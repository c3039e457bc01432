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
}
