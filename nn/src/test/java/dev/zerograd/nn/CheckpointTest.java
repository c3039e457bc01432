package dev.zerograd.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.autograd.Variable;
import dev.zerograd.nn.optim.SGD;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  private static TwoLayerNet net(long seed, DType dt) {
    return new TwoLayerNet(6, 4, 3, 0.5, dt, seed);
  }

  @Test
  void savedEntriesAreNpyArraysNamedByParameter() throws IOException {
    Path file = dir.resolve("net.npz");
    Checkpoint.save(net(1, DType.FLOAT32), file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<String> names = new ArrayList<>();
      zip.stream().forEach(e -> names.add(e.getName()));
      assertEquals(List.of("W1.npy", "b1.npy", "W2.npy", "b2.npy"), names);
      ZipEntry w1 = zip.getEntry("W1.npy");
      byte[] bytes = zip.getInputStream(w1).readAllBytes();
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      byte[] magic = new byte[6];
      b.get(magic);
      assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
      assertEquals(1, b.get(), "major version");
      assertEquals(0, b.get(), "minor version");
      int headerLength = Short.toUnsignedInt(b.getShort());
      assertEquals(0, (10 + headerLength) % 64, "data starts 64-byte aligned");
      byte[] h = new byte[headerLength];
      b.get(h);
      String header = new String(h, StandardCharsets.US_ASCII);
      assertTrue(
          header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (6, 4), }"),
          header);
      assertTrue(header.endsWith("\n"), header);
      assertEquals(6 * 4 * 4, b.remaining());
      float first = b.getFloat();
      assertEquals((float) net(1, DType.FLOAT32).namedParameters().get("W1").value().get(0, 0), first);
      ByteBuffer b1 =
          ByteBuffer.wrap(zip.getInputStream(zip.getEntry("b1.npy")).readAllBytes());
      String b1Header = new String(b1.array(), 10, 60, StandardCharsets.US_ASCII);
      assertTrue(b1Header.contains("'shape': (4,)"), b1Header);
    }
  }

  @Test
  void roundTripRestoresEveryParameterExactly() throws IOException {
    for (DType dt : DType.values()) {
      Path file = dir.resolve("rt-" + dt + ".npz");
      TwoLayerNet a = net(1, dt);
      Checkpoint.save(a, file);
      TwoLayerNet b = net(2, dt);
      Checkpoint.load(b, file);
      a.namedParameters().forEach((n, p) -> assertEquals(p.value(), b.namedParameters().get(n).value(), n));
    }
  }

  @Test
  void mismatchedFileListsEveryProblemAndChangesNothing() throws IOException {
    Path file = dir.resolve("other.npz");
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    arrays.put("W1", Tensor.zeros(DType.FLOAT32, 6, 5));
    arrays.put("b1", Tensor.zeros(DType.FLOAT64, 4));
    arrays.put("W2", Tensor.zeros(DType.FLOAT32, 4, 3));
    arrays.put("extra", Tensor.zeros(DType.FLOAT32, 2));
    Checkpoint.save(arrays, file);
    TwoLayerNet target = net(3, DType.FLOAT32);
    Map<String, Tensor> before = new LinkedHashMap<>();
    target.namedParameters().forEach((n, p) -> before.put(n, p.value().copy()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(target, file));
    String m = e.getMessage();
    assertTrue(m.contains("'W1' is (6, 5) float32 in the file but (6, 4) float32"), m);
    assertTrue(m.contains("'b1' is (4,) float64 in the file but (4,) float32"), m);
    assertTrue(m.contains("missing 'b2' (3,) float32"), m);
    assertTrue(m.contains("unexpected 'extra' (2,)"), m);
    assertTrue(m.contains("nothing was changed"), m);
    target.namedParameters().forEach((n, p) -> assertEquals(before.get(n), p.value(), n));
  }

  @Test
  void aFailedSaveLeavesThePreviousFileIntact() throws IOException {
    Path file = dir.resolve("keep.npz");
    Checkpoint.save(net(1, DType.FLOAT64), file);
    byte[] good = Files.readAllBytes(file);
    Map<String, Tensor> broken = new LinkedHashMap<>();
    broken.put("W1", Tensor.ones(DType.FLOAT64, 2));
    broken.put("bad/name", Tensor.ones(DType.FLOAT64, 2)); // fails after the first entry
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(broken, file));
    assertArrayEquals(good, Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void aNewFileGetsTheUmasksModeAndAReplacedFileKeepsItsMode() throws IOException {
    assumeTrue(
        Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX modes");
    Path reference = dir.resolve("reference");
    Files.write(reference, new byte[0]); // what any plain write gets under this umask
    Path file = dir.resolve("mode.npz");
    Checkpoint.save(net(1, DType.FLOAT32), file);
    assertEquals(
        Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file));
    Set<PosixFilePermission> chosen = PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(file, chosen);
    Checkpoint.save(net(2, DType.FLOAT32), file);
    assertEquals(chosen, Files.getPosixFilePermissions(file));
  }

  @Test
  void temporaryFilesOfKilledSavesAreRemovedByTheNextSave() throws IOException {
    Path file = dir.resolve("net.npz");
    long gone = Long.MAX_VALUE; // no process has this id
    Path stale = dir.resolve(".net.npz." + gone + ".tmp");
    Files.writeString(stale, "half a save");
    Path other = dir.resolve(".other.npz." + gone + ".tmp"); // another target's: left alone
    Files.writeString(other, "half a save");
    Checkpoint.save(net(1, DType.FLOAT32), file);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(Set.of(file, other), files.collect(Collectors.toSet()));
    }
  }

  @Test
  void aTruncatedFileIsNamedWithTheReason() throws IOException {
    Path file = dir.resolve("cut.npz");
    Checkpoint.save(net(1, DType.FLOAT64), file);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length / 2));
    IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file));
    assertTrue(e.getMessage().startsWith(file + ": corrupt or truncated .npz file"), e.getMessage());
  }

  @Test
  void savingToADirectoryOrAMissingDirectorySaysSo() {
    IOException isDir =
        assertThrows(IOException.class, () -> Checkpoint.save(net(1, DType.FLOAT32), dir));
    assertEquals(dir + ": is a directory; give a file name", isDir.getMessage());
    Path missing = dir.resolve("no/such/dir/net.npz");
    IOException noDir =
        assertThrows(IOException.class, () -> Checkpoint.save(net(1, DType.FLOAT32), missing));
    assertEquals(
        missing + ": directory " + missing.getParent() + " does not exist", noDir.getMessage());
  }

  @Test
  void garbageIsRejectedWithTheFileName() throws IOException {
    Path file = dir.resolve("garbage.npz");
    Files.writeString(file, "not a zip");
    IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file));
    assertTrue(e.getMessage().contains("garbage.npz"), e.getMessage());
    IOException npy =
        assertThrows(IOException.class, () -> Npy.read("{'descr'".getBytes(StandardCharsets.US_ASCII), "x.npy"));
    assertTrue(npy.getMessage().contains("x.npy: not a .npy array"), npy.getMessage());
  }

  @Test
  void aDirectoryANegativeShapeAndAStatelessModuleAreHandled() throws IOException {
    IOException e = assertThrows(IOException.class, () -> Checkpoint.read(dir));
    assertEquals(dir + ": is a directory, not an .npz file", e.getMessage());
    // An array whose header claims shape (-1, -2): 2 elements, as many as the data holds.
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, -2), }";
    int len = (10 + dict.length() + 1 + 63) / 64 * 64 - 10;
    ByteBuffer b = ByteBuffer.allocate(10 + len + 2 * 8);
    b.put(Npy.MAGIC).put((byte) 1).put((byte) 0);
    b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) len);
    b.put((dict + " ".repeat(len - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
    Path negative = dir.resolve("negative.npz");
    Checkpoint.save(Map.of("w", Tensor.zeros(DType.FLOAT64, 2)), negative);
    try (java.util.zip.ZipOutputStream zip =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(negative))) {
      zip.putNextEntry(new ZipEntry("w.npy"));
      zip.write(b.array());
      zip.closeEntry();
    }
    e = assertThrows(IOException.class, () -> Checkpoint.read(negative));
    assertEquals(negative + ":w.npy: bad shape (-1, -2): a size is negative", e.getMessage());
    // A module without parameters or buffers saves an empty archive, which loads back.
    Path empty = dir.resolve("relu.npz");
    Checkpoint.save(new Relu(), empty);
    assertTrue(Checkpoint.read(empty).isEmpty());
    Checkpoint.load(new Relu(), empty);
  }

  /** Two large parameters; the loss sum(a) + sum(b) moves every element by -lr per step. */
  private static final class Flat extends Module {
    Flat() {
      registerParameter("a", Variable.parameter(Tensor.zeros(DType.FLOAT64, 200_000), "a"));
      registerParameter("b", Variable.parameter(Tensor.zeros(DType.FLOAT64, 100_000), "b"));
    }

    @Override
    public Variable forward(Variable x) {
      return namedParameters().get("a").sum().add(namedParameters().get("b").sum());
    }
  }

  @Test
  void aSnapshotTakenWhileAnotherThreadTrainsIsOneStepWhole() throws Exception {
    Flat model = new Flat();
    SGD sgd = new SGD(model, 1);
    AtomicBoolean stop = new AtomicBoolean();
    List<String> torn = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger snapshots = new AtomicInteger();
    Thread saver =
        new Thread(
            () -> {
              while (!stop.get()) {
                Map<String, Tensor> s = Checkpoint.snapshot(model);
                double first = s.get("a").get(0);
                for (Tensor t : s.values()) {
                  if (t.min().item() != first || t.max().item() != first) {
                    torn.add("a[0] " + first + " but " + t.min().item() + ".." + t.max().item());
                  }
                }
                snapshots.incrementAndGet();
              }
            });
    saver.start();
    try {
      for (int step = 0; step < 400; step++) {
        sgd.zeroGrad();
        model.forward(null).backward();
        sgd.step();
      }
    } finally {
      stop.set(true);
      saver.join();
    }
    assertTrue(snapshots.get() > 0);
    assertTrue(torn.isEmpty(), torn.size() + " of " + snapshots.get() + " snapshots mixed steps: " + (torn.isEmpty() ? "" : torn.get(0)));
    assertEquals(-400.0, model.namedParameters().get("b").value().get(7));
  }

  @Test
  void readsFortranOrderAndBigEndian() throws IOException {
    String dict = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }";
    int len = (10 + dict.length() + 1 + 63) / 64 * 64 - 10;
    ByteBuffer b = ByteBuffer.allocate(10 + len + 6 * 8);
    b.put(Npy.MAGIC).put((byte) 1).put((byte) 0);
    b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) len);
    b.put((dict + " ".repeat(len - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
    b.order(ByteOrder.BIG_ENDIAN);
    for (double v : new double[] {1, 4, 2, 5, 3, 6}) { // column-major [[1,2,3],[4,5,6]]
      b.putDouble(v);
    }
    Tensor t = Npy.read(b.array(), "f.npy");
    assertEquals(Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}), t);
  }

  /** The python3 with NumPy on this machine, if any. */
  private static String pythonWithNumpy() {
    for (String exe : new String[] {"python3", "/usr/bin/python3"}) {
      try {
        Process p = new ProcessBuilder(exe, "-c", "import numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return exe;
        }
      } catch (IOException e) {
        // try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  @Test
  void numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites() throws Exception {
    String python = pythonWithNumpy();
    assumeTrue(python != null, "python3 with numpy is not installed");
    Path ours = dir.resolve("ours.npz");
    Path theirs = dir.resolve("theirs.npz");
    TwoLayerNet net = net(4, DType.FLOAT32);
    Checkpoint.save(net, ours);
    String script =
        "import numpy as np, sys\n"
            + "d = np.load(sys.argv[1])\n"
            + "assert list(d.keys()) == ['W1', 'b1', 'W2', 'b2'], list(d.keys())\n"
            + "assert d['W1'].dtype == np.float32 and d['W1'].shape == (6, 4)\n"
            + "print(repr(float(d['W1'][1, 2])))\n"
            + "np.savez(sys.argv[2], W1=d['W1'] * 2, b1=d['b1'] + 1, W2=d['W2'], b2=d['b2'])\n";
    Process p =
        new ProcessBuilder(python, "-c", script, ours.toString(), theirs.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    Tensor w1 = net.namedParameters().get("W1").value();
    assertEquals((float) w1.get(1, 2), (float) Double.parseDouble(out), out);
    TwoLayerNet back = net(5, DType.FLOAT32);
    Checkpoint.load(back, theirs);
    assertEquals(w1.mul(2), back.namedParameters().get("W1").value());
    assertEquals(
        net.namedParameters().get("b1").value().add(1), back.namedParameters().get("b1").value());
    assertFalse(back.namedParameters().get("W2").value().allClose(Tensor.zeros(DType.FLOAT32, 4, 3), 0, 0));
  }
}
