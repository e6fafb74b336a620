package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promsd serve} as a process: it serves, SIGHUP reloads (a bad config keeps the last good
 * one), SIGTERM ends it cleanly (exit 143, as a JVM ended by a signal), and a config it cannot load
 * is refused at start with exit 1.
 */
class ServeCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dir;

  private static final String A =
      "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['127.0.0.1:1']\n";
  private static final String B =
      "scrape_configs:\n  - job_name: b\n    static_configs:\n      - targets: ['127.0.0.1:2']\n";

  private Process start(String... args) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of(
                javaBin.toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                Main.class.getName(),
                "serve"));
    cmd.addAll(java.util.List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** The child's output, read on a thread, searchable with a deadline. */
  private static final class Output {
    private final StringBuilder text = new StringBuilder();

    Output(Process p) {
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    synchronized (this) {
                      text.append(line).append('\n');
                      notifyAll();
                    }
                  }
                } catch (IOException e) {
                  // the child ended
                }
              },
              "serve-output");
      t.setDaemon(true);
      t.start();
    }

    synchronized String await(Predicate<String> p, String what) throws InterruptedException {
      long end = System.nanoTime() + WAIT.toNanos();
      while (!p.test(text.toString())) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no " + what + " within " + WAIT + "; output:\n" + text);
        }
        wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      }
      return text.toString();
    }
  }

  private static String get(URI base, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void awaitBody(URI base, String path, String wanted) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    String body = "";
    while (System.nanoTime() < end) {
      body = get(base, path);
      if (body.contains(wanted)) {
        return;
      }
      Thread.sleep(20); // poll until the deadline
    }
    throw new AssertionError(path + " never contained " + wanted + "; last: " + body);
  }

  private static void signal(Process p, String sig) throws Exception {
    Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
    assertThat(k.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(k.exitValue()).isZero();
  }

  @Test
  void sighupReloadsAndSigtermStops() throws Exception {
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, A);
    Process p = start(cfg.toString(), "--web.listen-address=127.0.0.1:0");
    try {
      Output out = new Output(p);
      String text = out.await(t -> t.contains("promsd: serving "), "start line");
      Matcher m = Pattern.compile("at (http://\\S+)").matcher(text);
      assertThat(m.find()).isTrue();
      URI base = URI.create(m.group(1));
      awaitBody(base, "/api/v1/scrape_pools", "[\"a\"]");

      Files.writeString(cfg, "scrape_configs: [oops\n");
      signal(p, "HUP");
      out.await(
          t -> t.contains("promsd: reload failed: couldn't load configuration"), "reload error");
      assertThat(get(base, "/metrics")).contains("prometheus_config_last_reload_successful 0");
      assertThat(get(base, "/api/v1/scrape_pools")).contains("[\"a\"]");

      Files.writeString(cfg, B);
      signal(p, "HUP");
      awaitBody(base, "/api/v1/scrape_pools", "[\"b\"]");
      assertThat(get(base, "/metrics")).contains("prometheus_config_last_reload_successful 1");

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the process ends").isTrue();
      assertThat(p.exitValue()).isEqualTo(128 + 15);
      assertThat(out.await(t -> true, "")).doesNotContain("Exception");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aConfigThatDoesNotLoadIsRefusedAtStart() throws Exception {
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "scrape_configs:\n  - job_name: a\n    scrape_interval: nope\n");
    Process p = start(cfg.toString(), "--web.listen-address=127.0.0.1:0");
    try {
      Output out = new Output(p);
      assertThat(p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(out.await(t -> t.contains("promsd: "), "the error"))
          .contains("not a valid duration string: \"nope\"");
    } finally {
      p.destroyForcibly();
    }
  }
}
