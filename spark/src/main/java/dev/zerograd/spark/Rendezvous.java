package dev.zerograd.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * On the driver, while synchronous training runs: where task 0 of each barrier stage attempt
 * listens, told by task 0 and asked by the others. Spark's own {@link
 * org.apache.spark.BarrierTaskContext#allGather} would carry the address too, but its tasks poll
 * for the answer once a second, so it costs about a second per stage (measured: 1.0 s, against
 * 1-3 ms here). The tasks reach the driver at {@code spark.driver.host}, as they reach its RPC
 * and block manager ports.
 */
final class Rendezvous implements AutoCloseable {
  /** Where the tasks find the rendezvous: the driver's address and the port it listens on. */
  record Address(String host, int port) implements Serializable {}

  private static final int TIMEOUT_MS = 60_000;

  private final ServerSocket server;
  private final Thread thread;
  private final Map<String, String> hubs = new HashMap<>();
  private final Map<String, List<Socket>> waiting = new HashMap<>();

  private Rendezvous(ServerSocket server) {
    this.server = server;
    this.thread = new Thread(this::serve, "zerograd-rendezvous");
    thread.setDaemon(true);
    thread.start();
  }

  /** Listens on {@code host} (the driver's), on a free port. */
  static Rendezvous open(String host) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 64);
    return new Rendezvous(s);
  }

  /** Where tasks connect. */
  Address address() {
    return new Address(server.getInetAddress().getHostAddress(), server.getLocalPort());
  }

  private void serve() {
    while (!server.isClosed()) {
      Socket c;
      try {
        c = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        c.setSoTimeout(TIMEOUT_MS);
        DataInputStream in = new DataInputStream(c.getInputStream());
        String key = in.readUTF();
        boolean hub = in.readBoolean();
        if (hub) {
          hubs.put(key, in.readUTF());
          c.close();
          for (Socket w : waiting.getOrDefault(key, List.of())) {
            answer(w, hubs.get(key));
          }
          waiting.remove(key);
        } else if (hubs.containsKey(key)) {
          answer(c, hubs.get(key));
        } else {
          waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
      } catch (IOException e) {
        closeQuietly(c); // a task that went away: its stage fails and reruns under another key
      }
    }
  }

  private static void answer(Socket c, String hub) {
    try (c) {
      DataOutputStream out = new DataOutputStream(c.getOutputStream());
      out.writeByte(1); // the end of the wait
      out.writeUTF(hub);
      out.flush();
    } catch (IOException e) {
      // the asking task went away
    }
  }

  private static void closeQuietly(Socket c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** On task 0: tells where it listens for stage attempt {@code key}. */
  static void announce(Address at, String key, String hub) throws IOException {
    try (Socket c = connect(at)) {
      DataOutputStream out = new DataOutputStream(c.getOutputStream());
      out.writeUTF(key);
      out.writeBoolean(true);
      out.writeUTF(hub);
      out.flush();
    }
  }

  /** On the other tasks: where task 0 of stage attempt {@code key} listens (waits for it). */
  static String lookUp(Address at, String key) throws IOException {
    try (Socket c = connect(at)) {
      DataOutputStream out = new DataOutputStream(c.getOutputStream());
      out.writeUTF(key);
      out.writeBoolean(false);
      out.flush();
      DataInputStream in = new DataInputStream(c.getInputStream());
      // Task 0 may start late: wait as long as it takes, but end the wait when Spark kills this
      // task (a blocked socket read ignores interrupts, and would keep the task's slot).
      c.setSoTimeout(200);
      while (true) {
        try {
          if (in.read() < 0) {
            throw new java.io.EOFException("training on Spark: the driver closed the rendezvous");
          }
          break;
        } catch (java.net.SocketTimeoutException e) {
          org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
          if (Thread.currentThread().isInterrupted() || (tc != null && tc.isInterrupted())) {
            throw new java.io.InterruptedIOException("the task was killed while waiting for task 0");
          }
        }
      }
      c.setSoTimeout(TIMEOUT_MS);
      return in.readUTF();
    }
  }

  private static Socket connect(Address at) throws IOException {
    Socket c = new Socket();
    try {
      c.connect(new InetSocketAddress(at.host(), at.port()), TIMEOUT_MS);
    } catch (IOException e) {
      c.close();
      throw new IOException(
          "training on Spark: this task cannot reach the driver at "
              + at.host()
              + ":"
              + at.port()
              + " ("
              + e.getMessage()
              + "); executors must be able to connect to spark.driver.host",
          e);
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (List<Socket> ws : waiting.values()) {
      ws.forEach(Rendezvous::closeQuietly);
    }
  }

}
