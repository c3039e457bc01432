package dev.zerograd.spark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The examples' master checks: one line before Spark's minute of retries. */
class SparkSessionsTest {
  @Test
  void aStandaloneMasterThatDoesNotAnswerIsOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    String url = "spark://127.0.0.1:" + port;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SparkSessions.checkReachable(url));
    assertTrue(
        e.getMessage().startsWith("master " + url + " does not answer (")
            && e.getMessage().endsWith("); start the master, or check --master (the URL its web UI"
                + " shows)"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> SparkSessions.checkReachable("spark://host"));
    assertEquals(
        "master spark://host: give spark://HOST:PORT (the standalone master's port, e.g. 7077)",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkSessions.checkReachable("spark://host:70x7"));
    assertEquals("master spark://host:70x7: port 70x7 is not a number", e.getMessage());
  }

  @Test
  void aMasterThatAnswersAndOtherMastersPass() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      // One of two (a standby) answering is enough.
      SparkSessions.checkReachable("spark://127.0.0.1:1,127.0.0.1:" + s.getLocalPort());
    }
    SparkSessions.checkReachable("local[2]");
    SparkSessions.checkReachable("yarn");
  }
}
