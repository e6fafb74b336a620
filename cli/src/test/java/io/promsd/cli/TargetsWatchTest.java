package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.internal.config.Documents;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promsd targets CONFIG --watch}, run in-process on a background thread over a file SD
 * config: the initial state, the change lines, JSON documents per update, and a clean end both by
 * interruption and (in a child JVM) by a termination signal, as Ctrl-C ends it.
 */
class TargetsWatchTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final java.util.regex.Pattern VERSION =
      java.util.regex.Pattern.compile("^\\{\"version\": (\\d+),");

  @TempDir Path dir;
  private Thread watch;
  private final AtomicInteger exit = new AtomicInteger(-1);
  private final Sink out = new Sink();
  private final Sink err = new Sink();

  @AfterEach
  void stop() throws InterruptedException {
    if (watch != null && watch.isAlive()) {
      watch.interrupt();
      watch.join(WAIT.toMillis());
    }
  }

  @Test
  void printsTheTargetsThenEachChangeAndEndsWhenInterrupted() throws Exception {
    Path cfg = config();
    write("sd/a.json", "[{\"targets\": [\"a:1\"], \"labels\": {\"env\": \"prod\"}}]");
    start("targets", cfg.toString(), "--watch");

    out.await(t -> t.endsWith("\n\n"), "the initial table (a job ends with a blank line)");
    assertThat(out.text())
        .isEqualTo(
            "job \"web\": 1 active, 0 dropped, 0 failed\n"
                + "  ACTIVE   http://a:1/metrics\n"
                + "           {env=\"prod\", instance=\"a:1\", job=\"web\"}\n"
                + "\n");

    String file = dir.resolve("sd/a.json").toString();
    write("sd/a.json", "[{\"targets\": [\"a:1\", \"b:1\"], \"labels\": {\"env\": \"prod\"}}]");
    String added =
        "  + web  "
            + file
            + ":0[1]  http://b:1/metrics  {env=\"prod\", instance=\"b:1\", job=\"web\"}\n";
    out.await(t -> t.contains(added), "the added target");
    assertThat(out.text())
        .containsPattern("\nupdate \\d+ \\(\\d+ ms after the last discovery update\\)\n");

    write("sd/a.json", "[{\"targets\": [\"a:1\"], \"labels\": {\"env\": \"dev\"}}]");
    out.await(t -> t.contains("  - web  " + file + ":0[1]\n"), "the removed target");
    assertThat(out.text())
        .contains(
            "  ~ web  "
                + file
                + ":0[0]  http://a:1/metrics  {env=\"dev\", instance=\"a:1\", job=\"web\"}\n");

    watch.interrupt();
    watch.join(WAIT.toMillis());
    assertThat(watch.isAlive()).as("interrupting ends the watch").isFalse();
    assertThat(exit.get()).isEqualTo(Main.OK);
    assertThat(err.text()).isEmpty();
    assertNoPromsdThreads();
  }

  @Test
  void jsonWritesOneDocumentPerLineForEachUpdateShapedAsTargetsJson() throws Exception {
    Path cfg = config();
    write("sd/a.json", "[{\"targets\": [\"a:1\"]}]");
    start("targets", cfg.toString(), "--watch", "--output", "json");
    out.await(t -> lines(t).size() == 1, "the first document");

    write("sd/a.json", "[{\"targets\": [\"a:1\", \"b:1\"]}]");
    out.await(t -> lines(t).size() >= 2 && t.contains("b:1"), "a second document");
    write("sd/a.json", "[{\"targets\": [\"c:1\"]}]");
    out.await(t -> lines(t).get(lines(t).size() - 1).contains("\"c:1\""), "the last document");

    List<String> docs = lines(out.text());
    long previous = 0;
    for (String doc : docs) {
      Documents.parseJson(doc, "line"); // each line is one whole document
      java.util.regex.Matcher v = VERSION.matcher(doc);
      assertThat(v.find()).as("starts with its version: %s", doc).isTrue();
      assertThat(Long.parseLong(v.group(1))).isGreaterThan(previous);
      previous = Long.parseLong(v.group(1));
    }
    String last = docs.get(docs.size() - 1);
    assertThat(last).contains("\"instance\": \"c:1\"").doesNotContain("b:1");

    // The same shape and content, but for the version and the layout, as `targets -o json`.
    StringWriter once = new StringWriter();
    int code =
        Main.run(
            new String[] {"targets", cfg.toString(), "--output", "json"},
            new PrintWriter(once),
            new PrintWriter(new StringWriter()));
    assertThat(code).isEqualTo(Main.OK);
    assertThat(once.toString().lines().count()).isGreaterThan(1); // indented, unlike the watch
    assertThat(withoutVersion(compact(last))).isEqualTo(withoutVersion(compact(once.toString())));

    watch.interrupt();
    watch.join(WAIT.toMillis());
    assertThat(exit.get()).isEqualTo(Main.OK);
  }

  @Test
  void aBrokenFileIsReportedOnStderrAndTheWatchGoesOn() throws Exception {
    Path cfg = config();
    write("sd/a.json", "[{\"targets\": [\"a:1\"],}]");
    start("targets", cfg.toString(), "--watch");
    out.await(t -> t.contains("job \"web\": 0 active"), "the (empty) initial state");
    err.await(t -> t.contains("error reading file "), "the error");
    assertThat(err.text())
        .contains(
            "promsd: job \"web\": file/0 failed: error reading file "
                + dir.resolve("sd/a.json")
                + ":1: invalid character '}' looking for beginning of object key string");

    write("sd/a.json", "[{\"targets\": [\"a:1\"]}]");
    out.await(t -> t.contains("  + web  "), "the repaired file's target");
  }

  @Test
  void aTerminationSignalEndsAWatchingProcessCleanly() throws Exception {
    Path cfg = config();
    write("sd/a.json", "[{\"targets\": [\"a:1\"]}]");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                javaBin.toString(),
                "-XX:TieredStopAtLevel=1", // a short-lived child: start fast
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                classpath,
                Main.class.getName(),
                "targets",
                cfg.toString(),
                "--watch")
            .redirectErrorStream(true)
            .start();
    try {
      Sink child = new Sink();
      Thread pump = pump(p.getInputStream(), child);
      child.await(t -> t.contains("ACTIVE   http://a:1/metrics"), "the child's initial output");
      p.destroy(); // SIGTERM: the same shutdown path as Ctrl-C's SIGINT
      assertThat(p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the process ends").isTrue();
      pump.join(WAIT.toMillis());
      assertThat(p.exitValue()).isEqualTo(128 + 15);
      assertThat(child.text()).doesNotContain("Exception").doesNotContain("promsd: ");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aTerminationSignalEndsAWatchStillWaitingForItsFirstState() throws Exception {
    // issue 17 item 9: with a back end that never answers, SIGTERM took 10 s (the shutdown hook
    // waited for a watch that was still in its wait for the first state).
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      silent.setSoTimeout((int) WAIT.toMillis());
      Path cfg = dir.resolve("silent.yml");
      Files.writeString(
          cfg,
          "scrape_configs:\n  - job_name: c\n    consul_sd_configs: [{server: \"127.0.0.1:"
              + silent.getLocalPort()
              + "\"}]\n");
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p =
          new ProcessBuilder(
                  javaBin.toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Xshare:auto",
                  "-cp",
                  classpath,
                  Main.class.getName(),
                  "targets",
                  cfg.toString(),
                  "--watch",
                  "--timeout=5m")
              .redirectErrorStream(true)
              .start();
      try {
        Sink child = new Sink();
        Thread pump = pump(p.getInputStream(), child);
        try (java.net.Socket asked = silent.accept()) { // the child is waiting for its answer
          assertThat(asked.isConnected()).isTrue();
          p.destroy();
          assertThat(p.waitFor(8, TimeUnit.SECONDS)).as("ended within 8 s of SIGTERM").isTrue();
        }
        pump.join(WAIT.toMillis());
        assertThat(p.exitValue()).isEqualTo(128 + 15);
        assertThat(child.text()).doesNotContain("Exception");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void theLaunchersThreadDumpGoesToStderr() throws Exception {
    // issue 17 item 11: `kill -QUIT` on `promsd targets --watch -o json` must not break stdout.
    String launcher = Files.readString(E2eConformanceTest.testdata().resolveSibling("promsd"));
    String exec =
        launcher.lines().filter(l -> l.startsWith("exec \"$java_bin\"")).findFirst().orElseThrow();
    assertThat(exec).contains("-XX:+DisplayVMOutputToStderr");
    Path cfg = config();
    write("sd/a.json", "[{\"targets\": [\"a:1\"]}]");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                javaBin.toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+DisplayVMOutputToStderr",
                "-cp",
                classpath,
                Main.class.getName(),
                "targets",
                cfg.toString(),
                "--watch",
                "-o",
                "json")
            .start();
    try {
      Sink childOut = new Sink();
      Sink childErr = new Sink();
      Thread pumpOut = pump(p.getInputStream(), childOut);
      Thread pumpErr = pump(p.getErrorStream(), childErr);
      childOut.await(t -> t.contains("a:1"), "the child's first document");
      Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).start();
      assertThat(kill.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      childErr.await(t -> t.contains("Full thread dump"), "the thread dump on stderr");
      assertThat(childOut.text()).doesNotContain("Full thread dump");
      p.destroy();
      assertThat(p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      pumpOut.join(WAIT.toMillis());
      pumpErr.join(WAIT.toMillis());
    } finally {
      p.destroyForcibly();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  @Test
  void aClosedStdoutEndsTheWatch() throws Exception {
    // `promsd targets --watch -o json | head -1`: the first write after head exits fails (EPIPE).
    Path cfg = config();
    write("sd/a.json", "[{\"targets\": [\"a:1\"]}]");
    Writer closed =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void flush() throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void close() {}
        };
    String[] args = {"targets", cfg.toString(), "--watch", "-o", "json"};
    watch =
        new Thread(
            () -> exit.set(Main.run(args, new PrintWriter(closed), new PrintWriter(err))),
            "test-watch");
    watch.start();
    watch.join(WAIT.toMillis());
    assertThat(watch.isAlive()).as("the watch ended by itself").isFalse();
    assertThat(exit.get()).isEqualTo(Main.FAILED);
    assertThat(err.text()).contains("standard output is closed");
  }

  private Path config() throws IOException {
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(
        cfg,
        """
        scrape_configs:
          - job_name: web
            file_sd_configs:
              - files: ['sd/*.json']
        """);
    return cfg;
  }

  private void write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Path tmp = p.resolveSibling(".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void start(String... args) {
    watch =
        new Thread(
            () -> exit.set(Main.run(args, new PrintWriter(out), new PrintWriter(err))),
            "test-watch");
    watch.start();
  }

  /** The JSON text without whitespace outside strings. */
  private static String compact(String json) {
    StringBuilder sb = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        sb.append(c);
        if (c == '\\') {
          sb.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        sb.append(c);
      } else if (!Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String withoutVersion(String compactJson) {
    return compactJson.replaceFirst("^\\{\"version\":\\d+,", "{");
  }

  /** The complete (newline-terminated) lines written so far. */
  private static List<String> lines(String text) {
    return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
  }

  private static Thread pump(InputStream in, Sink sink) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[4096];
              try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                  sink.write(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "test-pump");
    t.start();
    return t;
  }

  private static void assertNoPromsdThreads() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<String> alive;
    Object lock = new Object();
    do {
      alive =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.isAlive() && t.getName().startsWith("promsd-"))
              .map(Thread::getName)
              .collect(Collectors.toList());
      if (alive.isEmpty()) {
        return;
      }
      synchronized (lock) {
        lock.wait(5);
      }
    } while (System.nanoTime() < deadline);
    assertThat(alive).as("promsd threads after the watch ended").isEmpty();
  }

  /** A thread-safe text sink that lets the test wait for what it expects, with a deadline. */
  static final class Sink extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
      text.append(cbuf, off, len);
      notifyAll();
    }

    @Override
    public synchronized void write(String s) {
      text.append(s);
      notifyAll();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    synchronized String text() {
      return text.toString();
    }

    synchronized void await(Predicate<String> p, String what) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!p.test(text.toString())) {
        long left = deadline - System.nanoTime();
        assertThat(left).as("%s did not come; output so far:%n%s", what, text).isPositive();
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
