package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.promsd.relabel.Compat;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.RecordingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Live behaviour against the fake API server: changes after start, watch interruptions, expired
 * resource versions, denied access and outages. Each waits on conditions with deadlines.
 */
class KubernetesLiveTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  static JsonObject pod(String ns, String name, String ip, String phase) {
    return JsonParser.parseString(
            """
            {"kind":"Pod","metadata":{"name":"%s","namespace":"%s","uid":"u-%s",
             "labels":{"app":"web"}},
             "spec":{"nodeName":"n1","containers":[{"name":"c","image":"img:1",
               "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}]}]},
             "status":{"podIP":"%s","phase":"%s"}}"""
                .formatted(name, ns, name, ip, phase))
        .getAsJsonObject();
  }

  static DiscovererRun podRun(FakeKubeApiServer fake, String extra) {
    return DiscovererRun.start(
        DiscovererRun.parse(
            "role: pod\napi_server: " + fake.url() + "\n" + extra, Compat.PROMETHEUS_3),
        DiscovererRun.FAST);
  }

  private static boolean hasAddress(RecordingContext c, String source, String address) {
    TargetGroup g = c.state().get(source);
    return g != null && g.targets().stream().anyMatch(t -> t.get("__address__").equals(address));
  }

  private static boolean isGone(RecordingContext c, String source) {
    TargetGroup g = c.state().get(source);
    return g != null && g.isEmpty();
  }

  @Test
  void addModifyDeleteArriveAsGroupUpdates() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.1", "Running"));
      try (DiscovererRun run = podRun(fake, "")) {
        run.awaitFirstUpdate();
        assertThat(run.ctx.updates().get(0))
            .extracting(TargetGroup::source)
            .containsExactly("pod/default/a");

        fake.apply(ResourceKind.PODS, pod("default", "b", "10.0.0.2", "Running"));
        assertThat(run.ctx.await(c -> hasAddress(c, "pod/default/b", "10.0.0.2:8080"), WAIT))
            .isTrue();

        fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.9", "Running"));
        assertThat(run.ctx.await(c -> hasAddress(c, "pod/default/a", "10.0.0.9:8080"), WAIT))
            .isTrue();

        fake.delete(ResourceKind.PODS, "default", "b");
        assertThat(run.ctx.await(c -> isGone(c, "pod/default/b"), WAIT)).isTrue();
        assertThat(run.ctx.errorMessages()).isEmpty();
      }
    }
  }

  @Test
  void labelAndFieldSelectorsAreSentAndApplied() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.1", "Running"));
      JsonObject other = pod("default", "b", "10.0.0.2", "Pending");
      other.getAsJsonObject("metadata").add("labels", JsonParser.parseString("{\"app\":\"db\"}"));
      fake.apply(ResourceKind.PODS, other);
      try (DiscovererRun run =
          podRun(
              fake,
              "selectors: [{role: pod, label: 'app in (web)', field: 'status.phase=Running'}]\n")) {
        run.awaitFirstUpdate();
        run.awaitCaughtUp(fake);
        assertThat(run.ctx.state()).containsOnlyKeys("pod/default/a");
        assertThat(fake.requests())
            .anyMatch(
                r ->
                    r.contains("labelSelector=app+in+%28web%29")
                        || r.contains("labelSelector=app%20in%20%28web%29"))
            .anyMatch(r -> r.contains("fieldSelector=status.phase%3DRunning"));
        // Leaving the selection is a deletion for the watcher.
        fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.1", "Succeeded"));
        assertThat(run.ctx.await(c -> isGone(c, "pod/default/a"), WAIT)).isTrue();
      }
    }
  }

  @Test
  void namespacedPathsWhenNamesAreGiven() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.apply(ResourceKind.PODS, pod("a", "p", "10.0.0.1", "Running"));
      fake.apply(ResourceKind.PODS, pod("b", "p", "10.0.0.2", "Running"));
      try (DiscovererRun run = podRun(fake, "namespaces: {names: [a]}\n")) {
        run.awaitFirstUpdate();
        run.awaitCaughtUp(fake);
        assertThat(run.ctx.state()).containsOnlyKeys("pod/a/p");
        assertThat(fake.requests())
            .allMatch(r -> !r.contains("/pods") || r.startsWith("GET /api/v1/namespaces/a/pods"));
      }
    }
  }

  @RepeatedTest(3)
  void killAndRestartMidWatchKeepsTargetsAndResumes() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.1", "Running"));
      try (DiscovererRun run = podRun(fake, "")) {
        run.awaitFirstUpdate();
        run.awaitCaughtUp(fake);
        int updatesBefore = run.ctx.updates().size();

        fake.kill();
        // The outage is reported once; nothing is withdrawn meanwhile.
        assertThat(run.ctx.await(c -> !c.errors().isEmpty(), WAIT)).isTrue();
        assertThat(run.ctx.errorMessages().get(0)).contains("cannot watch pods in all namespaces");
        assertThat(run.ctx.state().get("pod/default/a").targets()).hasSize(1);
        assertThat(run.ctx.updates()).hasSize(updatesBefore);

        // Changes made while the client was away arrive after the restart.
        fake.apply(ResourceKind.PODS, pod("default", "b", "10.0.0.2", "Running"));
        fake.restart();
        assertThat(run.ctx.await(c -> hasAddress(c, "pod/default/b", "10.0.0.2:8080"), WAIT))
            .isTrue();
        assertThat(run.ctx.state().get("pod/default/a").targets()).hasSize(1);
      }
    }
  }

  @Test
  void goneAsHttpStatusRelistsAndReconciles() throws Exception {
    expiredResourceVersionRelists(FakeKubeApiServer.ExpiryMode.HTTP_410);
  }

  @Test
  void goneAsErrorEventRelistsAndReconciles() throws Exception {
    expiredResourceVersionRelists(FakeKubeApiServer.ExpiryMode.ERROR_EVENT);
  }

  private void expiredResourceVersionRelists(FakeKubeApiServer.ExpiryMode mode) throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.expiryMode(mode);
      fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.1", "Running"));
      fake.apply(ResourceKind.PODS, pod("default", "b", "10.0.0.2", "Running"));
      try (DiscovererRun run = podRun(fake, "")) {
        run.awaitFirstUpdate();
        run.awaitCaughtUp(fake);
        int listsBefore = lists(fake);
        // While disconnected: b goes away and c appears, then history is compacted.
        fake.kill();
        fake.delete(ResourceKind.PODS, "default", "b");
        fake.apply(ResourceKind.PODS, pod("default", "c", "10.0.0.3", "Running"));
        fake.compact();
        fake.restart();
        assertThat(
                run.ctx.await(
                    c ->
                        isGone(c, "pod/default/b")
                            && hasAddress(c, "pod/default/c", "10.0.0.3:8080"),
                    WAIT))
            .isTrue();
        assertThat(lists(fake)).isGreaterThan(listsBefore);
        // Not a bare "410": the fake's random port may contain it.
        assertThat(run.ctx.errorMessages())
            .noneMatch(e -> e.contains("410 Gone") || e.contains("too old resource version"));
      }
    }
  }

  private static int lists(FakeKubeApiServer fake) {
    return (int) fake.requests().stream().filter(r -> !r.contains("watch=true")).count();
  }

  @Test
  void forbiddenIsOneClearErrorNamingResourceAndVerb() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.deny(ResourceKind.PODS, 403);
      try (DiscovererRun run = podRun(fake, "")) {
        // Let it retry several times.
        DiscovererRun.waitFor(() -> lists(fake) >= 4, WAIT, "several list attempts");
        assertThat(run.ctx.errorMessages()).hasSize(1);
        assertThat(run.ctx.errorMessages().get(0))
            .contains("cannot list pods in all namespaces")
            .contains("403 Forbidden")
            .contains("grant \"list\" and \"watch\" on \"pods\"");
        // One empty update says "first attempt done, nothing known" (DiscoveryContext.update).
        assertThat(run.ctx.updates()).containsExactly(List.of());

        fake.allow(ResourceKind.PODS);
        fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.1", "Running"));
        DiscovererRun.waitFor(
            () -> run.ctx.state().containsKey("pod/default/a"), WAIT, "the pod after recovery");
      }
    }
  }

  @Test
  void unauthorizedIsReportedOnceToo() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.deny(ResourceKind.NODES, 401);
      try (DiscovererRun run =
          DiscovererRun.start(
              DiscovererRun.parse(
                  "role: node\napi_server: " + fake.url() + "\nbearer_token: nope\n",
                  Compat.PROMETHEUS_3),
              DiscovererRun.FAST)) {
        DiscovererRun.waitFor(() -> lists(fake) >= 4, WAIT, "several list attempts");
        assertThat(run.ctx.errorMessages()).hasSize(1);
        assertThat(run.ctx.errorMessages().get(0))
            .contains("cannot list nodes")
            .contains("401 Unauthorized")
            .doesNotContain("nope");
      }
    }
  }

  @Test
  void malformedWatchAnswersBackOff() throws Exception {
    // issue 17 item 3: a 200 answer that is no watch stream is a failure, retried with backoff
    // (FAST: 20 ms doubling to 200 ms), reported once, without the answer's bytes.
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.garbageWatch = "<html>\u0007\u001b[31mproxy error\n\u0000\u00ff</html>\n";
      try (DiscovererRun run = podRun(fake, "")) {
        DiscovererRun.waitFor(() -> watches(fake) >= 2, WAIT, "two watch attempts");
        long began = System.nanoTime();
        int from = watches(fake);
        DiscovererRun.waitFor(() -> watches(fake) >= from + 4, WAIT, "four more watch attempts");
        long ms = (System.nanoTime() - began) / 1_000_000;
        // at least the 3 pauses between them, each at least the initial 20 ms (spinning: ~1 ms)
        assertThat(ms).as("four retries took %d ms", ms).isGreaterThanOrEqualTo(60);
        assertThat(run.ctx.errorMessages()).hasSize(1);
        assertThat(run.ctx.errorMessages().get(0))
            .contains("cannot watch pods")
            .contains("malformed watch response")
            .doesNotContain("proxy error")
            .doesNotContain("\u001b");
      }
    }
  }

  @Test
  void anOversizedListItemIsAnErrorAndTheNextGoodListIsUsed() throws Exception {
    // issue 17: a list answer is decoded item by item; an item over 16 Mi characters (the API
    // server stores no object over 3 MiB) is refused with the bound named, not read whole.
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.1", "Running"));
      fake.hugeListItemChars = Informer.MAX_EVENT_CHARS + (1L << 20);
      try (DiscovererRun run = podRun(fake, "")) {
        assertThat(run.ctx.await(c -> !c.errorMessages().isEmpty(), WAIT)).isTrue();
        assertThat(run.ctx.errorMessages().get(0))
            .contains("cannot list pods")
            .contains("list response item longer than 16777216 characters");
        fake.hugeListItemChars = 0;
        assertThat(run.ctx.await(c -> hasAddress(c, "pod/default/a", "10.0.0.1:8080"), WAIT))
            .isTrue();
      }
    }
  }

  @Test
  void anOversizedErrorAnswerIsReadOnlyInPart() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      long size = 256L << 20;
      fake.hugeErrorBytes = size;
      try (DiscovererRun run = podRun(fake, "")) {
        assertThat(run.ctx.await(c -> !c.errorMessages().isEmpty(), WAIT)).isTrue();
        String msg = run.ctx.errorMessages().get(0);
        assertThat(msg).contains("cannot list pods").contains("500");
        assertThat(msg.length()).isLessThan(1000);
      }
      // the client hung up after its 64 KiB: the fake could not write the whole answer
      assertThat(fake.hugeErrorBytesWritten.get()).isLessThan(size);
    }
  }

  private static int watches(FakeKubeApiServer fake) {
    return (int) fake.requests().stream().filter(r -> r.contains("watch=true")).count();
  }

  @Test
  void credentialsNeverReachTheMessages() throws Exception {
    // issue 17 item 4: a password in api_server's URL is shown as Go's url.Redacted shows it, and
    // a server that echoes the bearer token does not get it printed.
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.deny(ResourceKind.NODES, 401);
      fake.echoAuthorization = true;
      String url = fake.url().replace("http://", "http://admin:hunter2pw@");
      try (DiscovererRun run =
          DiscovererRun.start(
              DiscovererRun.parse(
                  "role: node\napi_server: " + url + "\nbearer_token: s3cr3t-token\n",
                  Compat.PROMETHEUS_3),
              DiscovererRun.FAST)) {
        DiscovererRun.waitFor(() -> lists(fake) >= 2, WAIT, "two list attempts");
        assertThat(run.ctx.errorMessages()).hasSize(1);
        assertThat(run.ctx.errorMessages().get(0))
            .contains("401 Unauthorized")
            .contains("admin:xxxxx@")
            .doesNotContain("hunter2pw")
            .doesNotContain("s3cr3t-token");
      }
    }
  }

  @Test
  void retriesBackOff() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      fake.deny(ResourceKind.PODS, 500);
      try (DiscovererRun run =
          DiscovererRun.start(
              DiscovererRun.parse("role: pod\napi_server: " + fake.url(), Compat.PROMETHEUS_3),
              new Backoff.Settings(Duration.ofMillis(50), Duration.ofMillis(400)))) {
        DiscovererRun.waitFor(() -> lists(fake) >= 5, WAIT, "five attempts");
        // 50+100+200+400 ms of backoff at least between the first and the fifth attempt: with a
        // fixed 1 s period there would be no growth; with none, hundreds of attempts.
        assertThat(lists(fake)).isLessThan(20);
        assertThat(run.ctx.errorMessages()).hasSize(1);
      }
    }
  }

  @Test
  void aBadObjectIsSkippedAndTheWatchGoesOn() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      try (DiscovererRun run = podRun(fake, "")) {
        run.awaitFirstUpdate();
        JsonObject odd = pod("default", "odd", "10.0.0.5", "Running");
        // Unknown fields everywhere and a wrongly typed one: tolerated, not fatal.
        odd.getAsJsonObject("spec").addProperty("someFutureField", "x");
        odd.getAsJsonObject("status").add("podIPs", JsonParser.parseString("{\"weird\":true}"));
        odd.getAsJsonObject("spec")
            .getAsJsonArray("containers")
            .get(0)
            .getAsJsonObject()
            .addProperty("image", 42);
        fake.apply(ResourceKind.PODS, odd);
        fake.apply(ResourceKind.PODS, pod("default", "next", "10.0.0.6", "Running"));
        assertThat(
                run.ctx.await(
                    c ->
                        hasAddress(c, "pod/default/odd", "10.0.0.5:8080")
                            && hasAddress(c, "pod/default/next", "10.0.0.6:8080"),
                    WAIT))
            .isTrue();
      }
    }
  }

  @Test
  void serverDownAtStartIsReportedAndRetried() throws Exception {
    FakeKubeApiServer fake = new FakeKubeApiServer();
    try {
      fake.kill();
      try (DiscovererRun run = podRun(fake, "")) {
        assertThat(run.ctx.await(c -> !c.errors().isEmpty(), WAIT)).isTrue();
        assertThat(run.ctx.errorMessages().get(0)).contains("cannot list pods");
        fake.apply(ResourceKind.PODS, pod("default", "a", "10.0.0.1", "Running"));
        fake.restart();
        // An empty initial state went out with the fault; the pod follows the restart.
        DiscovererRun.waitFor(
            () -> run.ctx.state().containsKey("pod/default/a"), WAIT, "the pod after restart");
        assertThat(run.ctx.updates().get(0)).isEmpty();
        assertThat(run.ctx.errorMessages()).hasSize(1);
      }
    } finally {
      fake.close();
    }
  }

  @RepeatedTest(20)
  void rollingChangesConverge() throws Exception {
    try (FakeKubeApiServer fake = new FakeKubeApiServer()) {
      for (int i = 0; i < 20; i++) {
        fake.apply(ResourceKind.PODS, pod("default", "p" + i, "10.0.0." + i, "Running"));
      }
      try (DiscovererRun run = podRun(fake, "")) {
        run.awaitFirstUpdate();
        assertThat(run.ctx.updates().get(0)).hasSize(20);
        for (int i = 0; i < 20; i++) {
          fake.apply(ResourceKind.PODS, pod("default", "p" + i, "10.0.1." + i, "Running"));
          if (i % 3 == 0) {
            fake.delete(ResourceKind.PODS, "default", "p" + i);
          }
        }
        run.awaitCaughtUp(fake);
        Map<String, TargetGroup> s = run.ctx.state();
        for (int i = 0; i < 20; i++) {
          TargetGroup g = s.get("pod/default/p" + i);
          if (i % 3 == 0) {
            assertThat(g.isEmpty()).isTrue();
          } else {
            assertThat(g.targets().get(0).get("__address__")).isEqualTo("10.0.1." + i + ":8080");
          }
        }
      }
    }
  }
}
