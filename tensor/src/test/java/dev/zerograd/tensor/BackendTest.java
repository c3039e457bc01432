package dev.zerograd.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The plug-in seam: backends found by name, placement that follows operands, counted copies. */
class BackendTest {
  private static final Backend CHECKED = Backend.named("checked");

  @Test
  void bothBackendsAreFoundAndTheSettingChoosesTheDefault() {
    assertTrue(Backend.available().containsAll(List.of("checked", "cpu")), Backend.available().toString());
    String setting = System.getProperty(Backend.PROPERTY, System.getenv(Backend.ENVIRONMENT));
    assertEquals(setting == null ? "cpu" : setting, Backend.defaultBackend().name());
    assertEquals(Backend.defaultBackend(), Tensor.zeros(DType.FLOAT32, 2).backend());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Backend.named("tpu"));
    assertEquals(
        "backend 'tpu' is not on the class path: the backends found are [checked, cpu]; put the"
            + " backend's jar on the class path or choose one of those",
        e.getMessage());
  }

  @Test
  void aTensorMovesAndComesBackBitForBit() {
    Tensor x = Tensor.of(new double[] {1.5, -2.25, Math.PI, 1e-300}, 2, 2).to(Backend.cpu());
    Tensor there = x.to(CHECKED);
    assertSame(CHECKED, there.backend());
    assertSame(there, there.to(CHECKED), "already there: the same tensor");
    assertArrayEquals(x.toDoubleArray(), there.to(Backend.cpu()).toDoubleArray());
    Tensor f = x.to(DType.FLOAT32);
    assertArrayEquals(f.toFloatArray(), f.to(CHECKED).toFloatArray());
  }

  @Test
  void resultsStayOnTheOperandsBackendAndComputeTheCpusNumbers() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).to(Backend.cpu());
    Tensor b = Tensor.of(new double[] {0.5, -1, 2, 0.25, 3, -0.75}, 3, 2).to(Backend.cpu());
    Tensor onCpu = a.matmul(b).add(1.0).relu().sum(new int[] {0}, false);
    Tensor onChecked = a.to(CHECKED).matmul(b.to(CHECKED)).add(1.0).relu().sum(new int[] {0}, false);
    assertSame(CHECKED, onChecked.backend());
    assertArrayEquals(onCpu.toDoubleArray(), onChecked.toDoubleArray(), "same kernels, same bits");
    assertSame(CHECKED, Tensor.zerosLike(onChecked).backend());
    assertSame(CHECKED, onChecked.newFull(2.0, 3).backend());
    assertSame(CHECKED, Tensor.zeros(Shape.of(2), DType.FLOAT64, CHECKED).backend());
  }

  @Test
  void operandsOfTwoBackendsAreOneClearError() {
    Tensor a = Tensor.zeros(Shape.of(2), DType.FLOAT64, Backend.cpu());
    Tensor b = Tensor.zeros(Shape.of(2), DType.FLOAT64, CHECKED);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
    assertEquals(
        "add: operands live on different backends (checked and cpu); move one to the other's with"
            + " tensor.to(Backend.named(\"cpu\"))",
        e.getMessage());
  }

  @Test
  void theCheckedBackendCountsCopiesFromAndToTheHostAndNothingElse() {
    Tensor x = Tensor.full(Shape.of(3, 4), 0.5, DType.FLOAT32, CHECKED);
    Tensor w = Tensor.full(Shape.of(4, 2), -1.0, DType.FLOAT32, CHECKED);
    long before = CHECKED.hostCopies();
    Tensor y = x.matmul(w).mul(2.0).exp().sum(new int[] {1}, true).sub(x.newScalar(1.0));
    y.addInPlace(Tensor.onesLike(y));
    assertEquals(before, CHECKED.hostCopies(), () -> "computing copies nothing: " + CHECKED.recentHostCopies());
    double first = y.get(0, 0);
    float[] all = y.toFloatArray();
    assertEquals(before + 2, CHECKED.hostCopies(), "one element read, one download");
    assertEquals(first, all[0]);
    List<String> recent = CHECKED.recentHostCopies();
    assertTrue(
        recent.get(recent.size() - 1).startsWith("download of 3 float32 at dev.zerograd.tensor.BackendTest."),
        recent.toString());
    assertEquals(0, Backend.cpu().hostCopies(), "the CPU's memory is the host's");
  }
}
