package io.promsd.sd.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.sd.DiscoveryManager;
import io.promsd.sd.ProviderHealth;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.testing.Snapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File SD through the real {@link DiscoveryManager} (update interval zero) on a temporary
 * directory: files appearing, vanishing, shrinking, editors' ways of saving, broken files, late
 * directories, sharing. Every wait is a deadline on a published version or a condition, never a
 * sleep; every assertion is on the final published state.
 */
class FileDiscoveryLiveTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private DiscoveryManager manager;

  @AfterEach
  void close() throws InterruptedException {
    if (manager != null) {
      manager.close();
    }
    assertNoPromsdThreads();
  }

  // ---- scenarios -------------------------------------------------------------------------------

  @Test
  void aNewFileMatchingTheGlobIsPickedUp() throws Exception {
    writeAtomically("sd/a.json", json("a:1"));
    start(job("a", "sd/*.json"));
    awaitTargets("a", "a:1");

    writeAtomically("sd/b.json", json("b:1", "b:2"));
    awaitTargets("a", "a:1", "b:1", "b:2");
    writeAtomically("sd/c.txt", "not a target file");
    writeAtomically("sd/d.json", json("d:1"));
    awaitTargets("a", "a:1", "b:1", "b:2", "d:1");
  }

  @Test
  void aDeletedFileLosesItsTargets() throws Exception {
    writeAtomically("sd/a.json", json("a:1"));
    writeAtomically("sd/b.yml", yaml("b:1"));
    start(job("a", "sd/*.json", "sd/*.yml"));
    awaitTargets("a", "a:1", "b:1");

    Files.delete(dir.resolve("sd/b.yml"));
    awaitTargets("a", "a:1");
    Files.delete(dir.resolve("sd/a.json"));
    awaitTargets("a");
    assertThat(manager.groups("a")).isEmpty();
  }

  @Test
  void aFileRewrittenWithFewerGroupsLosesTheVanishedOnes() throws Exception {
    writeAtomically(
        "sd/a.json",
        "[" + jsonGroup("a:1") + "," + jsonGroup("a:2") + "," + jsonGroup("a:3") + "]");
    start(job("a", "sd/a.json"));
    awaitTargets("a", "a:1", "a:2", "a:3");

    writeAtomically("sd/a.json", json("a:9"));
    TargetSet s = awaitTargets("a", "a:9");
    String file = dir.resolve("sd/a.json").toString();
    assertThat(s.job("a").orElseThrow().active())
        .extracting(t -> t.source())
        .containsExactly(file + ":0");
    assertThat(manager.groups("a")).extracting(g -> g.source()).containsExactly(file + ":0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yml"})
  void anEditorsRenameOverEndsInTheNewState(String ext) throws Exception {
    String name = "sd/a." + ext;
    writeAtomically(name, content(ext, "a:1"));
    start(job("a", "sd/*." + ext));
    awaitTargets("a", "a:1");

    for (int i = 2; i <= 5; i++) {
      // vim, many editors and config management: write a temporary file, rename it over.
      Path tmp = dir.resolve("sd/." + "a." + ext + ".swp");
      Files.writeString(tmp, content(ext, "a:" + i, "x:" + i));
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      awaitTargets("a", "a:" + i, "x:" + i);
    }
    assertThat(health().healthy()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yml"})
  void truncateThenWriteEndsInTheNewState(String ext) throws Exception {
    String name = "sd/a." + ext;
    writeAtomically(name, content(ext, "a:1"));
    start(job("a", "sd/*." + ext));
    awaitTargets("a", "a:1");

    for (int i = 2; i <= 5; i++) {
      // nano, echo > file: truncate in place, then write (here in two pieces, flushed apart).
      byte[] bytes = content(ext, "a:" + i, "x:" + i).getBytes(StandardCharsets.UTF_8);
      try (OutputStream out =
          Files.newOutputStream(
              dir.resolve(name), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        out.flush();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
      }
      awaitTargets("a", "a:" + i, "x:" + i);
    }
    // A read that caught the file half-written may have reported an error; the last read did not.
    awaitCondition(() -> health().healthy(), "healthy after the last complete read");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yml"})
  void aFileLeftTruncatedIsReadAsPrometheusReadsItThenRecovers(String ext) throws Exception {
    String name = "sd/a." + ext;
    writeAtomically(name, content(ext, "a:1"));
    start(job("a", "sd/*." + ext));
    TargetSet before = awaitTargets("a", "a:1");

    Files.write(dir.resolve(name), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
    if (ext.equals("yml")) {
      awaitTargets("a"); // an empty YAML file is a valid file with no groups
    } else {
      String file = dir.resolve(name).toString();
      awaitCondition(
          () ->
              !health().healthy()
                  && ("error reading file " + file + ":1: unexpected end of JSON input")
                      .equals(health().lastError()),
          "error in health");
      assertThat(manager.current().version()).isEqualTo(before.version());
      assertThat(active(manager.current(), "a")).containsExactly("a:1"); // kept
    }
    Files.writeString(dir.resolve(name), content(ext, "a:2"));
    awaitTargets("a", "a:2");
    awaitCondition(() -> health().healthy(), "recovered");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "yml"})
  void aBrokenFileKeepsItsLastGoodTargetsReportsWhereAndRecovers(String ext) throws Exception {
    String name = "sd/a." + ext;
    writeAtomically(name, content(ext, "a:1"));
    writeAtomically("sd/b." + ext, content(ext, "b:1"));
    start(job("a", "sd/*." + ext));
    TargetSet good = awaitTargets("a", "a:1", "b:1");

    String broken =
        ext.equals("json")
            ? "[{\"targets\": [\"a:2\"]},\n {\"targets\": [\"a:3\"], }]"
            : "- targets: ['a:2']\n- targets: [a:3\n";
    writeAtomically(name, broken);
    String file = dir.resolve(name).toString();
    String expected =
        ext.equals("json")
            ? "error reading file "
                + file
                + ":2: invalid character '}' looking for beginning of object key string"
            : "error reading file " + file + ":3: yaml: line 2: did not find expected ',' or ']'";
    awaitCondition(
        () -> !health().healthy() && expected.equals(health().lastError()), "error in health");
    // A change to the other file is still picked up, and the broken file's targets stay.
    writeAtomically("sd/b." + ext, content(ext, "b:2"));
    TargetSet s = awaitTargets("a", "a:1", "b:2");
    assertThat(s.version()).isGreaterThan(good.version());
    assertThat(health().healthy()).as("still broken").isFalse();

    writeAtomically(name, content(ext, "a:4"));
    awaitTargets("a", "a:4", "b:2");
    awaitCondition(() -> health().healthy(), "recovered");
    assertThat(health().lastError()).isEqualTo(expected);
  }

  @Test
  void aDirectoryThatAppearsLaterIsPickedUpByThePeriodicRefresh() throws Exception {
    writeAtomically("sd/a.json", json("a:1"));
    start(jobRefreshing("a", "200ms", "sd/a.json", "later/*.json"));
    awaitTargets("a", "a:1");

    writeAtomically("later/b.json", json("b:1")); // creates the directory
    awaitTargets("a", "a:1", "b:1");
    // Now watched: changes there are seen without waiting for the timer (the timer would also
    // find them; this asserts the final state only).
    writeAtomically("later/b.json", json("b:2"));
    awaitTargets("a", "a:1", "b:2");
  }

  @Test
  void twoJobsSharingOneFileSdConfigRunOneDiscoverer() throws Exception {
    writeAtomically("sd/a.json", json("a:1"));
    start(job("a", "sd/*.json") + job("b", "sd/*.json"));
    awaitState(s -> active(s, "a").equals(List.of("a:1")) && active(s, "b").equals(List.of("a:1")));

    writeAtomically("sd/a.json", json("a:2"));
    TargetSet s =
        awaitState(
            t -> active(t, "a").equals(List.of("a:2")) && active(t, "b").equals(List.of("a:2")));
    assertThat(s.job("b").orElseThrow().active().get(0).labels().get("job")).isEqualTo("b");
    List<ProviderHealth> health = manager.health();
    assertThat(health).hasSize(1);
    assertThat(health.get(0).name()).isEqualTo("file/0");
    assertThat(health.get(0).jobs()).containsExactly("a", "b");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void start(String scrapeConfigs) throws IOException {
    String yaml = "scrape_configs:\n" + scrapeConfigs;
    manager = DiscoveryManager.builder().updateInterval(Duration.ZERO).build();
    manager.apply(ConfigLoader.parse(yaml, dir.resolve("prometheus.yml"), Compat.PROMETHEUS_3));
  }

  private static String job(String name, String... files) {
    return jobRefreshing(name, "5m", files);
  }

  private static String jobRefreshing(String name, String refresh, String... files) {
    String list =
        java.util.Arrays.stream(files).map(f -> "'" + f + "'").collect(Collectors.joining(", "));
    return "  - job_name: "
        + name
        + "\n    file_sd_configs:\n      - files: ["
        + list
        + "]\n        refresh_interval: "
        + refresh
        + "\n";
  }

  /** A JSON file with one group holding these targets. */
  static String json(String... targets) {
    return "[" + jsonGroup(targets) + "]";
  }

  static String jsonGroup(String... targets) {
    return "{\"targets\": ["
        + java.util.Arrays.stream(targets)
            .map(t -> "\"" + t + "\"")
            .collect(Collectors.joining(","))
        + "], \"labels\": {\"env\": \"test\"}}";
  }

  static String yaml(String... targets) {
    return "- targets: [" + String.join(", ", targets) + "]\n  labels: {env: test}\n";
  }

  static String content(String ext, String... targets) {
    return ext.equals("json") ? json(targets) : yaml(targets);
  }

  /** Writes a file the safe way (temporary file, atomic rename), creating its directory. */
  private void writeAtomically(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Path tmp = dir.resolve(".tmp-" + p.getFileName());
    Files.writeString(tmp, text);
    Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aFileReplacedByADirectoryIsReportedNotDroppedSilently() throws Exception {
    // issue 17 item 10: Go's Glob matches the directory and reading it fails, so the error names
    // the file and the reason (Prometheus: "read X: is a directory").
    writeAtomically("sd/a.json", json("a:1"));
    writeAtomically("sd/b.json", json("b:1"));
    start(job("a", "sd/*.json"));
    awaitTargets("a", "a:1", "b:1");

    Files.delete(dir.resolve("sd/a.json"));
    Files.createDirectory(dir.resolve("sd/a.json"));
    String file = dir.resolve("sd/a.json").toString();
    String expected = "error reading file " + file + ": read " + file + ": is a directory";
    awaitCondition(
        () -> !health().healthy() && expected.equals(health().lastError()), "error in health");
    // a:1 stays when one refresh saw the directory at once (stale kept, as Prometheus keeps it),
    // and is gone when one saw the file missing first; either way the other file still works.
    writeAtomically("sd/b.json", json("b:2"));
    awaitState(s -> active(s, "a").contains("b:2") && !active(s, "a").contains("b:1"));
    assertThat(health().healthy()).as("still broken").isFalse();
  }

  private ProviderHealth health() {
    List<ProviderHealth> h = manager.health();
    assertThat(h).hasSize(1);
    return h.get(0);
  }

  private static List<String> active(TargetSet s, String job) {
    return Snapshots.active(s, job, "__address__");
  }

  /** Waits until the job's active targets are exactly these. */
  private TargetSet awaitTargets(String job, String... addresses) throws InterruptedException {
    List<String> want = java.util.Arrays.stream(addresses).sorted().toList();
    return awaitState(s -> active(s, job).equals(want));
  }

  /** Waits, with a deadline on published versions, until the state satisfies {@code p}. */
  private TargetSet awaitState(Predicate<TargetSet> p) throws InterruptedException {
    return Snapshots.await(manager, p, WAIT);
  }

  private static String describe(TargetSet s) {
    return "v"
        + s.version()
        + " "
        + s.jobs().keySet().stream().map(j -> j + "=" + active(s, j)).toList();
  }

  static void awaitCondition(BooleanSupplier c, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Object lock = new Object();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s not reached in time", what).isLessThan(deadline);
      synchronized (lock) {
        lock.wait(5); // re-check; the deadline bounds the wait
      }
    }
  }

  static void assertNoPromsdThreads() throws InterruptedException {
    awaitCondition(() -> promsdThreads().isEmpty(), "no promsd thread");
  }

  private static Set<String> promsdThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("promsd-"))
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
