package dev.zerograd.spark;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.apache.spark.TaskContext;

/**
 * Sums a vector across the tasks of one barrier stage, every step, over sockets among the tasks
 * (no Spark job; the driver only passes on task 0's address, by {@link Rendezvous}): task 0
 * listens on its executor's host, the others connect to it once; each sum, the others send their
 * vectors, task 0 adds them in task order (task 0's, then 1's, 2's, ...) and sends the sum back.
 * So every task gets the same bits, the order of the additions is fixed by the task count alone,
 * and a run repeats bit for bit. A star, not a ring: for the models this trains (tens of
 * thousands to a few million values) the vectors are small against a step's compute, and the
 * star makes the additions' order that of a sum in one process.
 *
 * <p>Every wait (for a connection, for a peer's bytes) wakes every {@link #POLL_MS} to see
 * whether Spark has killed the task: when one task of a barrier stage fails, Spark kills the
 * others without interrupting their threads, and a task blocked on a peer that died before it
 * connected would otherwise hold its slot for ever, so that the rerun stage could never start.
 * A peer that dies mid-exchange closes its socket, and the read fails at once.
 */
final class AllReduce implements AutoCloseable {
  /** How often a wait checks whether the task was killed. */
  static final int POLL_MS = 200;

  private final int rank;
  private final int size;
  private final ServerSocket server;
  private final Socket[] peers;
  private byte[] bytes = new byte[0];
  private double[] part = new double[0];

  private AllReduce(int rank, int size, ServerSocket server, Socket[] peers) {
    this.rank = rank;
    this.size = size;
    this.server = server;
    this.peers = peers;
  }

  /**
   * Connects the tasks of the barrier stage {@code ctx} runs in, task 0's address passing through
   * the driver's {@code rendezvous} under {@code key} (the stage) and the stage's attempt.
   */
  static AllReduce connect(BarrierTaskContext ctx, Rendezvous.Address rendezvous, String key)
      throws IOException {
    BarrierTaskInfo[] tasks = ctx.getTaskInfos();
    int rank = ctx.partitionId();
    int size = tasks.length;
    if (size == 1) {
      return new AllReduce(0, 1, null, new Socket[0]);
    }
    String attempt = key + "/" + ctx.stageAttemptNumber();
    ServerSocket server = null;
    Socket[] peers = new Socket[size];
    try {
      if (rank == 0) {
        String host = host(tasks[0].address());
        server = new ServerSocket();
        server.bind(new InetSocketAddress(host, 0), size);
        server.setSoTimeout(POLL_MS);
        Rendezvous.announce(rendezvous, attempt, host + ":" + server.getLocalPort());
        for (int i = 1; i < size; i++) {
          Socket c = accept(server);
          byte[] hello = new byte[4];
          readFully(c, hello, 4);
          int from = ByteBuffer.wrap(hello).getInt();
          if (from <= 0 || from >= size || peers[from] != null) {
            c.close();
            throw new IOException("all-reduce: a connection announced task " + from);
          }
          peers[from] = c;
        }
      } else {
        String at = Rendezvous.lookUp(rendezvous, attempt);
        int colon = at.lastIndexOf(':');
        Socket c = new Socket();
        peers[0] = c;
        c.connect(
            new InetSocketAddress(
                at.substring(0, colon), Integer.parseInt(at.substring(colon + 1))),
            60_000);
        tune(c);
        c.getOutputStream().write(ByteBuffer.allocate(4).putInt(rank).array());
        c.getOutputStream().flush();
      }
    } catch (IOException | RuntimeException e) {
      new AllReduce(rank, size, server, peers).close();
      throw e;
    }
    return new AllReduce(rank, size, server, peers);
  }

  /** Accepts one connection, waking to see whether the task was killed. */
  private static Socket accept(ServerSocket server) throws IOException {
    while (true) {
      try {
        Socket c = server.accept();
        tune(c);
        return c;
      } catch (SocketTimeoutException e) {
        checkAlive("waiting for the other tasks of the stage to connect");
      }
    }
  }

  private static void tune(Socket c) throws IOException {
    c.setTcpNoDelay(true);
    c.setSoTimeout(POLL_MS);
  }

  /** Throws when Spark has killed this task (or its thread was interrupted). */
  private static void checkAlive(String doing) throws InterruptedIOException {
    TaskContext tc = TaskContext.get();
    if (Thread.currentThread().isInterrupted() || (tc != null && tc.isInterrupted())) {
      throw new InterruptedIOException("all-reduce: the task was killed while " + doing);
    }
  }

  /** The host of a task address ({@code host:port} or {@code host}). */
  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
  }

  /** This task's number in the stage, from 0. */
  int rank() {
    return rank;
  }

  /** The number of tasks. */
  int size() {
    return size;
  }

  /**
   * The sum over all tasks of their {@code local} vectors (all of one length), the same bits on
   * every task; {@code local} is not modified.
   */
  double[] sum(double[] local) throws IOException {
    double[] total = new double[local.length];
    sum(local, total);
    return total;
  }

  /**
   * Writes the sum over all tasks of their {@code local} vectors into {@code total} (of the same
   * length, not {@code local}), the same bits on every task; {@code local} is not modified.
   */
  void sum(double[] local, double[] total) throws IOException {
    System.arraycopy(local, 0, total, 0, local.length);
    if (size == 1) {
      return;
    }
    int n = Math.multiplyExact(local.length, Double.BYTES);
    if (bytes.length < n) {
      bytes = new byte[n];
    }
    if (rank == 0) {
      if (part.length != local.length) {
        part = new double[local.length];
      }
      for (int r = 1; r < size; r++) {
        receive(peers[r], part, n);
        for (int i = 0; i < total.length; i++) {
          total[i] += part[i];
        }
      }
      for (int r = 1; r < size; r++) {
        send(peers[r], total, n);
      }
    } else {
      send(peers[0], local, n);
      receive(peers[0], total, n);
    }
  }

  private void send(Socket c, double[] v, int n) throws IOException {
    ByteBuffer.wrap(bytes, 0, n).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(v);
    OutputStream out = c.getOutputStream();
    out.write(bytes, 0, n);
    out.flush();
  }

  private void receive(Socket c, double[] into, int n) throws IOException {
    readFully(c, bytes, n);
    ByteBuffer.wrap(bytes, 0, n).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(into);
  }

  /** Reads {@code n} bytes, waking every {@link #POLL_MS} to see whether the task was killed. */
  private static void readFully(Socket c, byte[] into, int n) throws IOException {
    InputStream in = c.getInputStream();
    int at = 0;
    while (at < n) {
      int got;
      try {
        got = in.read(into, at, n - at);
      } catch (SocketTimeoutException e) {
        checkAlive("waiting for another task's vector");
        continue;
      }
      if (got < 0) {
        throw new EOFException("all-reduce: another task of the stage closed its connection");
      }
      at += got;
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Socket c : peers) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    if (server != null) {
      server.close();
    }
    if (first != null) {
      throw first;
    }
  }
}
