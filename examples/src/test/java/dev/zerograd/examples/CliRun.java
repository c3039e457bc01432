package dev.zerograd.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One in-process run of the examples' executable: its exit code, stdout and stderr. */
final class CliRun {
  final int code;
  final String out;
  final String err;

  private CliRun(int code, String out, String err) {
    this.code = code;
    this.out = out;
    this.err = err;
  }

  /** Runs {@link Main#run} with {@code args}. */
  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The stdout lines that start with {@code prefix}. */
  List<String> lines(String prefix) {
    List<String> l = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith(prefix)) {
        l.add(line);
      }
    }
    return l;
  }

  /**
   * The number after the last {@code key} in {@code line}, written {@code key value} or {@code
   * key=value}.
   *
   * @throws AssertionError when the line has no such number
   */
  static double number(String line, String key) {
    Matcher m =
        Pattern.compile("(?:^| )" + Pattern.quote(key) + "[ =](-?[0-9.]+(?:[eE][-+]?[0-9]+)?)")
            .matcher(line);
    String value = null;
    while (m.find()) {
      value = m.group(1); // the last: "init std=0.01 ... std 0.0124" names a field after a label
    }
    if (value == null) {
      throw new AssertionError("no '" + key + "' in: " + line);
    }
    return Double.parseDouble(value);
  }

  @Override
  public String toString() {
    return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
  }
}
