package dev.zerograd.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The examples' executable: {@code java -jar examples/target/zerograd-examples.jar SUBCOMMAND
 * [OPTIONS]}. Exit codes: 0 success, 1 failure at run time (data not found, mismatched resume
 * file), 2 bad usage (unknown option, bad value), after one line saying what is wrong and the
 * usage.
 */
@Command(
    name = "zerograd-examples",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runnable zerograd programs: the textbook's experiments, chapters 4 to 8, and more.",
    subcommands = {
      TrainMnistCommand.class,
      TrainConvnetCommand.class,
      TrainDeepConvnetCommand.class,
      EvaluateCommand.class,
      NumericalTrainingCommand.class,
      GradientDescentCommand.class,
      OptimizerPathsCommand.class,
      OptimizerComparisonCommand.class,
      ActivationHistogramsCommand.class,
      WeightInitComparisonCommand.class,
      BatchNormComparisonCommand.class,
      OverfitCommand.class,
      HyperparameterSearchCommand.class,
      ConvnetFiltersCommand.class,
      GradientCheckCommand.class,
      BuyAppleCommand.class,
      BuyAppleOrangeCommand.class,
      CustomOpCommand.class,
      GraphCommand.class,
      HvpCommand.class
    })
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The version Maven built (0.1.0-SNAPSHOT, say), from the filtered version.properties. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
        p.load(in);
      }
      return new String[] {"zerograd examples " + p.getProperty("version")};
    }
  }

  /** Without a subcommand: bad usage, said in one line before the usage. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("Missing subcommand: give one of " + String.join(", ",
        spec.commandLine().getSubcommands().keySet()));
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /**
   * One line for a failure: the exception's message, with the reason spelled out for file-system
   * errors, whose messages are often only the path ({@code AccessDeniedException}).
   */
  static String describe(Throwable e) {
    if (e instanceof AccessDeniedException) {
      return ((FileSystemException) e).getFile() + ": permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return ((FileSystemException) e).getFile() + ": no such file or directory";
    }
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      String reason = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
      return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason;
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.toString() : m;
  }

  /** Runs the program and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the program with the given streams.
   *
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cl.setParameterExceptionHandler(
        (ex, arguments) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr().println(ex.getMessage());
          cmd.usage(cmd.getErr());
          return CommandLine.ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof CommandLine.ParameterException) {
            return cmd.getParameterExceptionHandler()
                .handleParseException((CommandLine.ParameterException) ex, args);
          }
          cmd.getErr().println("error: " + describe(ex));
          return 1;
        });
    int code;
    try {
      code = cl.execute(args);
    } catch (OutOfMemoryError e) {
      // One line, not a stack trace: what ran out and what to do.
      Runtime rt = Runtime.getRuntime();
      String m = e.getMessage();
      cl.getErr().println(
          "error: out of memory"
              + (m == null || m.equals("Java heap space") ? "" : ": " + m)
              + (m != null && m.contains("-Xmx")
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      " (the heap is at most %d MiB); run java with a larger -Xmx",
                      rt.maxMemory() >> 20)));
      code = 1;
    }
    out.flush();
    err.flush();
    return code;
  }
}
