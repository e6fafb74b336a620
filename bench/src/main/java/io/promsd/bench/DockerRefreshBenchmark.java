package io.promsd.bench;

import io.promsd.relabel.Compat;
import io.promsd.sd.docker.DockerBenchAccess;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Docker SD refresh at scale: 2,000 containers on 3 networks each, with 2 TCP ports (one
 * published) and a UDP port and 8 labels, served by an in-process daemon on a unix socket (the
 * answers are prepared bytes, 6.4 MB of containers). {@code refresh} is a whole refresh of the real
 * discoverer: the container list and the network list over the socket, decoding, and the targets
 * (12,000 with 2.42's every-network rule or 3.x's {@code match_first_network: false}, 4,000 with
 * 3.x's default); {@code decodeAndBuild} is the same without the socket, {@code decode} the
 * container list's decoding alone. Scores are per refresh; {@code -prof gc} gives the allocation
 * per refresh. Figures: {@code bench/README.md}.
 *
 * <p>Command: {@code java -jar bench/target/benchmarks.jar DockerRefreshBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DockerRefreshBenchmark {
  static final int CONTAINERS = 2_000;

  /**
   * {@code 2}: Prometheus 2.42; {@code 3}: 3.x defaults; {@code 3-all}: match_first_network off.
   */
  @Param({"2", "3", "3-all"})
  public String mode;

  private Path dir;
  private FakeDaemon daemon;
  private DockerBenchAccess access;
  private byte[] containers;
  private byte[] networks;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    containers = DockerWorkload.containers(CONTAINERS).getBytes(StandardCharsets.UTF_8);
    networks = DockerWorkload.networks().getBytes(StandardCharsets.UTF_8);
    dir = Files.createTempDirectory("promsd-bench");
    daemon = new FakeDaemon(dir.resolve("docker.sock"), containers, networks);
    Compat compat = mode.equals("2") ? Compat.PROMETHEUS_2 : Compat.PROMETHEUS_3;
    access = DockerBenchAccess.discoverer("unix://" + daemon.path, compat, mode.equals("3"));
    int expected = CONTAINERS * 2 * (mode.equals("3") ? 1 : 3);
    int got = access.refresh().get(0).targets().size();
    if (got != expected) {
      throw new IllegalStateException("expected " + expected + " targets, got " + got);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    daemon.close();
    Files.deleteIfExists(dir.resolve("docker.sock"));
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public List<TargetGroup> refresh() throws Exception {
    return access.refresh();
  }

  @Benchmark
  public int decodeAndBuild() throws Exception {
    return access.decodeAndBuild(containers, networks);
  }

  @Benchmark
  public int decode() throws Exception {
    return access.decode(containers);
  }

  /** Answers _ping, the container list and the network list over a unix socket, keep-alive. */
  static final class FakeDaemon implements AutoCloseable {
    final Path path;
    private final ServerSocketChannel server;
    private final byte[] containers;
    private final byte[] networks;

    FakeDaemon(Path path, byte[] containers, byte[] networks) throws IOException {
      this.path = path;
      this.containers = containers;
      this.networks = networks;
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path));
      Thread t = new Thread(this::accept, "bench-docker-daemon");
      t.setDaemon(true);
      t.start();
    }

    private void accept() {
      while (server.isOpen()) {
        try {
          SocketChannel ch = server.accept();
          Thread t = new Thread(() -> serve(ch), "bench-docker-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(SocketChannel ch) {
      try (ch) {
        InputStream in = Channels.newInputStream(ch);
        OutputStream out = Channels.newOutputStream(ch);
        while (true) {
          String request = line(in);
          if (request == null) {
            return;
          }
          while (true) {
            String h = line(in);
            if (h == null || h.isEmpty()) {
              break;
            }
          }
          String path = request.split(" ")[1];
          byte[] body =
              path.endsWith("/containers/json") || path.contains("/containers/json?")
                  ? containers
                  : path.endsWith("/networks") ? networks : new byte[0];
          boolean head = request.startsWith("HEAD");
          String headers =
              "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + (head ? 0 : body.length)
                  + "\r\n\r\n";
          out.write(headers.getBytes(StandardCharsets.US_ASCII));
          if (!head) {
            out.write(body);
          }
          out.flush();
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      while (true) {
        int c = in.read();
        if (c < 0) {
          return sb.length() == 0 ? null : sb.toString();
        }
        if (c == '\n') {
          int n = sb.length();
          return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
        }
        sb.append((char) c);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
