package dev.zerograd.examples;

import dev.zerograd.interop.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The checks of the numeric options ({@code --iterations}, {@code --epochs}, {@code
 * --learning-rate}), made while the options are parsed and so before any long work.
 */
final class OptionChecks {
  private OptionChecks() {}

  /**
   * Checks that a count is at least 1.
   *
   * @return n
   * @throws ParameterException with one line naming the option and its value
   */
  static int count(CommandSpec spec, String option, int n) {
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), option + " " + n + " must be at least 1");
    }
    return n;
  }

  /**
   * Checks that a rate (a learning rate, a step size) is a positive, finite number.
   *
   * @return v
   * @throws ParameterException with one line naming the option and its value
   */
  static double rate(CommandSpec spec, String option, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new ParameterException(spec.commandLine(), option + " " + v + " must be a positive number");
    }
    return v;
  }

  /**
   * Checks that {@code p} is an existing file of a model format ({@link ModelFiles#EXTENSIONS}).
   *
   * @return p
   * @throws ParameterException with one line naming the option, the path and what is wrong
   */
  static Path modelFile(CommandSpec spec, String option, Path p) {
    try {
      ModelFiles.checkExtension(p);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + " " + e.getMessage());
    }
    if (Files.isDirectory(p)) {
      throw new ParameterException(spec.commandLine(), option + " " + p + ": is a directory");
    }
    if (!Files.isRegularFile(p)) {
      throw new ParameterException(spec.commandLine(), option + " " + p + ": no such file");
    }
    return p;
  }
}
