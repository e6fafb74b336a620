package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.promsd.web.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every case recorded from the real Pushgateway 1.5.1 ({@code
 * testdata/pushgateway/pushgateway-1.5.1/cases.json}, made by {@code gen/record.py}) against the
 * Java gateway: each answer's status, recorded headers and body, and the {@code /metrics} scrape
 * and {@code /api/v1/metrics} after the case, normalised as the recorder normalised them.
 *
 * <p>Where 1.5.1 answers a consistency-check error whose order depends on Go's map iteration, the
 * recorder kept every variant it saw; an answer matches one of them, or carries the same error
 * lines in another order. Cases marked {@code differs} in the corpus are the deliberate differences
 * (README), checked against promsd's documented answer instead.
 */
class ReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /**
   * Cases that involve the real one's Go runtime metrics ({@code go_*}), which a JVM does not have:
   * its own metrics are client_java's JVM and process metrics instead.
   */
  static final Set<String> GO_RUNTIME_CASES =
      Set.of(
          "cons/type-clash-own-metric", "sem/help-of-own-metric", "cons/own-metric-name-same-type");

  @TempDir Path tmp;

  static JsonNode corpus() throws IOException {
    Path p =
        Path.of(System.getProperty("promsd.testdata", "../testdata"))
            .resolve("pushgateway/pushgateway-1.5.1/cases.json");
    return JSON.readTree(Files.readAllBytes(p));
  }

  @TestFactory
  Stream<DynamicTest> recordedCases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : corpus().get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(150);
    return tests.stream();
  }

  private Pushgateway start(JsonNode c, Path pfile) throws IOException {
    Pushgateway.Builder b = Pushgateway.builder().listenAddress("127.0.0.1:0").jvmMetrics(false);
    for (JsonNode f : c.path("flags")) {
      String flag = f.asText();
      String[] kv = flag.split("=", 2);
      switch (kv[0]) {
        case "--web.route-prefix" -> b.routePrefix(kv[1]);
        case "--web.external-url" -> b.externalUrl(kv[1]);
        case "--web.telemetry-path" -> b.telemetryPath(kv[1]);
        case "--web.enable-lifecycle" -> b.enableLifecycle(true);
        case "--web.enable-admin-api" -> b.enableAdminApi(true);
        case "--push.disable-consistency-check" -> b.disableConsistencyCheck(true);
        case "--persistence.interval" -> b.persistenceInterval(Duration.ofMinutes(1));
        default -> throw new IllegalArgumentException("flag not mapped: " + flag);
      }
    }
    if (pfile != null) {
      b.persistenceFile(pfile);
    }
    return b.start();
  }

  private void replay(JsonNode c) throws Exception {
    String name = c.get("name").asText();
    Path pfile = null;
    if (c.path("persistence").asBoolean()) {
      pfile = tmp.resolve(name.replace('/', '_') + ".data");
      if (name.equals("persist/corrupt-file")) {
        Files.write(pfile, "\u000f\u00ffgarbage-not-ours".getBytes(StandardCharsets.ISO_8859_1));
      } else if (name.equals("persist/empty-file")) {
        Files.write(pfile, new byte[0]);
      }
    }
    String prefix = "";
    String telemetry = "/metrics";
    for (JsonNode f : c.path("flags")) {
      String t = f.asText();
      if (t.startsWith("--web.route-prefix=")) {
        prefix = "/" + strip(t.substring(t.indexOf('=') + 1));
      } else if (t.startsWith("--web.external-url=") && !hasFlag(c, "--web.route-prefix=")) {
        prefix = "/ext";
      } else if (t.startsWith("--web.telemetry-path=")) {
        telemetry = t.substring(t.indexOf('=') + 1);
      }
    }
    if (prefix.equals("/")) {
      prefix = "";
    }
    int restartAfter = c.path("restart_after").asInt(-1);
    String differs = c.path("differs").asText(null);
    Pushgateway gw = start(c, pfile);
    boolean quit = false;
    try {
      JsonNode steps = c.get("steps");
      for (int i = 0; i < steps.size(); i++) {
        JsonNode s = steps.get(i);
        RawHttp.Answer a = send(gw, s);
        String where =
            name + " step " + i + " " + s.get("method").asText() + " " + s.get("path").asText();
        if (GO_RUNTIME_CASES.contains(name)) {
          // the JVM gateway holds no go_* families: the push is an ordinary one
          assertThat(a.status()).as(where).isEqualTo(200);
        } else if (differs != null) {
          checkDiffers(name, i, a, where);
        } else if (s.path("answer").path("body").asText().contains("template.html")) {
          // Debian's build serves its page from /usr/share (absent where it was recorded: 500)
          assertThat(a.status()).as(where).isEqualTo(200);
          assertThat(a.header("Content-Type")).as(where).contains("text/html; charset=utf-8");
        } else {
          compare(s.get("answer"), s.path("answer_variants"), a, where);
        }
        if (s.get("path").asText().endsWith("/-/quit") && a.status() == 200) {
          quit = true;
          gw.awaitQuit();
          break;
        }
        if (i == restartAfter - 1) {
          gw.close();
          gw = start(c, pfile);
        }
      }
      if (quit || GO_RUNTIME_CASES.contains(name)) {
        return;
      }
      RawHttp.Answer m = get(gw, prefix + telemetry);
      RawHttp.Answer api = get(gw, prefix + "/api/v1/metrics");
      if (differs != null) {
        assertThat(m.status()).as(name + " /metrics").isEqualTo(200);
        return;
      }
      compare(c.get("metrics"), c.path("metrics_variants"), m, name + " final /metrics");
      compare(c.get("api_metrics"), c.path("api_metrics_variants"), api, name + " final api");
    } finally {
      gw.close();
    }
  }

  /** promsd's answers where it deliberately differs from 1.5.1 (README "Differences"). */
  private static void checkDiffers(String name, int step, RawHttp.Answer a, String where) {
    switch (name) {
      case "pb/empty-name" -> {
        assertThat(a.status()).as(where).isEqualTo(400);
        assertThat(a.text())
            .as(where)
            .isEqualTo(
                "pushed metrics are invalid or inconsistent with existing metrics: a metric family has"
                    + " an empty name\n");
      }
      case "cons/unchecked-timestamp" -> {
        assertThat(a.status()).as(where).isEqualTo(400);
        assertThat(a.text())
            .as(where)
            .isEqualTo(
                "pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must"
                    + " not have timestamps\n");
      }
      case "cons/duplicate-across-groups" ->
          assertThat(a.status()).as(where).isEqualTo(step == 0 ? 200 : 400);
      case "gzip/upper-case-is-not-gzip" -> assertThat(a.status()).as(where).isEqualTo(200);
      default -> throw new AssertionError("no expectation for the deliberate difference " + name);
    }
  }

  private static boolean hasFlag(JsonNode c, String prefix) {
    for (JsonNode f : c.path("flags")) {
      if (f.asText().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String strip(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '/') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '/') {
      e--;
    }
    return s.substring(b, e);
  }

  static RawHttp.Answer send(Pushgateway gw, JsonNode s) throws IOException {
    String method = s.get("method").asText();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("User-Agent", "ReplayTest"));
    Iterator<Map.Entry<String, JsonNode>> it = s.path("headers").properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> h = it.next();
      headers.add(Map.entry(h.getKey(), h.getValue().asText()));
    }
    byte[] body = null;
    if (s.has("body")) {
      body = s.get("body").asText().getBytes(StandardCharsets.UTF_8);
    } else if (s.has("body_base64")) {
      body = Base64.getDecoder().decode(s.get("body_base64").asText());
    }
    if (body == null && (method.equals("PUT") || method.equals("POST"))) {
      body = new byte[0];
    }
    return RawHttp.send(
        "127.0.0.1", gw.port(), method, s.get("path").asText(), headers, body, TIMEOUT);
  }

  static RawHttp.Answer get(Pushgateway gw, String path) throws IOException {
    return RawHttp.send("127.0.0.1", gw.port(), "GET", path, List.of(), null, TIMEOUT);
  }

  // ------------------------------------------------------------------ comparing

  private static void compare(JsonNode want, JsonNode variants, RawHttp.Answer a, String where)
      throws IOException {
    List<JsonNode> options = new ArrayList<>();
    options.add(want);
    variants.forEach(options::add);
    AssertionError first = null;
    for (JsonNode o : options) {
      try {
        compareOne(o, a, where);
        return;
      } catch (AssertionError e) {
        if (first == null) {
          first = e;
        }
      }
    }
    // Go's map order: the same errors in another order
    if (want.has("body") && errorLines(want.get("body").asText()) != null) {
      List<String> ours = errorLines(normError(a.text()));
      List<String> theirs = errorLines(want.get("body").asText());
      if (ours != null && a.status() == want.get("status").asInt()) {
        List<String> x = new ArrayList<>(ours);
        List<String> y = new ArrayList<>(theirs);
        x.sort(null);
        y.sort(null);
        if (x.equals(y)) {
          return;
        }
      }
    }
    throw first;
  }

  private static List<String> errorLines(String body) {
    int i = body.indexOf(" error(s) occurred:\n");
    if (i < 0) {
      return null;
    }
    return Arrays.asList(body.substring(body.indexOf('\n', i) + 1).split("\n"));
  }

  private static void compareOne(JsonNode want, RawHttp.Answer a, String where) throws IOException {
    assertThat(a.status())
        .as(where + " status; body " + a.text())
        .isEqualTo(want.get("status").asInt());
    Iterator<Map.Entry<String, JsonNode>> it = want.path("headers").properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> h = it.next();
      assertThat(a.header(h.getKey()))
          .as(where + " header " + h.getKey())
          .contains(h.getValue().asText());
    }
    if (want.has("body")) {
      String ours = a.text();
      String ct = a.header("Content-Type").orElse("");
      if (a.status() == 200 && ct.startsWith("text/plain; version=0.0.4")) {
        ours = normScrape(ours);
      } else {
        ours = normError(ours);
      }
      assertThat(ours).as(where + " body").isEqualTo(want.get("body").asText());
    } else if (want.has("json")) {
      JsonNode ours = normApi(JSON.readTree(a.body()));
      JsonNode theirs = want.get("json");
      if (theirs.path("data").has("flags")) {
        ObjectNode d = (ObjectNode) ours.get("data");
        ObjectNode t = ((ObjectNode) theirs.get("data")).deepCopy();
        // build information and the listen address are the gateway's own; Debian adds a flag
        d.remove("build_information");
        t.remove("build_information");
        ObjectNode tf = (ObjectNode) t.get("flags");
        ObjectNode of = (ObjectNode) d.get("flags");
        tf.remove(List.of("web.listen-address", "web.local-assets"));
        of.remove(List.of("web.listen-address", "push.ttl"));
        assertThat(d).as(where + " json").isEqualTo(t);
        return;
      }
      assertThat(ours).as(where + " json").isEqualTo(theirs);
    } else if (want.has("body_bytes")) {
      assertThat(a.body().length).as(where + " protobuf body").isPositive();
      if (want.has("families")) {
        // through text, so numbers are read back as the recorded ones were (int or long nodes)
        assertThat(JSON.readTree(JSON.writeValueAsString(PbScrape.decode(a.body()))))
            .as(where + " protobuf families")
            .isEqualTo(want.get("families"));
      }
    }
  }

  private static final Pattern TS =
      Pattern.compile("^(push_(?:failure_)?time_seconds\\{[^}]*\\}) (\\S+)$");
  private static final Pattern ERR_TS =
      Pattern.compile("(\"push_(?:failure_)?time_seconds\" \\{ [^}]*gauge:<value:)([^ ]+)( >)");
  private static final String[] SELF = {"go_", "process_", "pushgateway_", "promhttp_"};

  static String normError(String text) {
    Matcher m = ERR_TS.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb,
          Matcher.quoteReplacement(
              m.group(1) + (m.group(2).equals("0") ? "0" : "<ts>") + m.group(3)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String normScrape(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String name;
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        name = line.split(" ")[2];
      } else {
        name = line.split("[{ ]", 2)[0];
      }
      boolean self = false;
      for (String p : SELF) {
        if (name.startsWith(p)) {
          self = true;
        }
      }
      if (self) {
        continue;
      }
      Matcher m = TS.matcher(line);
      if (m.matches() && !m.group(2).equals("0")) {
        line = m.group(1) + " <ts>";
      }
      out.add(line);
    }
    return normError(String.join("\n", out));
  }

  static JsonNode normApi(JsonNode doc) {
    JsonNode data = doc.get("data");
    if (data instanceof ArrayNode arr) {
      List<JsonNode> groups = new ArrayList<>();
      for (JsonNode g : arr) {
        Iterator<Map.Entry<String, JsonNode>> it = g.properties().iterator();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue() instanceof ObjectNode v && v.has("time_stamp")) {
            v.set("time_stamp", TextNode.valueOf("<ts>"));
            if (e.getKey().equals("push_time_seconds")
                || e.getKey().equals("push_failure_time_seconds")) {
              for (JsonNode m : v.get("metrics")) {
                if (!m.path("value").asText().equals("0")) {
                  ((ObjectNode) m).set("value", TextNode.valueOf("<ts>"));
                }
              }
            }
          }
        }
        groups.add(g);
      }
      groups.sort((x, y) -> sortKey(x).compareTo(sortKey(y)));
      arr.removeAll();
      groups.forEach(arr::add);
    }
    if (data instanceof ObjectNode o && o.has("start_time")) {
      o.set("start_time", TextNode.valueOf("<ts>"));
    }
    return doc;
  }

  // Python's json.dumps(labels, sort_keys=True)
  private static String sortKey(JsonNode g) {
    StringBuilder sb = new StringBuilder("{");
    List<String> names = new ArrayList<>();
    g.get("labels").fieldNames().forEachRemaining(names::add);
    names.sort(null);
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('"')
          .append(names.get(i))
          .append("\": \"")
          .append(g.get("labels").get(names.get(i)).asText())
          .append('"');
    }
    return sb.append('}').toString();
  }
}
