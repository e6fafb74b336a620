package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.sd.testing.RecordingContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server: unix:///path}: the fake agent is reached through a Unix domain socket (a small
 * proxy in front of its TCP port), as the hashicorp client dials one; only the Consul token goes
 * with the requests, since that client drops Prometheus's HTTP settings for unix sockets.
 */
class UnixSocketTest {
  @TempDir Path dir;

  @Test
  void discoversThroughAUnixSocket() throws Exception {
    Path socket = dir.resolve("consul.sock");
    try (FakeConsul fake = FakeConsul.start();
        UdsProxy proxy = new UdsProxy(socket, fake.port())) {
      fake.register(FakeConsul.Instance.of("web", "web-1", "n1", "10.0.0.1", 80));
      fake.requireToken("tok");
      ConsulSdConfig c =
          Fixtures.parse(
              "server: unix://"
                  + socket
                  + "\ntoken: tok\nbasic_auth: {username: u, password: p}\n"
                  + "refresh_interval: 1ms",
              Compat.PROMETHEUS_3);
      try (RecordingContext ctx =
          RecordingContext.run(new ConsulDiscoverer(c, ConsulDiscovererTest.FAST, k -> null))) {
        ctx.awaitState(s -> s.containsKey("web"), Duration.ofSeconds(10));
        fake.register(FakeConsul.Instance.of("web", "web-2", "n2", "10.0.0.2", 80));
        ctx.awaitState(s -> s.get("web").targets().size() == 2, Duration.ofSeconds(10));
      }
      assertThat(proxy.socket).exists();
      assertThat(fake.requests().get(0).uri()).isEqualTo("/v1/agent/self");
      assertThat(fake.requests()).allMatch(r -> "tok".equals(r.token()));
      assertThat(fake.requests()).allMatch(r -> r.authorization() == null);
    }
    ThreadChecks.awaitNoConsulThreads(Duration.ofSeconds(10));
  }

  @Test
  void aMissingSocketIsReported() throws Exception {
    ConsulSdConfig c =
        Fixtures.parse(
            "server: unix://" + dir.resolve("nope.sock") + "\nservices: [web]",
            Compat.PROMETHEUS_3);
    try (RecordingContext ctx =
        RecordingContext.run(new ConsulDiscoverer(c, ConsulDiscovererTest.FAST, k -> null))) {
      assertThat(ctx.awaitErrors(1, Duration.ofSeconds(10)).get(0).message())
          .startsWith("error retrieving datacenter name: Get \"http://" + dir.resolve("nope.sock"));
    }
  }

  /** Accepts on a Unix socket and pipes each connection to a TCP port on 127.0.0.1. */
  static final class UdsProxy implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path socket;
    private final Thread acceptor;

    UdsProxy(Path socket, int port) throws IOException {
      this.socket = socket;
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      acceptor =
          new Thread(
              () -> {
                while (server.isOpen()) {
                  try {
                    SocketChannel in = server.accept();
                    SocketChannel out =
                        SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                    pipe(in, out);
                    pipe(out, in);
                  } catch (IOException e) {
                    return; // closed
                  }
                }
              },
              "test-uds-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static void pipe(SocketChannel from, SocketChannel to) {
      Thread t =
          new Thread(
              () -> {
                ByteBuffer buf = ByteBuffer.allocate(8192);
                try (from;
                    to) {
                  while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                      to.write(buf);
                    }
                    buf.clear();
                  }
                } catch (IOException e) {
                  // the other side closed
                }
              },
              "test-uds-pipe");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
      Files.deleteIfExists(socket);
    }
  }
}
