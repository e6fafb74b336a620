package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.CapturedLogs;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.SdFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The discoverer live, on the real SDK client against {@link Ec2Fake}: changes between refreshes,
 * failures and recovery, client rebuilds, what goes over the wire, and that the secret key never
 * shows. Refreshes are driven by {@link RecordingContext#tick()}; every wait has a deadline.
 */
class Ec2DiscovererLiveTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SECRET = "wJalrXUtnFEMI-promsd-live-SECRET-7f3a";
  private static final String ACCESS = "AKIDPROMSDLIVE";

  private Ec2Fake fake;
  private final AtomicInteger clientsBuilt = new AtomicInteger();

  @BeforeEach
  void start() {
    fake = Ec2Fake.start();
    CapturedLogs.clear();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Ec2SdConfig config(Compat compat, String region, String extra) {
    String yml =
        SdFixtures.prometheusYml(
            "ec2",
            (region.isEmpty() ? "" : "- region: " + region + "\n  ")
                + (region.isEmpty() ? "- " : "")
                + "endpoint: "
                + fake.uri()
                + "\n  access_key: "
                + ACCESS
                + "\n  secret_key: "
                + SECRET
                + "\n"
                + extra);
    return Ec2Fixtures.parse(yml, compat, Ec2Fixtures.noRegion()).get(0);
  }

  private Ec2Discoverer discoverer(Ec2SdConfig c, RegionResolver regions) {
    return new Ec2Discoverer(
        c,
        (cfg, r) -> {
          clientsBuilt.incrementAndGet();
          return SdkEc2Api.create(cfg, r, false);
        },
        regions);
  }

  private Ec2Discoverer discoverer(Ec2SdConfig c) {
    return discoverer(c, Ec2Fixtures.noRegion());
  }

  private static List<String> ids(List<TargetGroup> update) {
    List<String> out = new ArrayList<>();
    for (TargetGroup g : update) {
      for (Labels t : g.targets()) {
        out.add(t.get("__meta_ec2_instance_id") + "/" + t.get("__meta_ec2_instance_state"));
      }
    }
    return out;
  }

  private static List<TargetGroup> last(RecordingContext ctx) {
    List<List<TargetGroup>> u = ctx.updates();
    return u.get(u.size() - 1);
  }

  @Test
  void instancesAddedAndTerminatedBetweenRefreshes() {
    fake.serveInstances(
        Ec2Fake.instance("i-a", "10.0.0.1", "running"),
        Ec2Fake.instance("i-b", "10.0.0.2", "pending"));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(config(Compat.PROMETHEUS_3, "us-east-1", "")))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ids(last(ctx)))
          .containsExactly("i-a/running", "i-b/running".replace("running", "pending"));
      assertThat(last(ctx)).singleElement().extracting(TargetGroup::source).isEqualTo("us-east-1");

      // i-a is terminating, i-b is gone, i-c is new.
      fake.serveInstances(
          Ec2Fake.instance("i-a", "10.0.0.1", "shutting-down"),
          Ec2Fake.instance("i-c", "10.0.0.3", "running"));
      ctx.refreshNow(WAIT);
      assertThat(ids(last(ctx))).containsExactly("i-a/shutting-down", "i-c/running");

      // Nothing left: the region's group comes empty, which removes its targets.
      fake.servePages(List.of(Ec2Fake.page("")));
      ctx.refreshNow(WAIT);
      assertThat(last(ctx))
          .singleElement()
          .satisfies(
              g -> {
                assertThat(g.source()).isEqualTo("us-east-1");
                assertThat(g.isEmpty()).isTrue();
              });
      assertThat(ctx.updates()).hasSize(3);
      assertThat(ctx.errors()).isEmpty();
      // Zone ids are asked for once; the client is built once.
      assertThat(fake.requests("DescribeAvailabilityZones")).hasSize(1);
      assertThat(clientsBuilt).hasValue(1);
    }
  }

  @Test
  void failedRefreshKeepsTargetsAndReportsTheError() {
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(config(Compat.PROMETHEUS_3, "us-east-1", "")))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.updates()).hasSize(1);

      fake.fail("DescribeInstances", 503, "Unavailable");
      ctx.refreshNow(WAIT);
      ctx.refreshNow(WAIT);
      // No update: the manager keeps the last good targets.
      assertThat(ctx.updates()).hasSize(1);
      assertThat(ctx.errors()).hasSize(2);
      assertThat(ctx.errors().get(0).message())
          .startsWith("unable to refresh target groups: could not describe instances: ")
          .contains("Unavailable");
      assertThat(((Ec2ApiException) ctx.errors().get(0).cause()).errorCode())
          .isEqualTo("Unavailable");

      fake.recover()
          .serveInstances(
              Ec2Fake.instance("i-a", "10.0.0.1", "running"),
              Ec2Fake.instance("i-b", "10.0.0.2", "running"));
      ctx.refreshNow(WAIT);
      assertThat(ctx.updates()).hasSize(2);
      assertThat(ids(last(ctx))).containsExactly("i-a/running", "i-b/running");
      // A 5xx is no reason to rebuild the client.
      assertThat(clientsBuilt).hasValue(1);
    }
  }

  @ParameterizedTest
  @CsvSource({"401, AuthFailure", "403, UnauthorizedOperation"})
  void authErrorRebuildsTheClientOnTheNextRefresh(int status, String code) {
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    fake.fail("DescribeInstances", status, code, "credentials rejected", 0, 1);
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(config(Compat.PROMETHEUS_3, "us-east-1", "")))) {
      ctx.awaitRefreshes(1, WAIT);
      // RefreshDiscoverer answers a failed first refresh with an empty update (no groups).
      assertThat(ctx.updates()).containsExactly(List.of());
      assertThat(ctx.errors())
          .singleElement()
          // The 401's body (AuthFailure) is not parsed by the URL-connection client; the status is.
          .satisfies(e -> assertThat(e.message()).contains("Status Code: " + status));
      assertThat(clientsBuilt).hasValue(1);

      ctx.refreshNow(WAIT);
      assertThat(clientsBuilt).hasValue(2);
      assertThat(ids(last(ctx))).containsExactly("i-a/running");
      // The zone map survived the rebuild (Prometheus keeps azToAZID).
      assertThat(fake.requests("DescribeAvailabilityZones")).hasSize(1);
    }
  }

  @Test
  void otherClientErrorsKeepTheClient() {
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    try (RecordingContext ctx =
        RecordingContext.ticked()
            .start(
                discoverer(
                    config(
                        Compat.PROMETHEUS_3,
                        "us-east-1",
                        "  filters: [{name: no-such-filter, values: [x]}]\n")))) {
      ctx.awaitRefreshes(1, WAIT);
      ctx.refreshNow(WAIT);
      assertThat(ctx.errors()).hasSize(2);
      assertThat(ctx.errors().get(0).message()).contains("InvalidParameterValue");
      assertThat(clientsBuilt).hasValue(1);
    }
  }

  @Test
  void zoneIdsAreRetriedUntilTheyWork() {
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    fake.fail("DescribeAvailabilityZones", 403, "UnauthorizedOperation", "no", 0, 1);
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(config(Compat.PROMETHEUS_3, "us-east-1", "")))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(last(ctx).get(0).targets().get(0).get("__meta_ec2_availability_zone_id"))
          .isEmpty();
      ctx.refreshNow(WAIT);
      assertThat(last(ctx).get(0).targets().get(0).get("__meta_ec2_availability_zone_id"))
          .isEqualTo("use1-az6");
      ctx.refreshNow(WAIT);
      assertThat(fake.requests("DescribeAvailabilityZones")).hasSize(2);
      assertThat(ctx.errors()).isEmpty(); // only debug-logged, as in Prometheus
    }
  }

  @Test
  void requestsAreSignedForTheRegionAndCarryTheFiltersOnEveryPage() {
    fake.serve(Ec2Fixtures.payloads().resolve("pagination"));
    Ec2SdConfig c =
        config(
            Compat.PROMETHEUS_3,
            "eu-central-1",
            "  filters:\n    - name: tag:env\n      values: [prod, \"stag*\"]\n"
                + "    - name: instance-state-name\n      values: [running]\n");
    try (RecordingContext ctx = RecordingContext.ticked().start(discoverer(c))) {
      ctx.awaitRefreshes(1, WAIT);
    }
    List<Ec2Fake.Request> pages = fake.requests("DescribeInstances");
    assertThat(pages).hasSize(3);
    for (Ec2Fake.Request r : fake.requests()) {
      assertThat(r.accessKey()).isEqualTo(ACCESS);
      assertThat(r.region()).isEqualTo("eu-central-1");
      assertThat(r.service()).isEqualTo("ec2");
      assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
      assertThat(r.form()).containsEntry("Version", "2016-11-15");
    }
    for (Ec2Fake.Request r : pages) {
      assertThat(Ec2Fake.filters(r.form()))
          .containsExactly(
              Map.entry("tag:env", List.of("prod", "stag*")),
              Map.entry("instance-state-name", List.of("running")));
      assertThat(r.form()).doesNotContainKey("MaxResults");
    }
    assertThat(pages.get(0).form()).doesNotContainKey("NextToken");
    assertThat(pages.get(1).form()).containsEntry("NextToken", "page-2-token");
    assertThat(pages.get(2).form()).containsEntry("NextToken", "page-3-token");
  }

  @Test
  void anInstanceOnTwoPagesIsSentTwice() {
    // discovery/aws/ec2.go refresh appends every instance of every page; promtool's output hides
    // the repeat (cmd/promtool/sd.go prints equal results once), the group does not.
    fake.serve(Ec2Fixtures.payloads().resolve("pagination"));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(config(Compat.PROMETHEUS_2, "us-east-1", "")))) {
      ctx.awaitRefreshes(1, WAIT);
      List<String> ids = ids(last(ctx));
      assertThat(ids).hasSize(10);
      assertThat(ids.get(0)).isEqualTo(ids.get(9));
    }
  }

  @Test
  void theClientIsBuiltOnTheFirstRefreshNotBefore() {
    Ec2Discoverer d = discoverer(config(Compat.PROMETHEUS_3, "us-east-1", ""));
    assertThat(clientsBuilt).hasValue(0);
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(clientsBuilt).hasValue(1);
    }
    assertThat(fake.requests()).isNotEmpty();
  }

  @Test
  void unresolvedRegionIsReportedAndRetried() {
    Map<String, String> env = new ConcurrentHashMap<>();
    RegionResolver regions =
        new RegionResolver(
            env::get,
            () -> null,
            () -> {
              throw new IllegalStateException("Unable to contact EC2 metadata service.");
            });
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(config(Compat.PROMETHEUS_3, "", ""), regions))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.errors())
          .singleElement()
          .extracting(RecordingContext.ReportedError::message)
          .isEqualTo(
              "unable to refresh target groups: could not determine AWS region: "
                  + "failed to get region from IMDS: Unable to contact EC2 metadata service.");
      assertThat(fake.requests()).isEmpty();

      env.put("AWS_DEFAULT_REGION", "ca-central-1");
      ctx.refreshNow(WAIT);
      assertThat(last(ctx))
          .singleElement()
          .extracting(TargetGroup::source)
          .isEqualTo("ca-central-1");
      assertThat(fake.requests()).allSatisfy(r -> assertThat(r.region()).isEqualTo("ca-central-1"));
    }
  }

  @Test
  void throttlingIsRetriedByTheSdk() {
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    fake.fail("DescribeInstances", 503, "RequestLimitExceeded", "Request limit exceeded.", 0, 1);
    Ec2Discoverer d =
        new Ec2Discoverer(
            config(Compat.PROMETHEUS_3, "us-east-1", ""),
            // The SDK's standard strategy, which classifies the error, with short waits.
            (cfg, r) ->
                SdkEc2Api.create(
                    cfg,
                    r,
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(10)))
                        .throttlingBackoffStrategy(
                            BackoffStrategy.fixedDelay(Duration.ofMillis(10)))
                        .build()),
            Ec2Fixtures.noRegion());
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.errors()).isEmpty();
      assertThat(ids(last(ctx))).containsExactly("i-a/running");
    }
    assertThat(fake.requests("DescribeInstances")).hasSize(2);
  }

  @Test
  void theSecretKeyNeverShows() {
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    Ec2SdConfig c = config(Compat.PROMETHEUS_3, "us-east-1", "");
    List<String> seen = new ArrayList<>();
    try (RecordingContext ctx = RecordingContext.ticked().start(discoverer(c))) {
      ctx.awaitRefreshes(1, WAIT);
      fake.fail(
          "DescribeInstances",
          401,
          "AuthFailure",
          "AWS was not able to validate the provided access credentials",
          0,
          1);
      ctx.refreshNow(WAIT);
      fake.fail("DescribeInstances", 500, "InternalError", "An internal error has occurred", 0, 1);
      ctx.refreshNow(WAIT);
      fake.close(); // connection refused
      ctx.refreshNow(WAIT);
      assertThat(ctx.errors()).hasSize(3);
      for (RecordingContext.ReportedError e : ctx.errors()) {
        seen.add(e.message());
        StringWriter w = new StringWriter();
        e.cause().printStackTrace(new PrintWriter(w));
        seen.add(w.toString());
      }
    }
    seen.add(c.toString());
    seen.add(String.valueOf(c.secretKey()));
    seen.addAll(CapturedLogs.lines());
    assertThat(CapturedLogs.lines()).isNotEmpty(); // the SDK did log (debug), and nothing leaked
    assertThat(seen).allSatisfy(s -> assertThat(s).doesNotContain(SECRET));
    assertThat(c.toString()).contains("secretKey=<secret>");
  }

  @Test
  void proxyUrlOfTheHttpConfigReachesTheSdkClient() {
    // The endpoint does not resolve; only the proxy (the fake) can answer.
    fake.serveInstances(Ec2Fake.instance("i-a", "10.0.0.1", "running"));
    String yml =
        SdFixtures.prometheusYml(
            "ec2",
            "- region: us-east-1\n  endpoint: http://ec2.promsd.invalid\n  access_key: "
                + ACCESS
                + "\n  secret_key: "
                + SECRET
                + "\n  proxy_url: "
                + fake.uri()
                + "\n");
    Ec2SdConfig c = Ec2Fixtures.parse(yml, Compat.PROMETHEUS_3, Ec2Fixtures.noRegion()).get(0);
    try (RecordingContext ctx = RecordingContext.ticked().start(discoverer(c))) {
      ctx.awaitRefreshes(1, WAIT);
      assertThat(ctx.errors()).isEmpty();
      assertThat(ids(last(ctx))).containsExactly("i-a/running");
    }
    assertThat(fake.requests()).isNotEmpty();
  }
}
