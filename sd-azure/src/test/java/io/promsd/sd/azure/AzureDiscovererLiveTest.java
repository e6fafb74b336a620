package io.promsd.sd.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.testing.CapturedLogs;
import io.promsd.sd.testing.RecordingContext;
import io.promsd.sd.testing.SdFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The discoverer over time against {@link AzureFake}: changes between refreshes, faults (back end
 * down, slow, 5xx, throttling, garbage, a huge body, tokens expired or refused), the last good
 * targets kept through them, the 3.x network interface cache, and no secret in any log line or
 * error.
 */
class AzureDiscovererLiveTest {
  private static final String SECRET = "promsd-not-a-real-secret";

  @TempDir Path tmp;
  private AzureFake fake;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    fake = AzureFake.start().world(AzureFixtures.payload("basic"));
    Path envFile = tmp.resolve("azure-env.json");
    Files.writeString(
        envFile,
        "{\"name\":\"AzureStackCloud\",\"resourceManagerEndpoint\":\""
            + fake.base()
            + "/arm/\",\"activeDirectoryEndpoint\":\""
            + fake.base()
            + "/aad/\"}");
    env.put("AZURE_ENVIRONMENT_FILEPATH", envFile.toString());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private AzureDiscoverer discoverer(Compat compat, String extra) {
    String sd =
        (compat == Compat.PROMETHEUS_2 ? "- environment: AzureStackCloud\n" : "- port: 9100\n")
            + "  subscription_id: 11111111-2222-3333-4444-555555555555\n"
            + "  tenant_id: tenant-0001\n"
            + "  client_id: client-0001\n"
            + "  client_secret: "
            + SECRET
            + "\n"
            + extra;
    AzureSdConfig cfg = AzureFixtures.load(SdFixtures.prometheusYml("azure", sd), compat).get(0);
    Function<String, String> getenv = env::get;
    Cloud fakeCloud =
        new Cloud(
            "AzurePublic",
            fake.base() + "/aad/",
            fake.base() + "/arm",
            "https://management.core.windows.net/");
    Clouds clouds = compat == Compat.PROMETHEUS_2 ? Clouds.of(getenv) : (n, c) -> fakeCloud;
    return new AzureDiscoverer(cfg, clouds, AzureFixtures.FAST, getenv, fake.base() + "/no-imds");
  }

  private static List<String> addresses(RecordingContext ctx) {
    return ctx.targets().stream().map(l -> l.get("__address__")).sorted().toList();
  }

