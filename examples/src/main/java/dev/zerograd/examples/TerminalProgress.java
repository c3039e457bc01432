package dev.zerograd.examples;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long job on the terminal (me.tongfei:progressbar: count, rate, ETA, and the loss
 * when training), redrawn ten times a second on stderr and cleared when done. Off when stderr is
 * not a terminal, so that logs and pipes get only the result lines.
 */
final class TerminalProgress implements MnistTrainer.Progress, AutoCloseable {
  private final ProgressBar bar;

  private TerminalProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A progress display for {@code total} steps of {@code task}, or a silent one off a terminal. */
  static TerminalProgress start(String task, long total) {
    if (System.console() == null) {
      return new TerminalProgress(null);
    }
    return new TerminalProgress(
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(100)
            .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
            .clearDisplayOnFinish()
            .build());
  }

  @Override
  public void update(int done, double loss) {
    if (bar != null) {
      bar.stepTo(done);
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
    }
  }

  /** Moves the display to {@code done} steps. */
  void stepTo(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
