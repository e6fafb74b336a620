package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.CapturedLogs;
import io.promsd.sd.testing.RecordingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Live behaviour against the fake agent: instances come and go, blocking queries park instead of
 * polling, the index rules, faults that keep the last targets, retry pacing, cancellation, and
 * secrets kept out of errors and logs. Waits are on conditions with deadlines, never sleeps.
 */
class ConsulDiscovererTest {
  static final Duration DEADLINE = Duration.ofSeconds(10);

  /** Prometheus's blocking wait, a short retry. */
  static final Timing FAST =
      new Timing(Duration.ofMinutes(2), Duration.ofMillis(100), Duration.ofSeconds(15));

  /** A short blocking wait and client timeout too, for timeouts and hangs. */
  static final Timing SHORT =
      new Timing(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofMillis(400));

  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
    ThreadChecks.awaitNoConsulThreads(DEADLINE);
  }

  private FakeConsul fake() {
    FakeConsul f = FakeConsul.start();
    closeAfter.add(f);
    return f;
  }

  private RecordingContext run(FakeConsul fake, String config, Timing timing) {
    return run(fake, config, timing, k -> null);
  }

  private RecordingContext run(
      FakeConsul fake, String config, Timing timing, Function<String, String> env) {
    ConsulSdConfig c =
        Fixtures.parse("server: " + fake.address() + "\n" + config, Compat.PROMETHEUS_3);
    RecordingContext ctx = RecordingContext.run(new ConsulDiscoverer(c, timing, env));
    closeAfter.add(ctx);
    return ctx;
  }

  private static FakeConsul.Instance web(int n) {
    return FakeConsul.Instance.of("web", "web-" + n, "node-" + n, "10.0.0." + n, 8080);
  }

  private static List<String> addresses(TargetGroup g) {
    List<String> out = new ArrayList<>();
    for (Labels t : g.targets()) {
      out.add(t.get("__address__"));
    }
    return out;
  }

  @Test
  void registeredAndDeregisteredInstancesShowInTheGroups() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    RecordingContext ctx = run(fake, "refresh_interval: 10ms", FAST);
    ctx.awaitState(s -> s.containsKey("web") && s.get("web").targets().size() == 1, DEADLINE);

    fake.register(web(2));
    ctx.awaitState(
        s -> addresses(s.get("web")).equals(List.of("10.0.0.1:8080", "10.0.0.2:8080")), DEADLINE);

    fake.register(FakeConsul.Instance.of("db", "db-1", "node-9", "10.0.0.9", 5432).tags("primary"));
    ctx.awaitState(s -> s.containsKey("db") && s.get("db").targets().size() == 1, DEADLINE);
    assertThat(ctx.state().get("db").targets().get(0).get("__meta_consul_tags"))
        .isEqualTo(",primary,");

    fake.deregister("web", "web-1");
    ctx.awaitState(s -> addresses(s.get("web")).equals(List.of("10.0.0.2:8080")), DEADLINE);

    // The last instance gone, the service leaves the catalog: its source is cleared.
    fake.deregister("db", "db-1");
    ctx.awaitState(s -> s.get("db").isEmpty() && s.get("db").labels().isEmpty(), DEADLINE);
    assertThat(ctx.errors()).isEmpty();
  }

  @Test
  void firstUpdateIsTheFullState() throws Exception {
    FakeConsul fake = fake();
    for (int i = 1; i <= 8; i++) {
      fake.register(FakeConsul.Instance.of("svc" + i, "svc" + i + "-1", "n", "10.0.2." + i, 80));
    }
    RecordingContext ctx = run(fake, "refresh_interval: 1ms", FAST);
    ctx.awaitUpdates(1, DEADLINE);
    assertThat(ctx.updates().get(0)).extracting(TargetGroup::source).hasSize(8);

    FakeConsul fake2 = fake();
    fake2.register(web(1));
    RecordingContext direct = run(fake2, "services: [web, db]\nrefresh_interval: 1ms", FAST);
    direct.awaitUpdates(1, DEADLINE);
    assertThat(direct.updates().get(0))
        .extracting(TargetGroup::source)
        .containsExactlyInAnyOrder("web", "db");
  }

  @Test
  void aHungServiceHoldsTheFirstStateOnlyUntilTheCap() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    fake.register(FakeConsul.Instance.of("slow", "slow-1", "n", "10.0.0.8", 80));
    fake.hang("/v1/health/service/slow");
    Timing capped =
        new Timing(
            Duration.ofMinutes(2),
            Duration.ofMillis(100),
            Duration.ofSeconds(15),
            Duration.ofMillis(300));
    RecordingContext ctx = run(fake, "refresh_interval: 1ms", capped);
    ctx.awaitUpdates(1, DEADLINE);
    assertThat(ctx.updates().get(0)).extracting(TargetGroup::source).containsExactly("web");
    fake.recover();
    ctx.awaitState(s -> s.containsKey("slow"), DEADLINE);
  }

  @Test
  void parkedBlockingQueriesDoNotPoll() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    fake.register(FakeConsul.Instance.of("db", "db-1", "node-9", "10.0.0.9", 5432));
    RecordingContext ctx = run(fake, "refresh_interval: 1ms", FAST);
    ctx.awaitState(s -> s.containsKey("web") && s.containsKey("db"), DEADLINE);
    // catalog + web + db all parked at the fake, waiting for a change
    awaitCondition(() -> fake.heldQueries() == 3, "three parked queries");
    long before = fake.requestCount();
    long dbBefore = count(fake, "/v1/health/service/db");

    // One change to web: only web's watcher asks again (catalog and db stay parked).
    fake.register(web(2));
    ctx.awaitState(s -> s.get("web").targets().size() == 2, DEADLINE);
    awaitCondition(() -> fake.heldQueries() == 3, "parked again");
    assertThat(count(fake, "/v1/health/service/db")).isEqualTo(dbBefore);
    // web's next blocking query, and the catalog's (a registration moves the catalog's index)
    assertThat(fake.requestCount() - before).isEqualTo(2);
  }

  @Test
  void unchangedIndexSendsNothing() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    RecordingContext ctx = run(fake, "services: [web]\nrefresh_interval: 1ms", SHORT);
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    int updates = ctx.updates().size();
    long index = fake.serviceIndex("web");
    String parked = "index=" + index;
    // The 300 ms waits run out three times with the same index: nothing is sent.
    fake.awaitRequests(r -> r.path().endsWith("/web") && r.query().contains(parked), 4, DEADLINE);
    assertThat(ctx.updates()).hasSize(updates);
  }

  @Test
  void changedIndexWithSameDataResendsTheGroup() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    RecordingContext ctx = run(fake, "services: [web]\nrefresh_interval: 1ms", FAST);
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    int updates = ctx.updates().size();
    fake.touch("web");
    ctx.awaitUpdates(updates + 1, DEADLINE);
    assertThat(ctx.updates().get(updates)).containsExactly(ctx.state().get("web"));
  }

  @Test
  void indexGoingBackwardsIsAdopted() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    fake.register(web(2));
    fake.register(web(3));
    RecordingContext ctx = run(fake, "services: [web]\nrefresh_interval: 1ms", FAST);
    ctx.awaitState(s -> s.containsKey("web") && s.get("web").targets().size() == 3, DEADLINE);
    long high = fake.serviceIndex("web");
    awaitCondition(() -> fake.heldQueries() == 1, "parked at index " + high);
    int updates = ctx.updates().size();

    fake.setServiceIndex("web", 3); // a restored snapshot: lower than before
    ctx.awaitUpdates(updates + 1, DEADLINE);
    // The lower index is kept and sent back, as Prometheus does (no reset to 0).
    fake.awaitRequest(
        r -> r.path().endsWith("/web") && "index=3&stale=&wait=120000ms".equals(r.query()),
        DEADLINE);
  }

  @Test
  void serverErrorKeepsTargetsAndRetriesAfterThePause() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    Timing slowRetry =
        new Timing(Duration.ofMinutes(2), Duration.ofMillis(400), Duration.ofSeconds(15));
    RecordingContext ctx = run(fake, "services: [web]\nrefresh_interval: 1ms", slowRetry);
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    TargetGroup last = ctx.state().get("web");

    fake.fail("/v1/health/service/web", 500, "rpc error: No cluster leader\n");
    List<RecordingContext.ReportedError> errors = ctx.awaitErrors(2, DEADLINE);
    assertThat(errors.get(0).message())
        .isEqualTo(
            "error refreshing service web: Unexpected response code: 500 (rpc error: No cluster leader)");
    assertThat(ctx.state().get("web")).isEqualTo(last);
    // Fixed pause between failed requests: Prometheus sleeps retryInterval, no backoff.
    List<Long> failed = new ArrayList<>();
    for (FakeConsul.Request r : fake.requests()) {
      if (r.path().endsWith("/web")) {
        failed.add(r.nanos());
      }
    }
    long gap = failed.get(failed.size() - 1) - failed.get(failed.size() - 2);
    assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

    fake.recover();
    fake.register(web(2));
    ctx.awaitState(s -> s.get("web").targets().size() == 2, DEADLINE);
  }

  @Test
  void anOversizedAnswerIsAnErrorAndKeepsTargets() throws Exception {
    // issue 17: answers are read up to Transport.MAX_BODY_BYTES (128 MiB), not without a bound
    FakeConsul fake = fake();
    fake.register(web(1));
    RecordingContext ctx = run(fake, "refresh_interval: 1ms", FAST);
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    TargetGroup last = ctx.state().get("web");

    fake.serveEndless("/v1/health/service/web", Transport.MAX_BODY_BYTES + (1L << 20));
    awaitCondition(
        () ->
            ctx.errors().stream()
                .anyMatch(e -> e.message().contains("response body larger than 134217728 bytes")),
        "the bound reported");
    assertThat(ctx.state().get("web")).isEqualTo(last);

    fake.recover();
    fake.register(web(2));
    ctx.awaitState(s -> s.get("web").targets().size() == 2, DEADLINE);
  }

  @Test
  void badJsonKeepsTargets() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    RecordingContext ctx = run(fake, "refresh_interval: 1ms", FAST);
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    TargetGroup last = ctx.state().get("web");

    fake.serveBody("/v1/catalog/services", "{\"web\": [");
    List<RecordingContext.ReportedError> errors = ctx.awaitErrors(1, DEADLINE);
    assertThat(errors.get(0).message()).startsWith("error refreshing service list: invalid JSON: ");
    fake.serveBody("/v1/health/service/web", "[{\"Service\": {\"Port\": \"80\"}}]");
    ctx.awaitState(s -> true, DEADLINE);
    awaitCondition(
        () ->
            ctx.errors().stream()
                .anyMatch(
                    e ->
                        e.message()
                            .equals(
                                "error refreshing service web: json: cannot unmarshal string into"
                                    + " Go struct field AgentService.Service.Port of type int")),
        "type error reported");
    assertThat(ctx.state().get("web")).isEqualTo(last);

    fake.recover();
    fake.register(web(2));
    ctx.awaitState(s -> s.get("web").targets().size() == 2, DEADLINE);
  }

  @Test
  void hungServerTimesOutKeepsTargetsAndRecovers() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    RecordingContext ctx = run(fake, "services: [web]\nrefresh_interval: 1ms", SHORT);
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    TargetGroup last = ctx.state().get("web");

    fake.hang("/v1/");
    List<RecordingContext.ReportedError> errors = ctx.awaitErrors(1, DEADLINE);
    assertThat(errors.get(0).message())
        .startsWith(
            "error refreshing service web: Get \"http://"
                + fake.address()
                + "/v1/health/service/web?")
        .endsWith(": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    assertThat(ctx.state().get("web")).isEqualTo(last);

    fake.recover();
    fake.register(web(2));
    ctx.awaitState(s -> s.get("web").targets().size() == 2, DEADLINE);
  }

  @Test
  void unreachableServerIsReportedAndRetried() throws Exception {
    FakeConsul fake = fake();
    String address = fake.address();
    fake.close(); // nothing listens there now
    ConsulSdConfig c =
        Fixtures.parse("server: " + address + "\nservices: [web]", Compat.PROMETHEUS_3);
    RecordingContext ctx = RecordingContext.run(new ConsulDiscoverer(c, FAST, k -> null));
    closeAfter.add(ctx);
    List<RecordingContext.ReportedError> errors = ctx.awaitErrors(2, DEADLINE);
    assertThat(errors.get(0).message())
        .isEqualTo(
            "error retrieving datacenter name: Get \"http://"
                + address
                + "/v1/agent/self\": dial tcp: connect: connection refused");
    assertThat(ctx.state()).isEmpty();
  }

  @Test
  void datacenterIsRetriedUntilTheAgentAnswers() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    fake.fail("/v1/agent/self", 500, "");
    RecordingContext ctx = run(fake, "refresh_interval: 1ms", FAST);
    ctx.awaitErrors(2, DEADLINE);
    assertThat(fake.requests()).allMatch(r -> r.path().equals("/v1/agent/self"));
    fake.recover();
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    assertThat(ctx.state().get("web").labels().get("__meta_consul_dc")).isEqualTo("dc1");
  }

  @Test
  void tokenNeverReachesErrorsOrLogs() throws Exception {
    String token = "tok-9f8e7d6c-SECRET";
    String password = "pw-SECRET-42";
    FakeConsul fake = fake();
    fake.register(web(1));
    fake.requireToken(token);
    RecordingContext ctx =
        run(
            fake,
            "token: "
                + token
                + "\nbasic_auth: {username: u, password: "
                + password
                + "}\n"
                + "refresh_interval: 1ms",
            FAST);
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    FakeConsul.Request first = fake.requests().get(0);
    assertThat(first.token()).isEqualTo(token);
    assertThat(first.authorization()).startsWith("Basic ");

    // A server that echoes the credentials back in its error body.
    fake.fail("/v1/", 403, "ACL not found for token " + token + " / " + password);
    ctx.awaitErrors(2, DEADLINE);
    fake.hang("/v1/health/");
    fake.recover();
    for (RecordingContext.ReportedError e : ctx.errors()) {
      assertThat(e.message()).doesNotContain(token).doesNotContain(password);
      assertThat(String.valueOf(e.cause())).doesNotContain(token).doesNotContain(password);
    }
    assertThat(ctx.errors().get(0).message()).contains("<secret>");
    for (String line : CapturedLogs.lines()) {
      assertThat(line).doesNotContain(token).doesNotContain(password);
    }
  }

  @Test
  void tokenFromEnvironmentIsSentAndKeptSecret() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    fake.requireToken("env-secret");
    Map<String, String> env = new HashMap<>(Map.of("CONSUL_HTTP_TOKEN", "env-secret"));
    RecordingContext ctx = run(fake, "services: [web]\nrefresh_interval: 1ms", FAST, env::get);
    ctx.awaitState(s -> s.containsKey("web"), DEADLINE);
    fake.fail("/v1/", 500, "echo env-secret");
    List<RecordingContext.ReportedError> errors = ctx.awaitErrors(1, DEADLINE);
    assertThat(errors.get(0).message()).doesNotContain("env-secret");
  }

  @Test
  void cancellationReturnsPromptlyWhileQueriesAreParked() throws Exception {
    FakeConsul fake = fake();
    for (int i = 1; i <= 5; i++) {
      fake.register(FakeConsul.Instance.of("svc" + i, "svc" + i + "-1", "node", "10.0.1." + i, 80));
    }
    ConsulSdConfig c =
        Fixtures.parse(
            "server: " + fake.address() + "\nrefresh_interval: 1ms", Compat.PROMETHEUS_3);
    RecordingContext ctx = RecordingContext.run(new ConsulDiscoverer(c, FAST, k -> null));
    ctx.awaitState(s -> s.size() == 5, DEADLINE);
    awaitCondition(() -> fake.heldQueries() == 6, "all parked");
    long t0 = System.nanoTime();
    ctx.close(); // asserts run() returned within 10 s
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(ctx.ended()).isTrue();
    ThreadChecks.awaitNoConsulThreads(DEADLINE);
  }

  @Test
  void newDiscovererDoesNoIoAndStartsNoThread() {
    ConsulSdConfig c = Fixtures.parse("server: 192.0.2.1:1\n", Compat.PROMETHEUS_3);
    assertThat(c.newDiscoverer()).isInstanceOf(ConsulDiscoverer.class);
    assertThat(ThreadChecks.consulThreads()).isEmpty();
  }

  @Test
  void zeroRefreshIntervalIsReportedNotRun() throws Exception {
    FakeConsul fake = fake();
    RecordingContext ctx = run(fake, "refresh_interval: 0", FAST);
    assertThat(ctx.awaitErrors(1, DEADLINE).get(0).message())
        .contains("non-positive interval for NewTicker");
    assertThat(fake.requests()).isEmpty();
  }

  /**
   * Services appear and vanish while their instances change: whatever the interleaving of the
   * catalog watcher and the service watchers, the final groups are the fake's data, and a removed
   * service's last group is the clearing one (no stale group after it).
   */
  @RepeatedTest(25)
  void churnEndsInTheFakesState(org.junit.jupiter.api.RepetitionInfo rep) throws Exception {
    FakeConsul fake = fake();
    SplittableRandom rnd = new SplittableRandom(rep.getCurrentRepetition());
    RecordingContext ctx = run(fake, "refresh_interval: 1ms", FAST);
    Map<String, Integer> live = new HashMap<>();
    for (int round = 0; round < 40; round++) {
      String svc = "s" + rnd.nextInt(6);
      int n = live.getOrDefault(svc, 0);
      if (n > 0 && rnd.nextInt(3) == 0) {
        fake.deregister(svc, svc + "-" + n);
        live.put(svc, n - 1);
      } else if (n < 3) {
        fake.register(
            FakeConsul.Instance.of(svc, svc + "-" + (n + 1), "node", "10.9.0." + (n + 1), 80));
        live.put(svc, n + 1);
      }
    }
    Map<String, Integer> want = new HashMap<>(live);
    ctx.awaitState(
        s -> {
          for (Map.Entry<String, Integer> e : want.entrySet()) {
            TargetGroup g = s.get(e.getKey());
            if (e.getValue() == 0) {
              // gone from the catalog: absent (never seen) or cleared
              if (g != null && (!g.isEmpty() || !g.labels().isEmpty())) {
                return false;
              }
            } else if (g == null || g.targets().size() != e.getValue()) {
              return false;
            }
          }
          return true;
        },
        DEADLINE);
    assertThat(ctx.errors()).isEmpty();
  }

  /** The catalog drops a service while its watcher is answering: the clearing group is last. */
  @RepeatedTest(25)
  void removalIsNeverFollowedByAStaleGroup() throws Exception {
    FakeConsul fake = fake();
    fake.register(web(1));
    fake.register(FakeConsul.Instance.of("db", "db-1", "n", "10.0.0.9", 5432));
    RecordingContext ctx = run(fake, "refresh_interval: 1ms", FAST);
    ctx.awaitState(s -> s.containsKey("web") && s.containsKey("db"), DEADLINE);
    // One change wakes both the web watcher and the catalog watcher at once.
    fake.deregister("web", "web-1");
    ctx.awaitState(s -> s.get("web").isEmpty() && s.get("web").labels().isEmpty(), DEADLINE);
    List<TargetGroup> webGroups = new ArrayList<>();
    for (List<TargetGroup> u : ctx.updates()) {
      for (TargetGroup g : u) {
        if (g.source().equals("web")) {
          webGroups.add(g);
        }
      }
    }
    TargetGroup lastWeb = webGroups.get(webGroups.size() - 1);
    assertThat(lastWeb.labels().isEmpty()).isTrue();
    // ...and it stays the last one: the stopped watcher sends nothing more.
    int n = ctx.updates().size(); // counted before the change, or its update may be missed
    fake.touch("db");
    ctx.awaitUpdates(n + 1, DEADLINE);
    assertThat(ctx.state().get("web").labels().isEmpty()).isTrue();
  }

  private static long count(FakeConsul fake, String path) {
    return fake.requests().stream().filter(r -> r.path().equals(path)).count();
  }

  static void awaitCondition(java.util.function.BooleanSupplier c, String what) {
    Await.until(c, DEADLINE, () -> what);
  }
}
