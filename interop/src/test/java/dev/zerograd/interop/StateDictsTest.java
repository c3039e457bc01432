package dev.zerograd.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerograd.autograd.Variable;
import dev.zerograd.interop.StateDicts.Layout;
import dev.zerograd.nn.Affine;
import dev.zerograd.nn.BatchNorm1d;
import dev.zerograd.nn.BatchNorm2d;
import dev.zerograd.nn.Checkpoint;
import dev.zerograd.nn.Conv2d;
import dev.zerograd.nn.Flatten;
import dev.zerograd.nn.Init;
import dev.zerograd.nn.MaxPool2d;
import dev.zerograd.nn.Module;
import dev.zerograd.nn.Relu;
import dev.zerograd.nn.Sequential;
import dev.zerograd.nn.SimpleConvNet;
import dev.zerograd.nn.TwoLayerNet;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Generator;
import dev.zerograd.tensor.Rounding;
import dev.zerograd.tensor.Shape;
import dev.zerograd.tensor.Tensor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch's names and layouts: the keys PyTorch's equivalent models have, exact round trips, strict
 * loading, and (where python3 with torch is installed, as CI installs it) files that {@code
 * load_state_dict(strict=True)} accepts with the same outputs, and PyTorch state dicts saved as
 * {@code .npz} and safetensors that load here with PyTorch's outputs.
 */
class StateDictsTest {
  private static final DType F32 = DType.FLOAT32;

  /** zerograd's side of the three architectures of torch_state_dicts.py. */
  private static final Map<String, Supplier<Module>> ARCHS = new LinkedHashMap<>();

  static {
    ARCHS.put("simpleconvnet", () -> new SimpleConvNet(F32, 1));
    ARCHS.put("twolayer", () -> new TwoLayerNet(784, 50, 10, 0.1, F32, 1));
    ARCHS.put("bnnet", StateDictsTest::bnnet);
  }

  private static Module bnnet() {
    Generator g = new Generator(5);
    return new Sequential()
        .add("conv1", new Conv2d(1, 4, 3, 1, 1, Init.he(), F32, g))
        .add("bn1", new BatchNorm2d(4, F32))
        .add("relu1", new Relu())
        .add("pool1", new MaxPool2d(2, 2))
        .add("flatten", new Flatten())
        .add("fc1", new Affine(64, 6, Init.he(), F32, g))
        .add("bn2", new BatchNorm1d(6, F32))
        .add("relu2", new Relu())
        .add("fc2", new Affine(6, 3, Init.he(), F32, g));
  }

  private static Tensor input(String arch) {
    Generator g = new Generator(8);
    return arch.equals("bnnet") ? g.uniform(F32, 0, 1, 4, 1, 8, 8) : g.uniform(F32, 0, 1, 4, 784);
  }

  /** A model whose batch norms have seen batches: statistics and counts that are not initial. */
  private static Module trained(String arch) {
    Module m = ARCHS.get(arch).get();
    for (int i = 0; i < 3; i++) {
      m.forward(Variable.of(input(arch).mul(2).add(i)));
    }
    m.eval();
    return m;
  }

  @Test
  void thePytorchLayoutHasPytorchsNamesShapesAndBatchCounts() {
    Map<String, Tensor> sd = StateDicts.of(trained("bnnet"), Layout.PYTORCH);
    assertEquals(
        List.of(
            "conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean",
            "bn1.running_var", "bn1.num_batches_tracked", "fc1.weight", "fc1.bias", "bn2.weight",
            "bn2.bias", "bn2.running_mean", "bn2.running_var", "bn2.num_batches_tracked",
            "fc2.weight", "fc2.bias"),
        List.copyOf(sd.keySet()));
    assertEquals(Shape.of(6, 64), sd.get("fc1.weight").shape(), "Linear's (out, in)");
    assertEquals(Tensor.scalar(3, DType.FLOAT64), sd.get("bn1.num_batches_tracked"));
    assertEquals(
        List.of("bn1.num_batches_tracked", "bn2.num_batches_tracked"),
        List.copyOf(StateDicts.integerNames(sd)));
    assertEquals(
        List.of("Affine1.weight", "Affine1.bias", "Affine2.weight", "Affine2.bias"),
        List.copyOf(StateDicts.of(trained("twolayer"), Layout.PYTORCH).keySet()));
    assertEquals(
        List.of(
            "layers.conv1.weight", "layers.conv1.bias", "layers.affine1.weight",
            "layers.affine1.bias", "layers.affine2.weight", "layers.affine2.bias"),
        List.copyOf(StateDicts.of(trained("simpleconvnet"), Layout.PYTORCH).keySet()));
  }

