package dev.zerograd.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * safetensors files written from the specification by {@code safetensors_fixtures.py} (NumPy only;
 * regenerated here when python3 with NumPy is present, the committed copies otherwise), round
 * trips of every dtype written, and hostile headers, each refused naming the file.
 */
class SafetensorsTest {
  private static final List<String> FILES =
      List.of(
          "valid", "header-beyond", "huge-header", "overlap", "out-of-range", "hole", "dtype",
          "not-json", "size");

  @TempDir static Path fixtures;

  @BeforeAll
  static void fixtures() throws Exception {
    Path script = fixtures.resolve("safetensors_fixtures.py");
    try (InputStream in = SafetensorsTest.class.getResourceAsStream("safetensors_fixtures.py")) {
      Files.copy(in, script);
    }
    boolean made = false;
    if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
      Process p =
          new ProcessBuilder("/usr/bin/python3", script.toString(), fixtures.toString())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      made = p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
    }
    if (!made) {
      for (String f : FILES) {
        try (InputStream in =
            SafetensorsTest.class.getResourceAsStream("safetensors/" + f + ".safetensors")) {
          Files.copy(in, fixtures.resolve(f + ".safetensors"));
        }
      }
    }
  }

  private static Path file(String name) {
    return fixtures.resolve(name + ".safetensors");
  }

  @Test
  void aFileWrittenFromTheSpecReadsWithItsTypesValuesAndMetadata() throws IOException {
    Safetensors.Contents c = Safetensors.read(file("valid"));
    assertEquals(
        Map.of("weight", "F32", "bias", "F64", "num_batches_tracked", "I64", "half", "F16", "brain", "BF16"),
        c.dtypes());
    assertEquals(List.of("weight", "bias", "num_batches_tracked", "half", "brain"), List.copyOf(c.tensors().keySet()));
    assertEquals(Tensor.of(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, 2, 3), c.tensors().get("weight"));
    assertEquals(Tensor.of(new double[] {0.1, -2.5, 1e300}), c.tensors().get("bias"));
    assertEquals(Tensor.scalar(12345, DType.FLOAT64), c.tensors().get("num_batches_tracked"));
    assertEquals(Tensor.of(new float[] {0.5f, -65504f}), c.tensors().get("half"));
    assertEquals(Tensor.of(new float[] {1.5f, -2.25f}), c.tensors().get("brain"));
    assertEquals(Map.of("format", "pt", "zerograd.note", "written from the spec"), c.metadata());
  }

  @Test
  void everyDtypeWrittenReadsBackBitForBit(@TempDir Path dir) throws IOException {
    Generator g = new Generator(1);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("a.weight", g.normal(DType.FLOAT32, 0, 1, 3, 4));
    tensors.put("a.bias", g.normal(DType.FLOAT64, 0, 1, 4));
    tensors.put("empty", Tensor.zeros(DType.FLOAT32, 0, 5));
    tensors.put("scalar", Tensor.scalar(Double.NaN, DType.FLOAT64));
    tensors.put("bn.num_batches_tracked", Tensor.scalar(7, DType.FLOAT64));
    Path f = dir.resolve("t.safetensors");
    Safetensors.write(f, tensors, Map.of("k", "v"), Set.of("bn.num_batches_tracked"));
    Safetensors.Contents c = Safetensors.read(f);
    assertEquals("I64", c.dtypes().get("bn.num_batches_tracked"));
    assertEquals("F32", c.dtypes().get("a.weight"));
    assertEquals("F64", c.dtypes().get("a.bias"));
    assertEquals(tensors, c.tensors());
    assertEquals(Map.of("k", "v"), c.metadata());
    // The header is padded with spaces to a multiple of 8 bytes, so the data is aligned.
    byte[] bytes = Files.readAllBytes(f);
    long headerLength =
        java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Safetensors.write(dir.resolve("x.safetensors"), Map.of("n", Tensor.scalar(0.5, DType.FLOAT64)), Map.of(), Set.of("n")));
    assertEquals("Safetensors.write: 'n' is written as I64 but holds 0.5, not an integer", e.getMessage());
  }

  @Test
  void hostileHeadersAreRefusedNamingTheFileAndTheEntry() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("header-beyond", "the header claims 10000 bytes but the file has ");
    expected.put("huge-header", "the header claims 1099511627776 bytes; a safetensors header is 2 to 100000000 bytes");
    expected.put("overlap", "entry 'b' at data_offsets [4, 12] overlaps the entry before it, which ends at 8");
    expected.put("out-of-range", "entry 'b' has data_offsets [8, 24] outside the 16 bytes of data");
    expected.put("hole", "bytes [4, 8) of the data belong to no entry (entry 'b' starts at 8)");
    expected.put("dtype", "entry 'a' has dtype C64, which zerograd does not read");
    expected.put("not-json", "the header is not valid JSON");
    expected.put("size", "entry 'a': shape [3] of F32 needs 12 bytes but data_offsets [0, 8] hold 8");
    expected.forEach(
        (name, message) -> {
          IOException e = assertThrows(IOException.class, () -> Safetensors.read(file(name)), name);
          assertTrue(
              e.getMessage().startsWith(file(name) + ": " + message),
              name + ": " + e.getMessage());
        });
  }

  @Test
  void aDirectoryOrATinyFileIsNamed(@TempDir Path dir) throws IOException {
    IOException e = assertThrows(IOException.class, () -> Safetensors.read(dir));
    assertEquals(dir + ": is a directory, not a .safetensors file", e.getMessage());
    Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
    e = assertThrows(IOException.class, () -> Safetensors.read(tiny));
    assertEquals(tiny + ": 3 bytes is no safetensors file (no header length)", e.getMessage());
    assertEquals(Shape.of(2, 3), Safetensors.read(file("valid")).tensors().get("weight").shape());
    assertArrayEquals(new float[] {0.5f, -65504f}, Safetensors.read(file("valid")).tensors().get("half").toFloatArray());
  }
}
