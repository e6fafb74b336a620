package io.promsd.sd.internal.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus-exact refresh loop, driven by a scripted refresher and a ticked context: no early
 * retry, the last groups kept through a failure, a repeated fault reported once, the empty initial
 * state on a first failure, a zero interval refreshing once, the failure counter, the opener.
 */
class StrictRefreshDiscovererTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final List<TargetGroup> ONE =
      List.of(new TargetGroup("s", Labels.empty(), List.of(Labels.of("__address__", "a:1"))));

  /** Each refresh takes the next step: a list of groups to return, or an exception to throw. */
  private static final class Script implements StrictRefreshDiscoverer.Refresher {
    private final ConcurrentLinkedQueue<Object> steps = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();

    Script then(Object... more) {
      Collections.addAll(steps, more);
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<TargetGroup> refresh() throws Exception {
      calls.incrementAndGet();
      Object step = steps.poll();
      if (step instanceof Exception e) {
        throw e;
      }
      return step == null ? ONE : (List<TargetGroup>) step;
    }
  }

  private static StrictRefreshDiscoverer polling(Script script, String counter) {
    return new StrictRefreshDiscoverer(
        "promsd-test-refresh-", INTERVAL, INTERVAL, counter, (pool, timeout) -> script);
  }

  @Test
  void theSameFaultIsReportedOnceUntilARefreshSucceedsOrTheFaultChanges() {
    Script script =
        new Script()
            .then(ONE, new Exception("down"), new Exception("down"), new Exception("down"))
            .then(ONE, new Exception("down"), new Exception("other"));
    try (RecordingContext ctx = RecordingContext.ticked().start(polling(script, null))) {
      ctx.awaitRefreshes(1, WAIT);
      for (int i = 0; i < 6; i++) {
        ctx.refreshNow(WAIT);
      }
      assertThat(ctx.errorMessages())
          .containsExactly(
              "unable to refresh target groups: down",
              "unable to refresh target groups: down",
              "unable to refresh target groups: other");
      // a failed refresh sends nothing: the two good ones only
      assertThat(ctx.updates()).containsExactly(ONE, ONE);
    }
  }

  @Test
  void aFailedFirstRefreshDeliversTheEmptyInitialStateWithItsFault() {
    Script script = new Script().then(new Exception("refused"));
    try (RecordingContext ctx = RecordingContext.ticked().start(polling(script, null))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.updates()).containsExactly(List.of());
      assertThat(ctx.errorMessages()).containsExactly("unable to refresh target groups: refused");
      ctx.refreshNow(WAIT);
      assertThat(ctx.updates()).containsExactly(List.of(), ONE);
    }
  }

  @Test
  void aFailureWaitsTheWholeIntervalAndIsCountedWhenACounterIsNamed() throws Exception {
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    List<String> counted = new CopyOnWriteArrayList<>();
    Script script = new Script().then(new Exception("a"), ONE, new Exception("b"));
    RecordingContext inner = RecordingContext.ticked();
    DiscoveryContext ctx =
        new DiscoveryContext() {
          @Override
          public void update(List<TargetGroup> groups) {
            inner.update(groups);
          }

          @Override
          public boolean isCancelled() {
            return inner.isCancelled();
          }

          @Override
          public void sleep(Duration d) throws InterruptedException {
            sleeps.add(d);
            inner.sleep(d);
          }

          @Override
          public void reportError(String message, Throwable cause) {
            inner.reportError(message, cause);
          }

          @Override
          public Clock clock() {
            return inner.clock();
          }

          @Override
          public String providerName() {
            return inner.providerName();
          }

          @Override
          public void count(String metric, Labels labels, double delta) {
            counted.add(metric + labels + "+" + delta);
          }
        };
    Thread t = new Thread(() -> runQuietly(polling(script, "failures_total"), ctx));
    t.start();
    try {
      inner.awaitRefreshes(1, WAIT);
      inner.refreshNow(WAIT);
      inner.refreshNow(WAIT);
    } finally {
      inner.cancel();
      t.interrupt();
      t.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(t.isAlive()).isFalse();
    assertThat(sleeps.subList(0, 3)).containsOnly(INTERVAL);
    assertThat(counted).containsExactly("failures_total{}+1.0", "failures_total{}+1.0");
  }

  @Test
  void aZeroIntervalRefreshesOnceAndSaysSo() {
    Script script = new Script();
    StrictRefreshDiscoverer d =
        new StrictRefreshDiscoverer(
            "promsd-test-refresh-", Duration.ZERO, INTERVAL, null, (pool, timeout) -> script);
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.updates()).containsExactly(ONE);
      assertThat(ctx.errorMessages())
          .containsExactly(
              "refresh_interval is zero: Prometheus refreshes once and then stops (its ticker"
                  + " panics); promsd refreshes no more");
    }
    assertThat(script.calls.get()).isEqualTo(1);
  }

  @Test
  void theOpenerGetsTheRunsPoolAndTheFallbackTimeoutAndIsRetriedAfterFailing() throws Exception {
    List<Duration> timeouts = new ArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    AtomicInteger opens = new AtomicInteger();
    Script script = new Script();
    StrictRefreshDiscoverer.Opener opener =
        (ExecutorService pool, Duration timeout) -> {
          timeouts.add(timeout);
          if (opens.incrementAndGet() == 1) {
            throw new Exception("cannot create HTTP client: no");
          }
          pool.submit(() -> threads.add(Thread.currentThread().getName())).get();
          return script;
        };
    StrictRefreshDiscoverer d =
        new StrictRefreshDiscoverer(
            "promsd-test-refresh-", Duration.ofMillis(-1), Duration.ofSeconds(7), null, opener);
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.errorMessages())
          .startsWith("unable to refresh target groups: cannot create HTTP client: no");
    }
    assertThat(timeouts).containsExactly(Duration.ofSeconds(7));

    StrictRefreshDiscoverer again =
        new StrictRefreshDiscoverer("promsd-test-refresh-", INTERVAL, INTERVAL, null, opener);
    try (RecordingContext ctx = RecordingContext.ticked().start(again)) {
      ctx.awaitRefreshes(1, WAIT);
      ctx.refreshNow(WAIT);
      assertThat(ctx.updates()).containsExactly(ONE, ONE);
    }
    assertThat(opens.get()).isEqualTo(2); // opened once per run, kept while it works
    assertThat(timeouts).containsExactly(Duration.ofSeconds(7), INTERVAL);
    assertThat(threads).hasSize(1);
    assertThat(threads.get(0)).startsWith("promsd-test-refresh-");
  }

  private static void runQuietly(Discoverer d, DiscoveryContext ctx) {
    try {
      d.run(ctx);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
