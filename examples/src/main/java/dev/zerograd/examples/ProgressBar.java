package dev.zerograd.examples;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress display (iteration, loss, it/s, ETA), redrawn at most ten times a second. */
final class ProgressBar implements MnistTrainer.Progress {
  private static final int WIDTH = 24;

  private final PrintWriter out;
  private final int total;
  private final long start = System.nanoTime();
  private long lastDraw;

  ProgressBar(PrintWriter out, int total) {
    this.out = out;
    this.total = total;
  }

  @Override
  public void update(int done, double loss) {
    long now = System.nanoTime();
    if (done < total && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    out.print(line(done, loss, (now - start) / 1e9));
    if (done == total) {
      out.print("\r" + " ".repeat(90) + "\r");
    }
    out.flush();
  }

  String line(int done, double loss, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;
    int filled = (int) ((long) WIDTH * done / total);
    return String.format(
        Locale.ROOT,
        "\riter %d/%d [%s%s] loss %.4f %.0f it/s ETA %.0fs ",
        done,
        total,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        loss,
        rate,
        eta);
  }
}
