package dev.zerograd.examples;

import dev.zerograd.nn.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
    return check(spec, option, p, List.of(extension));
  }

  /** As {@link #check(CommandSpec, String, Path, String)}, for a file of one of several kinds. */
  static Path check(CommandSpec spec, String option, Path p, List<String> extensions) {
    try {
      AtomicFile.checkWritable(p);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), option + " " + e.getMessage());
    }
    String name = p.getFileName().toString();
    if (extensions.stream().noneMatch(name::endsWith)) {
      throw new ParameterException(
          spec.commandLine(),
          option + " " + p + ": the file name must end in " + String.join(", ", extensions));
    }
    return p;
  }
}
