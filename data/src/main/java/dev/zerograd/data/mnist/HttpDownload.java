package dev.zerograd.data.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/** Downloads a file over HTTP into memory, drawing its progress on one line of {@code log}. */
final class HttpDownload {
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final PrintWriter log;

  HttpDownload(PrintWriter log) {
    this.log = log;
  }

  /**
   * The body of {@code url}.
   *
   * @throws IOException naming the URL and the reason (connection, HTTP status)
   */
  byte[] fetch(String url) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build();
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      String m = e.getMessage();
      throw new IOException(
          url + ": " + e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m), e);
    }
    try (InputStream in = resp.body()) {
      if (resp.statusCode() != 200) {
        throw new IOException(url + ": HTTP " + resp.statusCode());
      }
      long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
      ByteArrayOutputStream out = new ByteArrayOutputStream(total > 0 ? (int) total : 1 << 20);
      byte[] buf = new byte[1 << 16];
      long done = 0;
      long lastReport = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        done += n;
        if (done - lastReport >= (1 << 20) || (total > 0 && done == total)) {
          lastReport = done;
          log.print(progress(url, done, total));
          log.flush();
        }
      }
      log.println();
      log.flush();
      return out.toByteArray();
    }
  }

  /** The progress line: a bar, the percentage and the megabytes when the size is known. */
  static String progress(String url, long done, long total) {
    String name = url.substring(url.lastIndexOf('/') + 1);
    if (total <= 0) {
      return String.format(Locale.ROOT, "\rdownloading %s: %.1f MB", name, done / 1e6);
    }
    int width = 30;
    int filled = (int) (width * done / total);
    return String.format(
        Locale.ROOT,
        "\rdownloading %s [%s%s] %3d%% %.1f/%.1f MB",
        name,
        "#".repeat(filled),
        " ".repeat(width - filled),
        100 * done / total,
        done / 1e6,
        total / 1e6);
  }
}
