package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: concurrent API, http_sd, page and metrics clients, slow clients that trickle
 * their request or read the answer a few bytes at a time, a file_sd back end that flaps between a
 * good file and a broken one, and reloads in the middle. Everything answers, every answer is whole,
 * no target is lost (file SD keeps a file's last good groups, as Prometheus's {@code
 * discovery/file/file.go} does), and the heap stays bounded.
 *
 * <p>CI runs it for {@code -Dpromsd.soak.seconds=6} (default) with 24 clients; the longer mode is
 * e.g. {@code mvn -pl serve -am verify -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpromsd.soak.seconds=600 -Dpromsd.soak.clients=200}.
 */
class SoakTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SECONDS = Integer.getInteger("promsd.soak.seconds", 6);
  private static final int CLIENTS = Integer.getInteger("promsd.soak.clients", 24);
  private static final int FILE_TARGETS = 500;
  @TempDir Path dir;

  private static String config(int staticTargets) {
    StringBuilder sb =
        new StringBuilder(
            "scrape_configs:\n  - job_name: files\n    file_sd_configs:\n"
                + "      - files: [sd/*.json]\n        refresh_interval: 1s\n"
                + "  - job_name: static\n    static_configs:\n      - targets: [");
    for (int i = 0; i < staticTargets; i++) {
      sb.append(i == 0 ? "" : ", ").append("'127.0.0.1:").append(i + 1).append('\'');
    }
    return sb.append("]\n").toString();
  }

  private static String goodFile() {
    StringBuilder sb = new StringBuilder("[{\"labels\": {\"env\": \"prod\"}, \"targets\": [");
    for (int i = 0; i < FILE_TARGETS; i++) {
      sb.append(i == 0 ? "" : ", ")
          .append("\"10.0.")
          .append(i / 250)
          .append('.')
          .append(i % 250)
          .append(":80\"");
    }
    return sb.append("]}]").toString();
  }

  private void replace(Path file, String text) throws Exception {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void keepsAnsweringUnderLoadFaultsAndReloads() throws Exception {
    Path cfg = dir.resolve("prometheus.yml");
    Files.createDirectories(dir.resolve("sd"));
    Path file = dir.resolve("sd/a.json");
    Files.writeString(file, goodFile());
    Files.writeString(cfg, config(20));
    HttpClient http =
        HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(4))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 4);
    try (DiscoveryServer s =
        DiscoveryServer.builder(cfg)
            .compat(Compat.PROMETHEUS_3)
            .listen("127.0.0.1:0")
            .updateInterval(Duration.ofMillis(100))
            .start()) {
      assertThat(s.awaitReady(Fixture.T)).isTrue();
      URI base = s.uri();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong answers = new AtomicLong();
      Map<String, String> failures = new ConcurrentHashMap<>();
      List<Future<?>> running = new ArrayList<>();
      String[] paths = {
        "/api/v1/targets",
        "/sd/files",
        "/sd/static?shard=1&shards=3",
        "/",
        "/metrics",
        "/api/v1/targets?scrapePool=static"
      };
      for (int c = 0; c < CLIENTS; c++) {
        String path = paths[c % paths.length];
        running.add(
            pool.submit(
                () -> {
                  while (!stop.get()) {
                    try {
                      HttpResponse<String> r =
                          http.send(
                              HttpRequest.newBuilder(base.resolve(path)).timeout(Fixture.T).build(),
                              HttpResponse.BodyHandlers.ofString());
                      check(path, r, failures);
                      answers.incrementAndGet();
                    } catch (Exception e) {
                      failures.putIfAbsent(path, e.toString());
                    }
                  }
                  return null;
                }));
      }
      // slow clients: one trickles its request, one reads the big answer a little at a time
      running.add(pool.submit(() -> trickleRequest(base, stop, failures)));
      running.add(pool.submit(() -> slowReader(base, stop, failures)));

      // the back end flaps and the config reloads while the clients run
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
      int round = 0;
      while (System.nanoTime() < end) {
        replace(file, round % 2 == 0 ? "[{\"targets\": [\"broken" : goodFile());
        if (round % 5 == 4) {
          Files.writeString(cfg, config(round % 10 == 4 ? 21 : 20));
          assertThat(s.reload()).isEmpty();
        }
        round++;
        Thread.sleep(150); // the flapping period, not a synchronisation
      }
      stop.set(true);
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(failures).isEmpty();
      assertThat(answers.get()).isGreaterThan(CLIENTS);
      assertThat(Fixture.get(base, "/-/healthy").statusCode()).isEqualTo(200);

      System.gc();
      long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      assertThat(used).as("heap after the soak").isLessThan(256L << 20);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void check(String path, HttpResponse<String> r, Map<String, String> failures)
      throws Exception {
    if (r.statusCode() != 200) {
      failures.putIfAbsent(path, "status " + r.statusCode());
      return;
    }
    if (path.startsWith("/sd/files")) {
      JsonNode groups = JSON.readTree(r.body());
      if (groups.size() != FILE_TARGETS) {
        failures.putIfAbsent(path, "lost targets: " + groups.size() + " of " + FILE_TARGETS);
      }
    } else if (path.startsWith("/api/")) {
      JsonNode data = JSON.readTree(r.body()).get("data");
      if (path.endsWith("static")) {
        int n = data.get("activeTargets").size();
        if (n != 20 && n != 21) {
          failures.putIfAbsent(path, "static targets: " + n);
        }
      } else if (data.get("activeTargets").size() < FILE_TARGETS) {
        failures.putIfAbsent(path, "lost targets: " + data.get("activeTargets").size());
      }
    } else if (path.equals("/") && !r.body().contains("</html>")) {
      failures.putIfAbsent(path, "page cut short");
    }
  }

  private static Void trickleRequest(URI base, AtomicBoolean stop, Map<String, String> failures) {
    byte[] req =
        "GET /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    while (!stop.get()) {
      try (Socket sock = new Socket(base.getHost(), base.getPort())) {
        sock.setSoTimeout(20_000);
        OutputStream out = sock.getOutputStream();
        for (byte b : req) {
          out.write(b);
          out.flush();
          Thread.sleep(5); // a slow client, by design
        }
        String answer = new String(sock.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!answer.startsWith("HTTP/1.1 200")) {
          failures.putIfAbsent("trickle", answer);
        }
      } catch (Exception e) {
        failures.putIfAbsent("trickle", e.toString());
      }
    }
    return null;
  }

  private static Void slowReader(URI base, AtomicBoolean stop, Map<String, String> failures) {
    while (!stop.get()) {
      try (Socket sock = new Socket(base.getHost(), base.getPort())) {
        sock.setSoTimeout(20_000);
        sock.setReceiveBufferSize(1024);
        sock.getOutputStream()
            .write(
                "GET /api/v1/targets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        InputStream in = sock.getInputStream();
        byte[] buf = new byte[512];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
          total += n;
          Thread.sleep(1); // a slow reader, by design
        }
        if (total < 1000) {
          failures.putIfAbsent("slow reader", "short answer: " + total + " bytes");
        }
      } catch (Exception e) {
        failures.putIfAbsent("slow reader", e.toString());
      }
    }
    return null;
  }
}
