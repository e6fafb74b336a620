package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent pushers, a slow client, oversized bodies and a restart with persistence: every
 * acknowledged push is visible afterwards, nothing else breaks. Bounded for CI (3 s of pushing);
 * {@code -Dpromsd.soak.seconds=600} runs the longer mode.
 */
class SoakTest {
  private static final long SECONDS = Long.getLong("promsd.soak.seconds", 3);

  @TempDir Path tmp;

  @Test
  void acknowledgedPushesSurviveLoadFaultsAndARestart() throws Exception {
    Path file = tmp.resolve("soak.data");
    Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger tooLarge = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            10,
            r -> {
              Thread t = new Thread(r, "soak-client");
              t.setDaemon(true);
              return t;
            });
    try (Pushgateway gw =
        Pushgateway.builder()
            .listenAddress("127.0.0.1:0")
            .jvmMetrics(false)
            .maxBodyBytes(64 * 1024)
            .persistenceFile(file)
            .persistenceInterval(Duration.ofMillis(200))
            .start()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
      List<Future<?>> jobs = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int worker = w;
        jobs.add(
            pool.submit(
                () -> {
                  int v = 0;
                  while (System.nanoTime() < end) {
                    String inst = "w" + worker + "-" + (v % 5);
                    String body = "# TYPE soak_value gauge\nsoak_value{k=\"x\"} " + v + "\n";
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(
                                    URI.create(gw.uri() + "/metrics/job/soak/instance/" + inst))
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    acknowledged.put(inst, v);
                    v++;
                  }
                  return null;
                }));
      }
      // oversized bodies: refused, the others go on
      jobs.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  HttpResponse<String> r =
                      http.send(
                          HttpRequest.newBuilder(URI.create(gw.uri() + "/metrics/job/big"))
                              .PUT(HttpRequest.BodyPublishers.ofString("big 1\n".repeat(20_000)))
                              .timeout(Duration.ofSeconds(30))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  assertThat(r.statusCode()).isEqualTo(413);
                  tooLarge.incrementAndGet();
                }
                return null;
              }));
      // a slow client dribbling its body: its push lands when it is complete
      jobs.add(
          pool.submit(
              () -> {
                byte[] body =
                    "# TYPE slow_value gauge\nslow_value 1\n".getBytes(StandardCharsets.UTF_8);
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress("127.0.0.1", gw.port()), 5000);
                  s.setSoTimeout(30_000);
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("PUT /metrics/job/slow HTTP/1.1\r\nHost: x\r\nContent-Length: "
                              + body.length
                              + "\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  for (byte b : body) {
                    out.write(b);
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(Math.max(1, SECONDS * 1000 / body.length / 2));
                  }
                  InputStream in = s.getInputStream();
                  String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                  assertThat(answer).startsWith("HTTP/1.1 200");
                }
                return null;
              }));
      for (Future<?> f : jobs) {
        f.get(SECONDS + 60, TimeUnit.SECONDS);
      }
      assertThat(tooLarge.get()).isPositive();
      assertThat(gw.group(Map.of("job", "slow"))).isPresent();
    } finally {
      pool.shutdownNow();
    }
    // restart on the persisted file: every acknowledged value is there
    try (Pushgateway gw =
        Pushgateway.builder()
            .listenAddress("127.0.0.1:0")
            .jvmMetrics(false)
            .persistenceFile(file)
            .start()) {
      assertThat(acknowledged).isNotEmpty();
      for (Map.Entry<String, Integer> e : acknowledged.entrySet()) {
        PushedGroup g = gw.group(Map.of("job", "soak", "instance", e.getKey())).orElseThrow();
        assertThat(g.family("soak_value").orElseThrow().samples().get(0).value())
            .as(e.getKey())
            .isEqualTo((double) e.getValue());
      }
      assertThat(gw.group(Map.of("job", "big"))).isEmpty();
    }
  }
}
