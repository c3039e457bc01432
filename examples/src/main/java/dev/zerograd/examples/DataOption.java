package dev.zerograd.examples;

import dev.zerograd.data.mnist.Mnist;
import dev.zerograd.data.mnist.MnistLocator;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --data-dir} option of the programs that read MNIST, found as train-mnist finds it. */
final class DataOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "directory with the four MNIST idx files (raw or .gz)")
  Path dir;

  /** The data set, from {@code --data-dir} or the usual locations (said on stderr). */
  Mnist load() throws IOException {
    return MnistLocator.standard(dir, spec.commandLine().getErr()).load();
  }
}