  @Test
  void bothLayoutsRoundTripExactly() {
    for (String arch : ARCHS.keySet()) {
      for (Layout layout : Layout.values()) {
        Module a = trained(arch);
        Module b = ARCHS.get(arch).get();
        StateDicts.load(b, StateDicts.of(a, layout), layout, "a snapshot");
        assertEquals(Checkpoint.snapshot(a), Checkpoint.snapshot(b), arch + " " + layout);
      }
    }
    BatchNorm2d bn = new BatchNorm2d(2, F32);
    Sequential s = new Sequential().add("bn", bn);
    Map<String, Tensor> sd = new LinkedHashMap<>(StateDicts.of(s, Layout.PYTORCH));
    sd.put("bn.num_batches_tracked", Tensor.scalar(41, DType.FLOAT64));
    StateDicts.load(s, sd, Layout.PYTORCH, "x");
    assertEquals(41, bn.batchesTracked());
  }

  @Test
  void loadingIsStrictAndAllOrNothing() {
    Module m = trained("bnnet");
    Map<String, Tensor> before = Checkpoint.snapshot(m);
    Map<String, Tensor> sd = new LinkedHashMap<>(StateDicts.of(m, Layout.PYTORCH));
    sd.remove("bn2.running_var");
    sd.put("fc2.weight", Tensor.zeros(F32, 6, 3)); // zerograd's (in, out), not Linear's
    sd.put("fc3.bias", Tensor.zeros(F32, 3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StateDicts.load(ARCHS.get("bnnet").get(), sd, Layout.PYTORCH, "net.safetensors"));
    assertEquals(
        "cannot load net.safetensors into Sequential (PyTorch layout): missing 'bn2.running_var'"
            + " (6,); 'fc2.weight' is (6, 3) in the file but (3, 6) in the module; unexpected"
            + " 'fc3.bias' (3,) (nothing was changed)",
        e.getMessage());
    assertEquals(before, Checkpoint.snapshot(m));
  }

  private static boolean torch() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return false;
    }
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, numpy").start();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static void python(Path dir, String mode) throws Exception {
    Path script = dir.resolve("torch_state_dicts.py");
    if (!Files.exists(script)) {
      try (InputStream in = StateDictsTest.class.getResourceAsStream("torch_state_dicts.py")) {
        Files.copy(in, script);
      }
    }
    Process p =
        new ProcessBuilder("/usr/bin/python3", script.toString(), mode, dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, out);
  }

  private static void saveNpy(Path file, Tensor t) throws Exception {
    // One array as .npy: the .npz writer's entry, unzipped.
    Path npz = file.resolveSibling(file.getFileName() + ".npz");
    Checkpoint.save(Map.of("a", t), npz);
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(npz.toFile())) {
      Files.copy(z.getInputStream(z.getEntry("a.npy")), file);
    }
    Files.delete(npz);
  }

  private static Tensor loadNpy(Path file) throws Exception {
    Path npz = file.resolveSibling(file.getFileName() + ".npz");
    try (java.util.zip.ZipOutputStream z =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(npz))) {
      z.putNextEntry(new java.util.zip.ZipEntry("a.npy"));
      z.write(Files.readAllBytes(file));
      z.closeEntry();
    }
    return Checkpoint.read(npz).get("a");
  }

  @Test
  void pytorchLoadsOurFilesStrictlyAndWeLoadPytorchs(@TempDir Path dir) throws Exception {
    assumeTrue(torch(), "python3 with torch (CI installs python3-torch)");
    Map<String, Module> ours = new LinkedHashMap<>();
    for (String arch : ARCHS.keySet()) {
      Module m = trained(arch);
      ours.put(arch, m);
      Checkpoint.save(StateDicts.of(m, Layout.PYTORCH), dir.resolve(arch + ".npz"));
      saveNpy(dir.resolve(arch + "_input.npy"), input(arch));
    }
    python(dir, "load"); // load_state_dict(strict=True), or the script fails
    python(dir, "save");
    for (String arch : ARCHS.keySet()) {
      Tensor x = input(arch);
      ForwardBound.Approx a = ForwardBound.evaluate(ours.get(arch), x);
      Tensor torchOut = loadNpy(dir.resolve(arch + "_torch.npy"));
      Tensor bound = a.error().mul(2);
      assertTrue(
          Rounding.within(torchOut, a.value(), bound),
          arch + " in PyTorch: " + Rounding.describe(torchOut, a.value(), bound));
      // PyTorch's own weights, from .npz and from safetensors, in a fresh zerograd model.
      Tensor expected = loadNpy(dir.resolve(arch + "_pt_out.npy"));
      Map<String, Map<String, Tensor>> files = new LinkedHashMap<>();
      files.put(".npz", Checkpoint.read(dir.resolve(arch + "_pt.npz")));
      files.put(".safetensors", Safetensors.read(dir.resolve(arch + "_pt.safetensors")).tensors());
      for (Map.Entry<String, Map<String, Tensor>> f : files.entrySet()) {
        Module fresh = ARCHS.get(arch).get();
        StateDicts.load(fresh, f.getValue(), Layout.PYTORCH, arch + f.getKey());
        fresh.eval();
        ForwardBound.Approx b = ForwardBound.evaluate(fresh, x);
        Tensor bound2 = b.error().mul(2);
        assertTrue(
            Rounding.within(expected, b.value(), bound2),
            arch + f.getKey() + " here: " + Rounding.describe(expected, b.value(), bound2));
      }
    }
  }
}
