package io.promsd.sd;

import static io.promsd.sd.FakeDiscovery.config;
import static io.promsd.sd.FakeDiscovery.group;
import static io.promsd.sd.FakeDiscovery.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.RelabelAction;
import io.promsd.relabel.RelabelConfig;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
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
 * The manager's contract (design.md, issue 5): sharing, reloads, coalescing that never loses the
 * last state, guarded listeners, and threads that all end in close(). Waits use deadlines on
 * versions, never sleeps.
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
    long deadline = System.nanoTime() + WAIT.toNanos();
    TargetSet s = m.current();
    while (!p.test(s)) {
      long left = deadline - System.nanoTime();
      assertThat(left).as("condition not reached; last state %s", s).isPositive();
      TargetSet next = m.awaitUpdate(s.version(), Duration.ofNanos(left));
      if (next != null) {
        s = next;
      }
    }
    return s;
  }

  private static List<String> active(TargetSet s, String job) {
    JobTargets t = s.job(job);
    return t == null
        ? List.of()
        : t.active().stream().map(x -> x.labels().get("__address__")).sorted().toList();
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
    assertThat(s.job("a").dropped()).hasSize(1);
    assertThat(s.job("a").dropped().get(0).droppedBy()).isZero();

    ctx.update(List.of(TargetGroup.empty("g1")));
    s = awaitState(m, t -> active(t, "a").size() == 1);
    assertThat(active(s, "a")).containsExactly("10.0.0.3:80");
    assertThat(s.job("a").dropped()).isEmpty();
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
    assertThat(slow).hasSize(1); // still stuck in its first call
    release.countDown();
    awaitCondition(() -> slow.get(slow.size() - 1) == last.version());
    assertThat(slow.size()).as("skipped the intermediate snapshots").isLessThan(fast.size());
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
    assertThat(m.awaitReady(List.of("a"), Duration.ofMillis(50))).isNull();
    fake.await("y").update(List.of());
    TargetSet s = m.awaitReady(List.of("a"), WAIT);
    assertThat(s).isNotNull();
    assertThat(active(s, "a")).containsExactly("x:1");
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
