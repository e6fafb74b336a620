package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a gateway process while it is being pushed to: the persistence file it leaves
 * always loads, and holds every push acknowledged more than one persistence interval before the
 * kill.
 */
class CrashTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  /** The child process: a gateway on a free port that prints the port and runs until killed. */
  public static void main(String[] args) throws Exception {
    Pushgateway gw =
        Pushgateway.builder()
            .listenAddress("127.0.0.1:0")
            .jvmMetrics(false)
            .persistenceFile(Path.of(args[0]))
            .persistenceInterval(Duration.ofMillis(Long.parseLong(args[1])))
            .start();
    System.out.println("port " + gw.port());
    System.out.flush();
    gw.awaitQuit();
  }

  @Test
  void killMinusNineLosesAtMostOneIntervalAndLeavesALoadableFile() throws Exception {
    Path file = tmp.resolve("crash.data");
    long intervalMs = 200;
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                CrashTest.class.getName(),
                file.toString(),
                Long.toString(intervalMs))
            .redirectErrorStream(true)
            .start();
    try {
      java.io.BufferedReader out =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
      // the child's first line is "port N"
      String line = out.readLine();
      assertThat(line).startsWith("port ");
      int port = Integer.parseInt(line.substring(5).trim());
      URI base = URI.create("http://127.0.0.1:" + port);
      int lastSafe = -1;
      long safeBefore = 0;
      // the clock starts at the first acknowledgement: a cold child on a loaded machine may take
      // a second over its first push, which must not eat the pushing time
      long start = 0;
      int v = 0;
      // push for a while; remember the last value acknowledged well over an interval ago
      long[] ackAt = new long[10_000];
      while ((start == 0 || System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1500))
          && v < ackAt.length) {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(base.resolve("/metrics/job/crash"))
                    .PUT(HttpRequest.BodyPublishers.ofString("crash_value " + v + "\n"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        ackAt[v] = System.nanoTime();
        if (start == 0) {
          start = ackAt[v];
        }
        v++;
      }
      p.destroyForcibly(); // SIGKILL
      long killedAt = System.nanoTime();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < v; i++) {
        // acknowledged more than two intervals before the kill: the writer had its chance
        if (killedAt - ackAt[i] > TimeUnit.MILLISECONDS.toNanos(2 * intervalMs + 100)) {
          lastSafe = i;
          safeBefore = ackAt[i];
        }
      }
      assertThat(lastSafe).as("pushes well before the kill").isGreaterThan(0);
      assertThat(safeBefore).isPositive();
      assertThat(file).exists();
      try (var files = Files.list(tmp)) {
        List<String> names = files.map(f -> f.getFileName().toString()).toList();
        assertThat(names).contains("crash.data");
      }
      try (Pushgateway gw =
          Pushgateway.builder()
              .listenAddress("127.0.0.1:0")
              .jvmMetrics(false)
              .persistenceFile(file)
              .start()) {
        PushedGroup g = gw.group(Map.of("job", "crash")).orElseThrow();
        double kept = g.family("crash_value").orElseThrow().samples().get(0).value();
        assertThat(kept).isGreaterThanOrEqualTo(lastSafe).isLessThan(v);
      }
    } finally {
      p.destroyForcibly();
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (p.isAlive()) {
        throw new IOException("child gateway did not stop");
      }
    }
  }
}
