package io.promsd.sd.docker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@link Transport} for {@code unix:///path} hosts: one connection per request over a unix domain
 * socket (JDK 17's {@link UnixDomainSocketAddress}), HTTP/1.1 by {@link Http1Exchange}, every wait
 * bounded by the deadline and cut short by an interrupt. No HTTP client settings apply, as in
 * Prometheus, which hands its HTTP client to the Docker client only for {@code http(s)} hosts.
 */
final class UnixSocketTransport implements Transport {
  private final Path socket;
  private final int maxBody;

  UnixSocketTransport(Path socket, int maxBody) {
    this.socket = socket;
    this.maxBody = maxBody;
  }

  @Override
  public Response send(String method, String pathAndQuery, List<String[]> headers, long deadline)
      throws Failure, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      ch.configureBlocking(false);
      if (!ch.connect(UnixDomainSocketAddress.of(socket))) {
        ch.register(selector, SelectionKey.OP_CONNECT);
        while (!ch.finishConnect()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new Failure(Kind.TIMEOUT, "i/o timeout", null);
          }
          selector.select(Math.max(1, left / 1_000_000));
          selector.selectedKeys().clear();
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
      }
      Http1Exchange x = new Http1Exchange(ch, selector, deadline, maxBody);
      return x.exchange(
          Http1Exchange.request(method, pathAndQuery, headers), method.equals("HEAD"));
    } catch (ClosedByInterruptException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedException();
    } catch (Failure e) {
      throw e;
    } catch (IOException e) {
      throw classify(e);
    }
  }

  /** Classifies a socket error as the Docker client's messages need it, with Go's wording. */
  static Failure classify(IOException e) {
    if (e instanceof Failure f) {
      return f;
    }
    String m = String.valueOf(e.getMessage());
    String lower = m.toLowerCase(Locale.ROOT);
    if (e instanceof ConnectException || lower.contains("connection refused")) {
      return new Failure(Kind.REFUSED, "connect: connection refused", e);
    }
    if (lower.contains("no such file")) {
      return new Failure(Kind.NO_SOCKET, "connect: no such file or directory", e);
    }
    if (lower.contains("permission denied")) {
      return new Failure(Kind.PERMISSION, "connect: permission denied", e);
    }
    if (lower.contains("connection reset")) {
      return new Failure(Kind.OTHER, "read: connection reset by peer", e);
    }
    if (lower.contains("broken pipe")) {
      return new Failure(Kind.OTHER, "write: broken pipe", e);
    }
    return new Failure(Kind.OTHER, m, e);
  }

  /** The dial error Go prints for this socket: {@code dial unix /path: connect: ...}. */
  String dialError(Failure f) {
    return "dial unix " + socket + ": " + f.getMessage();
  }

  @Override
  public void close() {
    // nothing held between requests
  }
}
