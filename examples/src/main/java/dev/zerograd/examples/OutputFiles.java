package dev.zerograd.examples;

import dev.zerograd.nn.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of the output-file options ({@code --save}, {@code --plot}, {@code graph -o}). */
final class OutputFiles {
  private OutputFiles() {}

  /**
   * Checks, while the options are parsed and so before any long work, that {@code p} names a
   * file ending in {@code extension} that can be created (see {@link AtomicFile#checkWritable}).
   *
   * @return p
   * @throws ParameterException with one line naming the option, the path and what is wrong
   */
  static Path check(CommandSpec spec, String option, Path p, String extension) {
    try {
      AtomicFile.checkWritable(p);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), option + " " + e.getMessage());
    }
    if (!p.getFileName().toString().endsWith(extension)) {
      throw new ParameterException(
          spec.commandLine(), option + " " + p + ": the file name must end in " + extension);
    }
    return p;
  }
}
