package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.tensor.DType;
import dev.zerograd.tensor.Tensor;
import java.util.Arrays;

/** The textbook's check batch: the first few training images (float64) and their labels. */
final class FirstImages {
  final Tensor x;
  final int[] t;

  FirstImages(Mnist data, int n, String program) {
    DataChecks.atLeast(program, data, n, "the first " + n + " that the check uses");
    this.x = data.train().images().sliceRows(0, n).to(DType.FLOAT64);
    this.t = Arrays.copyOf(data.train().labels(), n);
  }
}