  @Test
  void changesBetweenRefreshesReachTheContext() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_2, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      assertThat(addresses(ctx)).containsExactly("10.0.1.4:80", "10.0.1.5:80");
      JsonNode w = AzureFake.JSON.readTree(Files.readString(AzureFixtures.payload("basic")));
      ArrayNode page = (ArrayNode) w.get("vms").get(0);
      page.remove(1); // win-1 is deleted
      fake.world(w);
      ctx.refreshNow(Duration.ofSeconds(20));
      assertThat(addresses(ctx)).containsExactly("10.0.1.4:80");
      assertThat(ctx.state()).containsOnlyKeys(""); // one group, empty source
    }
  }

  @Test
  void aFailedRefreshKeepsTheLastTargetsAndIsReported() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_2, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      fake.fault(
          new AzureFake.Fault(
              "vms", null, null, 403, "AuthorizationFailed", "no", null, Map.of(), 0, null));
      ctx.refreshNow(Duration.ofSeconds(20));
      assertThat(addresses(ctx)).containsExactly("10.0.1.4:80", "10.0.1.5:80");
      assertThat(ctx.errorMessages())
          .singleElement()
          .asString()
          .contains(
              "compute.VirtualMachinesClient#ListAll: Failure responding to request: StatusCode=403");
      fake.clearFaults();
      ctx.refreshNow(Duration.ofSeconds(20));
      assertThat(addresses(ctx)).containsExactly("10.0.1.4:80", "10.0.1.5:80");
    }
  }

  @Test
  void serverErrorsAreRetriedWithTheSdkBackoff() throws Exception {
    for (Compat compat : List.of(Compat.PROMETHEUS_2, Compat.PROMETHEUS_3)) {
      fake.clearFaults();
      fake.fault(
          new AzureFake.Fault("vms", null, null, 503, "ServerBusy", "later", null, Map.of(), 0, 2));
      AzureDiscoverer d = discoverer(compat, "");
      try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(20));
        assertThat(ctx.errors()).as(compat.toString()).isEmpty();
        assertThat(ctx.targets()).hasSize(2);
      }
    }
    long vmLists =
        fake.requests().stream().filter(r -> r.path().endsWith("/virtualMachines")).count();
    assertThat(vmLists).isEqualTo(2 * 3); // per compat: two 503s and the success
  }

  @Test
  void fourServerErrorsInARowFailTheRefresh() throws Exception {
    fake.fault(
        new AzureFake.Fault("vms", null, null, 500, "Boom", "boom", null, Map.of(), 0, null));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_2, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      assertThat(ctx.targets()).isEmpty();
      assertThat(ctx.errorMessages()).singleElement().asString().contains("StatusCode=500");
    }
    long vmLists =
        fake.requests().stream().filter(r -> r.path().endsWith("/virtualMachines")).count();
    assertThat(vmLists).isEqualTo(4); // go-autorest: the try and three retries
  }

  @Test
  void throttlingWithRetryAfterIsWaitedOut() throws Exception {
    fake.fault(
        new AzureFake.Fault(
            "nic",
            null,
            "web-1-nic",
            429,
            "TooManyRequests",
            "slow",
            null,
            Map.of("Retry-After", "1"),
            0,
            1));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_3, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      assertThat(ctx.errors()).isEmpty();
      assertThat(ctx.targets()).hasSize(2);
    }
    assertThat(fake.requests().stream().filter(r -> r.path().endsWith("/web-1-nic")).count())
        .isEqualTo(2); // the 429, then the retry
  }

  @Test
  void anExpiredTokenIsReplacedAtTheNextRefresh() throws Exception {
    for (Compat compat : List.of(Compat.PROMETHEUS_2, Compat.PROMETHEUS_3)) {
      try (RecordingContext ctx = RecordingContext.ticked().start(discoverer(compat, ""))) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(20));
        int before = fake.tokensIssued();
        fake.expireTokens(); // Azure AD revokes it: ARM answers 401 to it from now on
        ctx.refreshNow(Duration.ofSeconds(20));
        assertThat(ctx.errors()).as(compat.toString()).isEmpty();
        assertThat(ctx.targets()).hasSize(2);
        assertThat(fake.tokensIssued()).isGreaterThan(before);
      }
    }
  }

  @Test
  void aRefusedTokenFailsTheRefreshWithoutTheSecret() throws Exception {
    fake.fault(
        new AzureFake.Fault(
            "token",
            null,
            null,
            401,
            null,
            null,
            "{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + SECRET + "\"}",
            Map.of(),
            0,
            null));
    for (Compat compat : List.of(Compat.PROMETHEUS_2, Compat.PROMETHEUS_3)) {
      CapturedLogs.clear();
      try (RecordingContext ctx = RecordingContext.ticked().start(discoverer(compat, ""))) {
        ctx.awaitRefreshes(1, Duration.ofSeconds(20));
        assertThat(ctx.targets()).isEmpty();
        assertThat(ctx.errorMessages())
            .singleElement()
            .asString()
            .contains("401")
            .doesNotContain(SECRET);
        assertThat(String.join("\n", CapturedLogs.lines()))
            .doesNotContain(SECRET)
            .doesNotContain("fake-token-");
      }
    }
  }

  @Test
  void tokensNeverAppearInErrors() throws Exception {
    fake.fault(
        new AzureFake.Fault(
            "vms", null, null, 403, "AuthorizationFailed", "no", null, Map.of(), 0, null));
    CapturedLogs.clear();
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_3, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      assertThat(ctx.errorMessages()).singleElement().asString().doesNotContain("fake-token-");
      assertThat(String.join("\n", CapturedLogs.lines()))
          .doesNotContain("fake-token-")
          .doesNotContain(SECRET);
    }
    assertThat(
            AzureFixtures.load(
                    SdFixtures.prometheusYml(
                        "azure",
                        "- subscription_id: s\n  tenant_id: t\n  client_id: c\n  client_secret: "
                            + SECRET
                            + "\n"),
                    Compat.PROMETHEUS_3)
                .toString())
        .doesNotContain(SECRET);
  }

  @Test
  void garbageAndHugeAnswersFailTheRefreshNotTheProcess() throws Exception {
    fake.fault(
        new AzureFake.Fault("vms", null, null, 200, null, null, "{\"value\": [", Map.of(), 0, 1));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_3, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      assertThat(ctx.errorMessages()).singleElement().asString().contains("unmarshalling");
      ctx.refreshNow(Duration.ofSeconds(20));
      assertThat(ctx.targets()).hasSize(2);
    }
  }

  @Test
  void aBodyOverTheLimitIsAnError() throws Exception {
    com.sun.net.httpserver.HttpServer endless =
        com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endless.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, 0); // chunked, never ends by itself
          try (OutputStream out = ex.getResponseBody()) {
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (long sent = 0; sent < Http.MAX_BODY * 2; sent += chunk.length) {
              out.write(chunk);
            }
          } catch (IOException e) {
            // the client hung up, as it should
          }
        });
    endless.start();
    try {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      Http http = new Http(client, Duration.ofSeconds(30), 1 << 20);
      IOException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IOException.class,
              () ->
                  http.send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(
                                  "http://127.0.0.1:" + endless.getAddress().getPort() + "/"))
                          .build()));
      assertThat(e).hasMessageContaining("larger than");
    } finally {
      endless.stop(0);
    }
  }

  @Test
  void aSlowBackEndTimesOut() throws Exception {
    Http http =
        new Http(java.net.http.HttpClient.newHttpClient(), Duration.ofMillis(200), Http.MAX_BODY);
    fake.fault(
        new AzureFake.Fault("token", null, null, 200, null, null, "{}", Map.of(), 3000, null));
    // The fake answers after 3 s; only the 200 ms deadline makes this an exception.
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class,
            () ->
                http.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(fake.base() + "/aad/t/oauth2/token"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build()));
    assertThat(e).hasMessageContaining("timed out");
  }

  @Test
  void aBackEndThatIsDownIsReported() throws Exception {
    AzureDiscoverer d = discoverer(Compat.PROMETHEUS_2, "");
    fake.close();
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      assertThat(ctx.targets()).isEmpty();
      assertThat(ctx.errorMessages())
          .singleElement()
          .asString()
          .startsWith("unable to refresh target groups: could not get virtual machines:")
          .contains("adal: Failed to execute the refresh request");
    }
  }

  @Test
  void version3CachesNetworkInterfacesAcrossRefreshes() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_3, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      ctx.refreshNow(Duration.ofSeconds(20));
      assertThat(ctx.targets()).hasSize(2);
    }
    long nicCalls =
        fake.requests().stream().filter(r -> r.path().contains("/networkInterfaces/")).count();
    assertThat(nicCalls).isEqualTo(2); // the second refresh read both from the cache
  }

  @Test
  void version2FetchesNetworkInterfacesEveryRefresh() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_2, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      ctx.refreshNow(Duration.ofSeconds(20));
    }
    long nicCalls =
        fake.requests().stream().filter(r -> r.path().contains("/networkInterfaces/")).count();
    assertThat(nicCalls).isEqualTo(4);
  }

  @Test
  void cancellingStopsAHangingRefresh() throws Exception {
    fake.fault(
        new AzureFake.Fault("vms", null, null, 200, null, null, "{}", Map.of(), 30_000, null));
    RecordingContext ctx = RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_3, ""));
    assertThat(
            ctx.await(
                c -> fake.requests().stream().anyMatch(r -> r.path().endsWith("/virtualMachines")),
                Duration.ofSeconds(10)))
        .isTrue();
    ctx.close(); // the fake would answer after 30 s; close waits for the discoverer to end
    assertThat(ctx.ended()).isTrue();
  }

  @Test
  void labelsAreSanitisedAndEmptyTagsDrop() throws Exception {
    fake.world(AzureFixtures.payload("tags"));
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_3, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      Labels t = ctx.targets().get(0);
      assertThat(t.get("__meta_azure_machine_tag_a_b")).isEqualTo("1");
      assertThat(t.get("__meta_azure_machine_tag_c_d")).isEqualTo("2");
      assertThat(t.get("__meta_azure_machine_tag__")).isEqualTo("3");
      assertThat(t.get("__meta_azure_machine_tag_k8s_io_role")).isEqualTo("node");
      assertThat(t.get("__meta_azure_machine_tag__x")).isEmpty();
    }
  }

  @Test
  void version3TokenRequestsHaveMsalsShape() throws Exception {
    try (RecordingContext ctx =
        RecordingContext.ticked().start(discoverer(Compat.PROMETHEUS_3, ""))) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
    }
    AzureFake.Request token =
        fake.requests().stream()
            .filter(r -> r.path().startsWith("/aad/"))
            .findFirst()
            .orElseThrow();
    assertThat(token.path()).isEqualTo("/aad/tenant-0001/oauth2/v2.0/token");
    assertThat(token.form())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "client_id", "client-0001",
                "client_secret", SECRET,
                "grant_type", "client_credentials",
                "scope",
                    "https://management.core.windows.net//.default openid offline_access profile"));
    assertThat(token.headers())
        .containsEntry("content-type", "application/x-www-form-urlencoded; charset=utf-8");
  }

  @Test
  void workloadIdentityPostsTheFederatedTokenFileEveryTime() throws Exception {
    Path file = tmp.resolve("token");
    Files.writeString(file, "assertion-1\n");
    env.put("AZURE_CLIENT_ID", "wi-client");
    env.put("AZURE_TENANT_ID", "wi-tenant");
    env.put("AZURE_FEDERATED_TOKEN_FILE", file.toString());
    AzureDiscoverer d =
        discoverer(Compat.PROMETHEUS_3, "  authentication_method: WorkloadIdentity\n");
    try (RecordingContext ctx = RecordingContext.ticked().start(d)) {
      ctx.awaitRefreshes(1, Duration.ofSeconds(20));
      Files.writeString(file, "assertion-2\n"); // the kubelet rotates the projected token
      ctx.refreshNow(Duration.ofSeconds(20));
      assertThat(ctx.errors()).isEmpty();
    }
    List<String> assertions =
        fake.requests().stream()
            .filter(r -> r.path().startsWith("/aad/"))
            .map(r -> r.form().get("client_assertion"))
            .toList();
    assertThat(assertions).containsExactly("assertion-1", "assertion-2");
    assertThat(
            fake.requests().stream()
                .filter(r -> r.path().startsWith("/aad/"))
                .findFirst()
                .orElseThrow()
                .form())
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .containsEntry("client_info", "1")
        .containsEntry("client_id", "wi-client");
  }
}
