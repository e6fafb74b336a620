package io.promsd.sd;

import static io.promsd.sd.FakeDiscovery.config;
import static io.promsd.sd.FakeDiscovery.group;
import static io.promsd.sd.FakeDiscovery.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.RelabelAction;
import io.promsd.relabel.RelabelConfig;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.Snapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The manager's contract: sharing, reloads, coalescing that never loses the last state, guarded
 * listeners, and threads that all end in close(). Waits use deadlines on versions, never sleeps.
 */
class DiscoveryManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final FakeDiscovery fake = new FakeDiscovery();
  private final List<DiscoveryManager> managers = new ArrayList<>();

  private DiscoveryManager manager(Duration interval) {
    DiscoveryManager m = DiscoveryManager.builder().updateInterval(interval).build();
    managers.add(m);
    return m;
  }

  @AfterEach
  void closeAndCheckThreads() throws InterruptedException {
    for (DiscoveryManager m : managers) {
      m.close();
    }
    assertNoPromsdThreads();
  }

  /** Every promsd thread ends (joined with a deadline; a loaded machine may need a moment). */
  static void assertNoPromsdThreads() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("promsd-")) {
        long left = deadline - System.nanoTime();
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    Set<String> alive =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("promsd-"))
            .map(Thread::getName)
            .collect(Collectors.toSet());
    assertThat(alive).as("promsd threads still alive after close()").isEmpty();
  }

  /** Waits until the published state satisfies a condition. */
  private static TargetSet awaitState(DiscoveryManager m, java.util.function.Predicate<TargetSet> p)
      throws InterruptedException {
    return Snapshots.await(m, p, WAIT);
  }

  private static List<String> active(TargetSet s, String job) {
    return Snapshots.active(s, job, "__address__");
  }

  @Test
  void publishesRelabeledTargetsAndEmptyGroupRemovesThem() throws Exception {
    RelabelConfig keepProd =
        RelabelConfig.builder()
            .sourceLabels("__address__")
            .regex("10\\.0\\.0\\.1:80")
            .action(RelabelAction.DROP)
            .build();
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of(keepProd))));
    DiscoveryContext ctx = fake.await("x");
    ctx.update(List.of(group("g1", "10.0.0.1:80", "10.0.0.2:80"), group("g2", "10.0.0.3:80")));
    TargetSet s = awaitState(m, t -> active(t, "a").size() == 2);
    assertThat(active(s, "a")).containsExactly("10.0.0.2:80", "10.0.0.3:80");
    assertThat(s.job("a").orElseThrow().dropped()).hasSize(1);
    assertThat(s.job("a").orElseThrow().dropped().get(0).droppedBy()).isZero();

    ctx.update(List.of(TargetGroup.empty("g1")));
    s = awaitState(m, t -> active(t, "a").size() == 1);
    assertThat(active(s, "a")).containsExactly("10.0.0.3:80");
    assertThat(s.job("a").orElseThrow().dropped()).isEmpty();
  }

  @Test
  void identicalConfigsInTwoJobsRunOnce() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(
        config(
            job("a", List.of(fake.sd("x")), List.of()),
            job("b", List.of(fake.sd("x")), List.of())));
    fake.await("x").update(List.of(group("g", "h:1")));
    TargetSet s = awaitState(m, t -> active(t, "a").size() == 1 && active(t, "b").size() == 1);
    assertThat(s.jobs()).containsOnlyKeys("a", "b");
    assertThat(fake.starts("x")).isEqualTo(1);
    assertThat(m.health()).hasSize(1);
    assertThat(m.health().get(0).jobs()).containsExactly("a", "b");
  }

  @Test
  void reloadKeepsUnchangedProvidersStopsRemovedStartsNew() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x"), fake.sd("y")), List.of())));
    fake.await("x").update(List.of(group("gx", "x:1")));
    fake.await("y").update(List.of(group("gy", "y:1")));
    awaitState(m, t -> active(t, "a").size() == 2);

    m.apply(config(job("a", List.of(fake.sd("x"), fake.sd("z")), List.of())));
    fake.await("z").update(List.of(group("gz", "z:1")));
    TargetSet s = awaitState(m, t -> active(t, "a").equals(List.of("x:1", "z:1")));
    assertThat(active(s, "a")).containsExactly("x:1", "z:1");
    assertThat(fake.starts("x")).as("x kept running").isEqualTo(1);
    assertThat(fake.stops("x")).isZero();
    awaitCondition(() -> fake.stops("y") == 1);
  }

  @Test
  void aJobAddedOnReloadGetsTheRunningProvidersGroupsAtOnce() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    fake.await("x").update(List.of(group("g", "h:1")));
    awaitState(m, t -> active(t, "a").size() == 1);
    m.apply(
        config(
            job("a", List.of(fake.sd("x")), List.of()),
            job("b", List.of(fake.sd("x")), List.of())));
    TargetSet s = awaitState(m, t -> active(t, "b").size() == 1);
    assertThat(active(s, "b")).containsExactly("h:1");
    assertThat(fake.starts("x")).isEqualTo(1);
  }

  @Test
  void coalescesBurstsButAlwaysPublishesTheLastState() throws Exception {
    DiscoveryManager m = manager(Duration.ofMillis(200));
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    long before = m.current().version();
    for (int i = 0; i < 10_000; i++) {
      ctx.update(List.of(group("g" + (i % 50), "h" + i + ":1")));
    }
    TargetSet s =
        awaitState(m, t -> active(t, "a").contains("h9999:1") && active(t, "a").size() == 50);
    assertThat(s.version() - before).as("coalesced into few snapshots").isLessThan(200);
    for (int g = 0; g < 50; g++) {
      int last = 10_000 - 50 + g;
      assertThat(active(s, "a")).contains("h" + last + ":1");
    }
  }

  @RepeatedTest(5)
  void tenThousandUpdatesInABurstLoseNothing() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    for (int i = 0; i < 10_000; i++) {
      ctx.update(List.of(group("g" + i, "h" + i + ":1")));
    }
    for (int i = 0; i < 10_000; i += 2) {
      ctx.update(List.of(TargetGroup.empty("g" + i)));
    }
    TargetSet s = awaitState(m, t -> active(t, "a").size() == 5_000);
    assertThat(active(s, "a")).doesNotContain("h0:1").contains("h1:1", "h9999:1");
  }

  @Test
  void aThrowingListenerKeepsItsSubscriptionAndOthersStillRun() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    List<Long> seen = new CopyOnWriteArrayList<>();
    List<Long> throwerCalls = new CopyOnWriteArrayList<>();
    m.subscribe(
        s -> {
          throwerCalls.add(s.version());
          throw new IllegalStateException("listener bug");
        });
    m.subscribe(s -> seen.add(s.version()));
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    ctx.update(List.of(group("g", "h:1")));
    TargetSet first = awaitState(m, t -> active(t, "a").size() == 1);
    awaitCondition(() -> throwerCalls.contains(first.version()));
    // The thrower threw, and is still called for the next snapshot.
    ctx.update(List.of(group("g", "h:2")));
    TargetSet second = awaitState(m, t -> active(t, "a").equals(List.of("h:2")));
    awaitCondition(() -> throwerCalls.contains(second.version()));
    awaitCondition(() -> seen.contains(second.version()));
    assertThat(seen).isSorted();
    assertThat(throwerCalls).isSorted();
  }

  @Test
  void aSlowListenerDelaysOnlyItselfAndGetsTheNewestSnapshot() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> slow = new CopyOnWriteArrayList<>();
    List<Long> fast = new CopyOnWriteArrayList<>();
    m.subscribe(
        s -> {
          slow.add(s.version());
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    m.subscribe(s -> fast.add(s.version()));
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    for (int i = 0; i < 20; i++) {
      String addr = "h" + i + ":1";
      ctx.update(List.of(group("g", addr)));
      awaitState(m, t -> active(t, "a").equals(List.of(addr)));
    }
    TargetSet last = awaitState(m, t -> active(t, "a").equals(List.of("h19:1")));
    awaitCondition(() -> !fast.isEmpty() && fast.get(fast.size() - 1) == last.version());
    awaitCondition(() -> !slow.isEmpty());
    assertThat(slow).hasSize(1); // still stuck in its first call
    release.countDown();
    awaitCondition(() -> slow.get(slow.size() - 1) == last.version());
    // Its first call got whatever was newest when its thread ran; the next one the newest again.
    assertThat(slow)
        .as("skipped the intermediate snapshots")
        .hasSizeLessThanOrEqualTo(2)
        .doesNotHaveDuplicates()
        .isSorted()
        .endsWith(last.version());
  }

  @Test
  void aFailingDiscovererIsRestartedAndOthersKeepWorking() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(
        config(
            job("a", List.of(new FakeDiscovery.FlakySd("f", 1, fake)), List.of()),
            job("b", List.of(fake.sd("x")), List.of())));
    fake.await("x").update(List.of(group("g", "x:1")));
    TargetSet s = awaitState(m, t -> active(t, "b").size() == 1 && active(t, "a").size() == 1);
    assertThat(active(s, "a")).containsExactly("10.0.0.9:80");
    assertThat(fake.starts("f")).isEqualTo(2);
  }

  @Test
  void reloadWhileUpdatesStreamIn() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < 2_000; i++) {
                ctx.update(List.of(group("g" + (i % 10), "h" + i + ":1")));
              }
            },
            "test-writer");
    writer.start();
    for (int i = 0; i < 20; i++) {
      String extra = "job" + i;
      m.apply(
          config(
              job("a", List.of(fake.sd("x")), List.of()),
              job(extra, List.of(fake.sd("x")), List.of())));
    }
    writer.join();
    TargetSet s =
        awaitState(
            m,
            t ->
                active(t, "a").size() == 10
                    && active(t, "a").contains("h1999:1")
                    && active(t, "job19").size() == 10);
    assertThat(active(s, "job19")).isEqualTo(active(s, "a"));
    assertThat(fake.starts("x")).isEqualTo(1);
  }

  @Test
  void closeIsIdempotentAndStopsEveryThread() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.subscribe(s -> {});
    m.apply(config(job("a", List.of(fake.sd("x"), fake.sd("y")), List.of())));
    fake.await("x");
    fake.await("y");
    m.close();
    m.close();
    assertNoPromsdThreads();
    assertThat(fake.stops("x")).isEqualTo(1);
  }

  @Test
  void awaitReadyWaitsForEveryDiscovererOfTheJob() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x"), fake.sd("y")), List.of())));
    fake.await("x").update(List.of(group("gx", "x:1")));
    assertThat(m.awaitReady(List.of("a"), Duration.ofMillis(50))).isEmpty();
    assertThat(m.current().job("a").orElseThrow().ready()).isFalse();
    fake.await("y").update(List.of());
    TargetSet s = m.awaitReady(List.of("a"), WAIT).orElseThrow();
    assertThat(s.job("a").orElseThrow().ready()).isTrue();
    assertThat(active(s, "a")).containsExactly("x:1");
  }

  @Test
  void aJobIsNotReadyUntilEveryDiscovererDelivered() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x"), fake.sd("y")), List.of())));
    // apply returns before the snapshot that holds the new job is published
    TargetSet applied = awaitState(m, t -> t.job("a").isPresent());
    JobTargets first = applied.job("a").orElseThrow();
    assertThat(first.ready()).as("present but not known yet").isFalse();
    assertThat(first.settings().jobName()).isEqualTo("a");
    assertThat(applied.ready()).isFalse();
    fake.await("x").update(List.of(group("gx", "x:1")));
    TargetSet s = awaitState(m, t -> active(t, "a").size() == 1);
    assertThat(s.job("a").orElseThrow().ready()).isFalse();
    fake.await("y").update(List.of());
    s = awaitState(m, TargetSet::ready);
    assertThat(s.job("a").orElseThrow().ready()).isTrue();
    assertThat(s.job("nope")).isEmpty();
  }

  @Test
  void awaitReadyRejectsAJobThatIsNotInTheConfigAtOnce() {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> m.awaitReady(List.of("a", "nope"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope"));
  }

  @Test
  void aClosedSubscriptionIsNotCalledAgainAndClosesTwiceQuietly() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    List<Long> closed = new CopyOnWriteArrayList<>();
    List<Long> open = new CopyOnWriteArrayList<>();
    Subscription sub = m.subscribe(s -> closed.add(s.version()));
    m.subscribe(s -> open.add(s.version()));
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    ctx.update(List.of(group("g", "h:1")));
    TargetSet one = awaitState(m, t -> active(t, "a").size() == 1);
    awaitCondition(() -> closed.contains(one.version()));
    sub.close();
    sub.close();
    ctx.update(List.of(group("g", "h:2")));
    TargetSet two = awaitState(m, t -> active(t, "a").equals(List.of("h:2")));
    awaitCondition(() -> open.contains(two.version()));
    assertThat(closed).doesNotContain(two.version());
  }

  @Test
  void theEmbeddedBuilderPublishesEachChangeAtOnce() throws Exception {
    DiscoveryManager m = DiscoveryManager.embeddedBuilder().build();
    managers.add(m);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    // builder()'s 5 s interval would hold each of these back for seconds after the apply
    for (int i = 0; i < 3; i++) {
      String addr = "h" + i + ":1";
      ctx.update(List.of(group("g", addr)));
      Snapshots.await(m, t -> active(t, "a").equals(List.of(addr)), Duration.ofSeconds(3));
    }
  }

  @RepeatedTest(20)
  void closeWhileUpdatesStreamInStopsEveryThread() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.subscribe(s -> {});
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    CountDownLatch streaming = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; !ctx.isCancelled(); i++) {
                ctx.update(List.of(group("g" + (i % 10), "h" + i + ":1")));
                streaming.countDown();
              }
            },
            "test-writer");
    writer.start();
    assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
    m.close();
    writer.join(WAIT.toMillis());
    assertThat(writer.isAlive()).as("the discoverer's context was cancelled").isFalse();
    assertNoPromsdThreads();
    assertThat(fake.stops("x")).isEqualTo(1);
  }

  @RepeatedTest(20)
  void applyRacingCloseEitherAppliesOrSaysClosedAndNeverHangs() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    Thread closer = new Thread(m::close, "test-closer");
    closer.start();
    try {
      m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    } catch (IllegalStateException e) {
      assertThat(e).hasMessage("manager is closed");
    }
    closer.join(WAIT.toMillis());
    assertThat(closer.isAlive()).isFalse();
    assertNoPromsdThreads();
    assertThat(fake.starts("x")).isEqualTo(fake.stops("x"));
  }

  @Test
  void nullGroupsInAnUpdateAreIgnored() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    List<TargetGroup> withNull = new ArrayList<>();
    withNull.add(null);
    withNull.add(group("g", "h:1"));
    fake.await("x").update(withNull);
    TargetSet s = awaitState(m, t -> active(t, "a").size() == 1);
    assertThat(active(s, "a")).containsExactly("h:1");
  }

  @Test
  void aFaultStaysInHealthUntilACleanUpdate() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    ctx.update(List.of(group("g", "h:1")));
    awaitState(m, t -> active(t, "a").size() == 1);
    assertThat(m.health().get(0).healthy()).isTrue();

    // What could still be read, with the faults: whoever sees the groups sees the faults.
    ctx.update(List.of(group("g2", "h:2")), List.of("b.json:3: bad", "c.json:1: worse"));
    awaitState(m, t -> active(t, "a").size() == 2);
    ProviderHealth h = m.health().get(0);
    assertThat(h.healthy()).isFalse();
    assertThat(h.lastError()).isEqualTo("b.json:3: bad; c.json:1: worse");
    assertThat(h.targets()).isEqualTo(2);

    // A fault and nothing else, then a recovery.
    ctx.update(List.of(group("g2", "h:3")));
    awaitState(m, t -> active(t, "a").contains("h:3"));
    assertThat(m.health().get(0).healthy()).isTrue();
    ctx.reportError("connection refused", null);
    assertThat(m.health().get(0).healthy()).isFalse();

    ctx.update(List.of(group("g2", "h:4")));
    awaitState(m, t -> active(t, "a").contains("h:4"));
    h = m.health().get(0);
    assertThat(h.healthy()).isTrue();
    assertThat(h.lastError()).as("kept for the record").isEqualTo("connection refused");
  }

  /** A group of {@code n} labels {@code l0..l(n-1)} and one target. */
  private static TargetGroup groupWithLabels(String source, int n, String address) {
    java.util.Map<String, String> labels = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      labels.put("l" + i, "v");
    }
    return new TargetGroup(
        source,
        io.promsd.relabel.Labels.of(labels),
        List.of(io.promsd.relabel.Labels.of("__address__", address)));
  }

  @Test
  void aGroupPastTheBoundsIsAFaultOfItsDiscovererAndItsLastGoodStateStays() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    DiscoveryContext ctx = fake.await("x");
    ctx.update(List.of(group("g", "h:1")));
    awaitState(m, t -> active(t, "a").contains("h:1"));

    // 10,001 labels: rejected, the rest of the update applied, g keeps its last good state
    ctx.update(List.of(groupWithLabels("g", 10_001, "h:9"), group("m1", "h:2")));
    TargetSet s = awaitState(m, t -> active(t, "a").contains("h:2"));
    assertThat(active(s, "a")).containsExactlyInAnyOrder("h:1", "h:2");
    ProviderHealth h = m.health().get(0);
    assertThat(h.healthy()).isFalse();
    assertThat(h.lastError())
        .isEqualTo("target group \"g\" has 10001 labels, more than the 10000 promsd accepts");

    // a 2 Mi-character value, in the group's labels and in a target's
    String big = "x".repeat(2 << 20);
    TargetGroup bigGroupLabel =
        new TargetGroup(
            "g",
            io.promsd.relabel.Labels.of("team", big),
            List.of(io.promsd.relabel.Labels.of("__address__", "h:9")));
    ctx.update(List.of(bigGroupLabel, group("m2", "h:3")));
    s = awaitState(m, t -> active(t, "a").contains("h:3"));
    assertThat(active(s, "a")).contains("h:1").doesNotContain("h:9");
    assertThat(m.health().get(0).lastError())
        .isEqualTo(
            "target group \"g\": label \"team\" is 2097152 characters long,"
                + " more than the 1048576 promsd accepts");
    TargetGroup bigTargetLabel =
        new TargetGroup(
            "g",
            io.promsd.relabel.Labels.empty(),
            List.of(
                io.promsd.relabel.Labels.of("__address__", "h:8"),
                io.promsd.relabel.Labels.of("__address__", big)));
    ctx.update(List.of(bigTargetLabel, group("m3", "h:4")));
    s = awaitState(m, t -> active(t, "a").contains("h:4"));
    assertThat(active(s, "a")).contains("h:1").doesNotContain("h:8");
    assertThat(m.health().get(0).lastError())
        .isEqualTo(
            "target group \"g\", target 1: label \"__address__\" is 2097152 characters long,"
                + " more than the 1048576 promsd accepts");
    assertThat(m.health().get(0).healthy()).isFalse();

    // at the bounds exactly: accepted, and the discoverer is healthy again
    ctx.update(
        List.of(groupWithLabels("g", 10_000, "h:10"), group("m4", "h:5", "x".repeat(1 << 20))));
    s = awaitState(m, t -> active(t, "a").contains("h:10"));
    assertThat(active(s, "a")).doesNotContain("h:1");
    assertThat(m.health().get(0).healthy()).isTrue();
  }

  @Test
  void aFirstUpdateOfOnlyAnOversizedGroupSettlesTheDiscovererAsFailed() throws Exception {
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    fake.await("x").update(List.of(groupWithLabels("g", 10_001, "h:9")));
    assertThat(m.awaitSettled(Set.of("a"), WAIT)).isPresent();
    ProviderHealth h = m.health().get(0);
    assertThat(h.initialized()).isTrue();
    assertThat(h.healthy()).isFalse();
    assertThat(h.lastError()).contains("has 10001 labels, more than the 10000 promsd accepts");
    assertThat(h.targets()).isZero();
  }

  @Test
  void aConfigThatCannotCreateItsDiscovererIsCountedShownAndRetriedOnReload() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    DiscoveryManager m =
        DiscoveryManager.builder().updateInterval(Duration.ZERO).metrics(metrics).build();
    managers.add(m);
    m.apply(config(job("a", List.of(new FakeDiscovery.BrokenSd("b"), fake.sd("x")), List.of())));
    fake.await("x").update(List.of(group("g", "x:1")));
    TargetSet s =
        m.awaitReady(List.of("a"), WAIT)
            .orElseThrow(
                () -> new AssertionError("nobody waits for a discoverer that does not exist"));
    assertThat(active(s, "a")).containsExactly("x:1");
    assertThat(metrics.failedConfigs).containsExactly(1);
    ProviderHealth broken = m.health().get(0);
    assertThat(broken.name()).isEqualTo("broken/0");
    assertThat(broken.healthy()).isFalse();
    assertThat(broken.lastError()).isEqualTo("cannot create service discovery: no such thing b");

    m.apply(config(job("a", List.of(new FakeDiscovery.BrokenSd("b"), fake.sd("x")), List.of())));
    assertThat(metrics.failedConfigs).containsExactly(1, 1);
    assertThat(m.health().get(0).name()).as("retried as a new provider").isEqualTo("broken/1");
    assertThat(fake.starts("x")).isEqualTo(1);
  }

  @Test
  void aPollingDiscovererWhoseFirstRefreshFailsIsReadyButUnhealthyUntilOneSucceeds()
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    CountDownLatch mayRecover = new CountDownLatch(1);
    io.promsd.sd.spi.RefreshDiscoverer.Refresher refresher =
        () -> {
          if (calls.incrementAndGet() == 1 || mayRecover.getCount() > 0) {
            throw new java.io.IOException("connection refused");
          }
          return List.of(group("g", "p:1"));
        };
    DiscoveryManager m = manager(Duration.ZERO);
    m.apply(config(job("a", List.of(new FakeDiscovery.PollingSd("p", refresher)), List.of())));
    TargetSet s =
        m.awaitReady(List.of("a"), WAIT)
            .orElseThrow(() -> new AssertionError("ready after the failed first refresh"));
    assertThat(active(s, "a")).isEmpty();
    ProviderHealth h = m.health().get(0);
    assertThat(h.healthy()).isFalse();
    assertThat(h.lastError()).isEqualTo("unable to refresh target groups: connection refused");

    mayRecover.countDown(); // retried after 10 ms, 20 ms, ...
    awaitState(m, t -> active(t, "a").equals(List.of("p:1")));
    assertThat(m.health().get(0).healthy()).isTrue();
  }

  @Test
  void reportsMetricsThroughTheHooks() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    DiscoveryManager m =
        DiscoveryManager.builder().updateInterval(Duration.ofHours(1)).metrics(metrics).build();
    managers.add(m);
    m.apply(
        config(
            job("a", List.of(fake.sd("x")), List.of()),
            job("b", List.of(fake.sd("x")), List.of())));
    awaitState(m, t -> t.version() == 1); // a reload publishes at once
    DiscoveryContext ctx = fake.await("x");
    ctx.update(List.of(group("g", "h:1", "h:2")));
    ctx.update(List.of(group("g2", "h:3")));
    ctx.refreshed(Duration.ofMillis(3), true);
    awaitCondition(() -> metrics.received.get() == 2 && metrics.delayed.get() == 1);
    assertThat(m.current().version()).as("held back by the hour").isEqualTo(1);

    // A reload publishes at once: the held-back snapshot went out, counted delayed once.
    m.apply(config(job("a", List.of(fake.sd("x")), List.of())));
    TargetSet s = awaitState(m, t -> active(t, "a").size() == 3);
    assertThat(s.jobs()).containsOnlyKeys("a");
    assertThat(metrics.delayed.get()).isEqualTo(1);
    assertThat(metrics.published).contains(1L, s.version());
    assertThat(metrics.discovered).containsEntry("a", 3).containsEntry("b", 0);
    assertThat(metrics.removed).containsExactly("b");
    assertThat(metrics.refreshes).containsExactly("fake/a/true");
  }

  /** Records what the manager reports. */
  static final class RecordingMetrics implements DiscoveryMetrics {
    final java.util.concurrent.atomic.AtomicInteger received =
        new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger delayed =
        new java.util.concurrent.atomic.AtomicInteger();
    final List<Long> published = new CopyOnWriteArrayList<>();
    final java.util.Map<String, Integer> discovered =
        new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> removed = new CopyOnWriteArrayList<>();
    final List<Integer> failedConfigs = new CopyOnWriteArrayList<>();
    final List<String> refreshes = new CopyOnWriteArrayList<>();

    @Override
    public void receivedUpdate(String provider) {
      received.incrementAndGet();
    }

    @Override
    public void published(long version) {
      published.add(version);
    }

    @Override
    public void delayed() {
      delayed.incrementAndGet();
    }

    @Override
    public void discoveredTargets(String job, int count, java.time.Instant at) {
      discovered.put(job, count);
    }

    @Override
    public void jobRemoved(String job) {
      removed.add(job);
    }

    @Override
    public void failedConfigs(int count) {
      failedConfigs.add(count);
    }

    @Override
    public void refreshed(String mechanism, String config, Duration took, boolean failed) {
      refreshes.add(mechanism + "/" + config + "/" + failed);
    }
  }

  private static void awaitCondition(java.util.function.BooleanSupplier c)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Object lock = new Object();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not reached in time").isLessThan(deadline);
      synchronized (lock) {
        lock.wait(5); // re-check the condition; the deadline bounds the wait
      }
    }
  }
}
