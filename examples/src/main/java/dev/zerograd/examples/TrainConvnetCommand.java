package dev.zerograd.examples;

import dev.zerograd.nn.Module;
import dev.zerograd.nn.SimpleConvNet;
import dev.zerograd.tensor.DType;
import picocli.CommandLine.Command;

/** Trains the textbook's chapter-7 SimpleConvNet on MNIST (or Fashion-MNIST files). */
@Command(
    name = "train-convnet",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the textbook's SimpleConvNet (conv 30 filters 5x5 - ReLU - max-pool 2x2 - affine 100"
          + " - ReLU - affine 10, softmax cross-entropy) on MNIST with Adam (lr 0.001), batches of"
          + " 100 sampled with replacement, 600 per epoch.",
      "Output: the BLAS line, one 'epoch E iter I loss L train_acc A test_acc B' line per epoch"
          + " (accuracy on the first 1000 training and test images, as the book's Trainer),"
          + " then 'RESULT dtype=... iterations=... train_acc=... test_acc=... train_seconds=...'"
          + " on the full sets.",
      "Data: as train-mnist; --data-dir also takes Fashion-MNIST files (the same idx format)."
    },
    sortOptions = false)
final class TrainConvnetCommand extends ConvnetCommand {
  @Override
  String program() {
    return "train-convnet";
  }

  @Override
  String network() {
    return "SimpleConvNet";
  }

  @Override
  Module create(DType dtype, long seed) {
    return new SimpleConvNet(dtype, seed);
  }
}
