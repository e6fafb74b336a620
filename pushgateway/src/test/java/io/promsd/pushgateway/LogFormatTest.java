package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --log.format=json}: the lines the real 1.5.1 writes with that flag (recorded by starting
 * it with {@code --log.format=json} and pushing a counter over a held gauge):
 *
 * <pre>{@code
 * {"address":"127.0.0.1:19555","caller":"tls_config.go:232","level":"info","msg":"Listening on","ts":"2026-12-07T21:12:52.806Z"}
 * {"caller":"push.go:146","err":"collected metric \"x\" { label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"a\" > untyped:<value:1 > } is not a COUNTER","level":"error","method":"PUT","msg":"pushed metrics are invalid or inconsistent with existing metrics","source":"127.0.0.1:39158","ts":"2026-12-07T21:12:54.826Z"}
 * }</pre>
 *
 * One JSON object per line, keys sorted, {@code <} not HTML-escaped, {@code ts} in UTC with
 * milliseconds. {@code caller} names promsd's source file instead of Go's.
 */
class LogFormatTest {
  private static final Pattern TS =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static List<JsonNode> lines(StringBuffer sink) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : sink.toString().split("\n")) {
      if (!l.isEmpty()) {
        assertThat(l).startsWith("{").endsWith("}");
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }

  @Test
  void jsonLinesCarryTheRealOnesKeysInItsOrder() throws Exception {
    StringBuffer sink = new StringBuffer();
    try (Pushgateway gw =
        Pushgateway.builder()
            .listenAddress("127.0.0.1:0")
            .jvmMetrics(false)
            .logSettings("info", "json")
            .logSink(sink)
            .start()) {
      assertThat(GatewayBehaviourTest.put(gw, "/metrics/job/a", "x 1\n").statusCode())
          .isEqualTo(200);
      assertThat(
              GatewayBehaviourTest.put(gw, "/metrics/job/b", "# TYPE x counter\nx 1\n")
                  .statusCode())
          .isEqualTo(400);
    }
    List<JsonNode> lines = lines(sink);
    JsonNode listening =
        lines.stream()
            .filter(n -> n.path("msg").asText().equals("Listening on"))
            .findFirst()
            .orElseThrow();
    assertThat(keys(listening)).containsExactly("address", "caller", "level", "msg", "ts");
    assertThat(listening.get("address").asText()).startsWith("127.0.0.1:");
    JsonNode tls =
        lines.stream()
            .filter(n -> n.path("msg").asText().equals("TLS is disabled."))
            .findFirst()
            .orElseThrow();
    assertThat(tls.get("http2").isBoolean()).isTrue();

    JsonNode refused =
        lines.stream()
            .filter(n -> n.path("level").asText().equals("error"))
            .findFirst()
            .orElseThrow();
    assertThat(keys(refused))
        .containsExactly("caller", "err", "level", "method", "msg", "source", "ts");
    assertThat(refused.get("msg").asText())
        .isEqualTo("pushed metrics are invalid or inconsistent with existing metrics");
    assertThat(refused.get("method").asText()).isEqualTo("PUT");
    assertThat(refused.get("source").asText()).matches("127\\.0\\.0\\.1:\\d+");
    // which of the two groups' metric the text names follows Go's map order in the real one
    assertThat(refused.get("err").asText())
        .matches(
            "collected metric \"x\" \\{ label:<name:\"instance\" value:\"\" >"
                + " label:<name:\"job\" value:\"[ab]\" > (untyped|counter):<value:1 > \\}"
                + " is not a (COUNTER|UNTYPED)");
    assertThat(refused.get("caller").asText()).matches("[A-Za-z]+\\.java:\\d+");
    assertThat(refused.get("ts").asText()).matches(TS);
    // no HTML escaping, as the real one's lines show
    assertThat(sink.toString()).contains("label:<name:").doesNotContain("\\u003c");
  }

  @Test
  void levelFiltersJsonLines() throws Exception {
    StringBuffer sink = new StringBuffer();
    try (Pushgateway gw =
        Pushgateway.builder()
            .listenAddress("127.0.0.1:0")
            .jvmMetrics(false)
            .logSettings("error", "json")
            .logSink(sink)
            .start()) {
      GatewayBehaviourTest.put(gw, "/metrics/job/a", "x 1\n");
      GatewayBehaviourTest.put(gw, "/metrics/job/b", "# TYPE x counter\nx 1\n");
    }
    List<JsonNode> lines = lines(sink);
    assertThat(lines).isNotEmpty().allMatch(n -> n.get("level").asText().equals("error"));
  }

  @Test
  void logfmtLeavesTheSinkAlone() throws Exception {
    StringBuffer sink = new StringBuffer();
    try (Pushgateway gw =
        Pushgateway.builder()
            .listenAddress("127.0.0.1:0")
            .jvmMetrics(false)
            .logSettings("info", "logfmt")
            .logSink(sink)
            .start()) {
      GatewayBehaviourTest.put(gw, "/metrics/job/a", "x 1\n");
      GatewayBehaviourTest.put(gw, "/metrics/job/b", "# TYPE x counter\nx 1\n");
    }
    assertThat(sink).isEmpty();
    assertThat(GoLog.logfmt("push refused", "source", "127.0.0.1:1", "err", "a b"))
        .isEqualTo("msg=\"push refused\" source=127.0.0.1:1 err=\"a b\"");
  }

  @Test
  void stringsAreEscapedAsGoEncodingJsonEscapesThem() {
    String line =
        GoLog.jsonLine(
            GoLog.Level.WARN,
            "m",
            "X.java:1",
            Instant.parse("2026-12-07T21:12:54.826123Z"),
            "err",
            "q\" b\\ nl\n cr\r tab\t ctl\u0001 <&> \u2028 \u00e4 \uD83D\uDE00 bad\uDC80",
            "n",
            7,
            "ok",
            true);
    assertThat(line)
        .isEqualTo(
            "{\"caller\":\"X.java:1\",\"err\":\"q\\\" b\\\\ nl\\n cr\\r tab\\t ctl\\u0001 <&>"
                + " \\u2028 \u00e4 \uD83D\uDE00 bad\uFFFD\",\"level\":\"warn\",\"msg\":\"m\","
                + "\"n\":7,\"ok\":true,\"ts\":\"2026-12-07T21:12:54.826Z\"}\n");
  }
}
