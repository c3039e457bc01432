package dev.zerograd.examples;

import java.io.PrintStream;
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
    version = "zerograd examples 0.1.0",
    description = "Runnable zerograd programs: train the textbook's MNIST network, and more.",
    subcommands = {
      TrainMnistCommand.class,
      GradientCheckCommand.class,
      BuyAppleCommand.class,
      BuyAppleOrangeCommand.class,
      CustomOpCommand.class,
      GraphCommand.class
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
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
          cmd.getErr().println("error: " + ex.getMessage());
          return 1;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
