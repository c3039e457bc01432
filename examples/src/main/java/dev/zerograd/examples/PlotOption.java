package dev.zerograd.examples;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --plot} option of the book's programs: where to draw the figure. */
final class PlotOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** The PNG to draw, or null. */
  Path path;

  @Option(names = "--plot", paramLabel = "PATH.png", description = "draw the book's figure as PNG")
  void set(Path p) {
    path = OutputFiles.check(spec, "--plot", p, ".png");
  }
}
