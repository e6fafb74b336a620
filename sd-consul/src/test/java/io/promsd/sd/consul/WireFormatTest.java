package io.promsd.sd.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Go pieces behind the wire format: strconv.ParseUint as the client applies it to
 * X-Consul-Index, durToMsec, the hashicorp client's AggregatedStatus, encoding/json's handling of
 * Consul's answers, and the Go ticker.
 */
class WireFormatTest {

  @Test
  void indexParsesAsUnsigned64AndErrorsGiveZero() {
    assertThat(ConsulApiWire.parseIndex("42")).isEqualTo(42);
    assertThat(ConsulApiWire.parseIndex("18446744073709551615")).isEqualTo(-1L); // 2^64-1
    assertThat(ConsulApiWire.parseIndex("18446744073709551616")).isZero(); // out of range
    assertThat(ConsulApiWire.parseIndex("+5")).isZero();
    assertThat(ConsulApiWire.parseIndex(" 5")).isZero();
    assertThat(ConsulApiWire.parseIndex("")).isZero();
    assertThat(ConsulApiWire.parseIndex(null)).isZero();
  }

  @Test
  void durToMsecRoundsUpBelowAMillisecond() {
    assertThat(ConsulApiWire.durToMsec(Duration.ofMinutes(2))).isEqualTo("120000ms");
    assertThat(ConsulApiWire.durToMsec(Duration.ofNanos(10))).isEqualTo("1ms");
    assertThat(ConsulApiWire.durToMsec(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  // ---- encoding/json of Consul answers ----

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void datacenterValueErrorsPrintAsGosPercentV() {
    assertThat(ConsulJson.datacenter(b("{\"Config\":{\"Datacenter\":\"dc9\"}}"))).isEqualTo("dc9");
    assertThatThrownBy(() -> ConsulJson.datacenter(b("{\"Config\":{}}")))
        .hasMessage("invalid value '<nil>' for Config.Datacenter");
    assertThatThrownBy(() -> ConsulJson.datacenter(b("null")))
        .hasMessage("invalid value '<nil>' for Config.Datacenter");
    assertThatThrownBy(() -> ConsulJson.datacenter(b("{\"Config\":{\"Datacenter\":5}}")))
        .hasMessage("invalid value '5' for Config.Datacenter");
    assertThatThrownBy(() -> ConsulJson.datacenter(b("{\"Config\":{\"Datacenter\":1000000}}")))
        .hasMessage("invalid value '1e+06' for Config.Datacenter");
    assertThatThrownBy(() -> ConsulJson.datacenter(b("{\"Config\":{\"Datacenter\":true}}")))
        .hasMessage("invalid value 'true' for Config.Datacenter");
    assertThatThrownBy(() -> ConsulJson.datacenter(b("{\"Config\":{\"Datacenter\":[\"a\",1.5]}}")))
        .hasMessage("invalid value '[a 1.5]' for Config.Datacenter");
    assertThatThrownBy(() -> ConsulJson.datacenter(b("{\"Config\":\"x\"}")))
        .hasMessage("json: cannot unmarshal string into Go value of type map[string]interface {}");
  }

  @Test
  void emptyBodyIsEofAndTrailingBytesAreIgnored() {
    assertThatThrownBy(() -> ConsulJson.health(new byte[0])).hasMessage("EOF");
    assertThatThrownBy(() -> ConsulJson.health(b("  "))).hasMessage("EOF");
    assertThat(ConsulJson.health(b("[] trailing garbage"))).isEmpty();
    assertThat(ConsulJson.health(b("null"))).isEmpty();
    assertThat(ConsulJson.catalog(b("null"))).isEmpty();
  }

  @Test
  void wrongTypesFailTheWholeAnswer() {
    assertThatThrownBy(() -> ConsulJson.catalog(b("[]")))
        .hasMessage("json: cannot unmarshal array into Go value of type map[string][]string");
    assertThatThrownBy(() -> ConsulJson.catalog(b("{\"a\": [1]}")))
        .hasMessage("json: cannot unmarshal number into Go value of type string");
    assertThatThrownBy(() -> ConsulJson.health(b("{}")))
        .hasMessage("json: cannot unmarshal object into Go value of type []*api.ServiceEntry");
    assertThatThrownBy(() -> ConsulJson.health(b("[{\"Service\": {\"Port\": 80.5}}]")))
        .hasMessage(
            "json: cannot unmarshal number 80.5 into Go struct field AgentService.Service.Port"
                + " of type int");
    assertThatThrownBy(() -> ConsulJson.health(b("[{\"Node\": {\"Meta\": {\"a\": 1}}}]")))
        .hasMessage(
            "json: cannot unmarshal number into Go struct field Node.Node.Meta of type string");
  }

  @Test
  void aggregatedStatusFollowsTheClient() {
    assertThat(status()).isEqualTo("passing");
    assertThat(status("passing")).isEqualTo("passing");
    assertThat(status("passing", "warning")).isEqualTo("warning");
    assertThat(status("warning", "critical", "passing")).isEqualTo("critical");
    assertThat(status("critical", "bogus")).isEmpty();
    assertThat(
            new ServiceEntry(
                    ServiceEntry.NO_NODE,
                    ServiceEntry.NO_SERVICE,
                    List.of(
                        new ServiceEntry.Check("_service_maintenance:x", "passing"),
                        new ServiceEntry.Check("c", "critical")))
                .aggregatedStatus())
        .isEqualTo("maintenance");
  }

  private static String status(String... statuses) {
    List<ServiceEntry.Check> checks =
        Stream.of(statuses).map(s -> new ServiceEntry.Check("c", s)).toList();
    return new ServiceEntry(ServiceEntry.NO_NODE, ServiceEntry.NO_SERVICE, checks)
        .aggregatedStatus();
  }

  // ---- request shapes for settings the fixtures do not reach ----

  private static ConsulClient client(String yaml, Map<String, String> env) {
    return ConsulClient.create(
        Fixtures.parse(yaml, Compat.PROMETHEUS_3), ConsulDiscovererTest.FAST, env::get);
  }

  @Test
  void everyRequestCarriesDcNsPartitionWhenSet() {
    try (ConsulClient c =
        client("datacenter: d\nnamespace: n\npartition: p\nallow_stale: false", Map.of())) {
      assertThat(c.selfPath()).isEqualTo("/v1/agent/self?dc=d&ns=n&partition=p");
      assertThat(c.catalogPath(0))
          .isEqualTo("/v1/catalog/services?dc=d&ns=n&partition=p&wait=120000ms");
      assertThat(c.catalogPath(7))
          .isEqualTo("/v1/catalog/services?dc=d&index=7&ns=n&partition=p&wait=120000ms");
    }
  }

  @Test
  void configuredNamespaceWinsOverTheEnvironment() {
    try (ConsulClient c =
        client("namespace: mine", Map.of("CONSUL_NAMESPACE", "env", "CONSUL_PARTITION", "ep"))) {
      assertThat(c.selfPath()).isEqualTo("/v1/agent/self?ns=mine&partition=ep");
    }
  }

  @Test
  void indexAbove2To63IsSentUnsigned() {
    try (ConsulClient c = client("allow_stale: false", Map.of())) {
      assertThat(c.healthPath("w", -1L))
          .isEqualTo("/v1/health/service/w?index=18446744073709551615&wait=120000ms");
    }
  }

  @Test
  void serverStringsAsTheHashicorpClientReadsThem() {
    assertThatThrownBy(() -> client("server: HTTP://x:1", Map.of()))
        .hasMessage("Unknown protocol scheme: HTTP");
    try (ConsulClient c = client("server: https://h:1/p/q\npath_prefix: /no", Map.of())) {
      assertThat(c.selfPath()).isEqualTo("/p/q/v1/agent/self");
    }
  }

  @Test
  void unparsableJsonNamesItsProblem() {
    assertThatThrownBy(() -> ConsulJson.catalog(b("{\"a\": [")))
        .hasMessageStartingWith("invalid JSON: ");
  }

  // ---- the Go ticker ----

  @Test
  void tickerWaitsForTheNextTickOrGoesAtOnceIfOneWasMissed() {
    long s = 1_000_000_000L;
    Ticker t = new Ticker(s, Duration.ofSeconds(10));
    // a fast first call: wait for the first tick
    assertThat(t.receive(s + 2_000_000_000L)).isEqualTo(s + 10_000_000_000L);
    // a call that outlasted a tick: go at once
    assertThat(t.receive(s + 25_000_000_000L)).isEqualTo(s + 25_000_000_000L);
    // the tick at 30 s had not fired when we went at 25 s: wait for it
    assertThat(t.receive(s + 26_000_000_000L)).isEqualTo(s + 30_000_000_000L);
    // several ticks missed: only one is kept, so one immediate receive, then the grid again
    assertThat(t.receive(s + 75_000_000_000L)).isEqualTo(s + 75_000_000_000L);
    assertThat(t.receive(s + 76_000_000_000L)).isEqualTo(s + 80_000_000_000L);
  }

  @Test
  void tickerRejectsANonPositiveInterval() {
    assertThatThrownBy(() -> new Ticker(0, Duration.ZERO))
        .hasMessage("non-positive interval for NewTicker");
  }
}
