package dev.zerograd.spark;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;

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
 * <p>The channels are interruptible: when Spark kills the stage's other tasks after one failed,
 * their blocked reads end, the sockets close, and the peers' reads fail instead of waiting.
 */
final class AllReduce implements AutoCloseable {
  private final int rank;
  private final int size;
  private final ServerSocketChannel server;
  private final SocketChannel[] peers;
  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);
  private double[] part = new double[0];

  private AllReduce(int rank, int size, ServerSocketChannel server, SocketChannel[] peers) {
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
      return new AllReduce(0, 1, null, new SocketChannel[0]);
    }
    ServerSocketChannel server = null;
    String address = "";
    if (rank == 0) {
      String host = host(tasks[0].address());
      server = ServerSocketChannel.open();
      server.bind(new InetSocketAddress(host, 0), size);
      address = host + ":" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }
    String attempt = key + "/" + ctx.stageAttemptNumber();
    if (rank == 0) {
      Rendezvous.announce(rendezvous, attempt, address);
    }
    SocketChannel[] peers = new SocketChannel[size];
    try {
      if (rank == 0) {
        ByteBuffer hello = ByteBuffer.allocate(4);
        for (int i = 1; i < size; i++) {
          SocketChannel c = server.accept();
          hello.clear();
          readFully(c, hello);
          int from = hello.flip().getInt();
          if (from <= 0 || from >= size || peers[from] != null) {
            throw new IOException("all-reduce: a connection announced task " + from);
          }
          peers[from] = tuned(c);
        }
      } else {
        String at = Rendezvous.lookUp(rendezvous, attempt);
        int colon = at.lastIndexOf(':');
        SocketChannel c =
            SocketChannel.open(
                new InetSocketAddress(at.substring(0, colon), Integer.parseInt(at.substring(colon + 1))));
        ByteBuffer hello = ByteBuffer.allocate(4).putInt(rank).flip();
        writeFully(c, hello);
        peers[0] = tuned(c);
      }
    } catch (IOException | RuntimeException e) {
      new AllReduce(rank, size, server, peers).close();
      throw e;
    }
    return new AllReduce(rank, size, server, peers);
  }

  /** The host of a task address ({@code host:port} or {@code host}). */
  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
  }

  private static SocketChannel tuned(SocketChannel c) throws IOException {
    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
    return c;
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
    int bytes = Math.multiplyExact(local.length, Double.BYTES);
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    if (rank == 0) {
      if (part.length != local.length) {
        part = new double[local.length];
      }
      for (int r = 1; r < size; r++) {
        receive(peers[r], part, bytes);
        for (int i = 0; i < total.length; i++) {
          total[i] += part[i];
        }
      }
      for (int r = 1; r < size; r++) {
        send(peers[r], total, bytes);
      }
    } else {
      send(peers[0], local, bytes);
      receive(peers[0], total, bytes);
    }
  }

  private void send(SocketChannel c, double[] v, int bytes) throws IOException {
    buffer.clear().limit(bytes);
    buffer.asDoubleBuffer().put(v);
    writeFully(c, buffer);
  }

  private void receive(SocketChannel c, double[] into, int bytes) throws IOException {
    buffer.clear().limit(bytes);
    readFully(c, buffer);
    buffer.flip();
    buffer.asDoubleBuffer().get(into);
  }

  private static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (c.read(b) < 0) {
        throw new EOFException("all-reduce: another task of the stage closed its connection");
      }
    }
  }

  private static void writeFully(SocketChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      c.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (SocketChannel c : peers) {
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
