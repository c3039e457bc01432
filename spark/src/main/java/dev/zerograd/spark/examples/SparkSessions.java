package dev.zerograd.spark.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apache.spark.sql.SparkSession;

/**
 * How the examples start Spark: the master given, else spark-submit's ({@code spark.master}),
 * else {@code local[2]}; a standalone master that cannot be reached is one line at once (Spark
 * itself retries for over a minute and then reports a stopped context); Spark's start-up chatter
 * kept to warnings.
 */
final class SparkSessions {
  private SparkSessions() {}

  private static final int CONNECT_MS = 5_000;

  /**
   * A session for {@code app}.
   *
   * @param app the application name
   * @param master the master URL, or null for spark-submit's or {@code local[2]}
   * @return the session
   * @throws IllegalArgumentException when a {@code spark://} master does not answer
   */
  static SparkSession start(String app, String master) {
    String url = master != null ? master : System.getProperty("spark.master", "local[2]");
    checkReachable(url);
    quiet();
    SparkSession spark = SparkSession.builder().appName(app).master(url).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** Connects to every host:port of a {@code spark://} URL (several for a standby master). */
  static void checkReachable(String url) {
    if (!url.startsWith("spark://")) {
      return;
    }
    IOException last = null;
    for (String hostPort : url.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "master " + url + ": give spark://HOST:PORT (the standalone master's port, e.g. 7077)");
      }
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "master " + url + ": port " + hostPort.substring(colon + 1) + " is not a number");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(hostPort.substring(0, colon), port), CONNECT_MS);
        return; // one master answers
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IllegalArgumentException(
        "master "
            + url
            + " does not answer ("
            + last.getMessage()
            + "); start the master, or check --master (the URL its web UI shows)");
  }

  /** Spark's INFO lines before the session exists (setLogLevel applies only after). */
  private static void quiet() {
    try {
      org.apache.logging.log4j.core.config.Configurator.setRootLevel(
          org.apache.logging.log4j.Level.WARN);
    } catch (LinkageError e) {
      // Spark runs with another logging backend: its own configuration decides
    }
  }
}
