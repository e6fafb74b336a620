package io.promsd.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store keeps each name's lines in scrape order as pushes replace, merge and delete groups; a
 * scrape must read exactly as gathering every group's metrics and sorting them does (what the
 * scrape did before it kept them sorted, and what promhttp does): random operations, compared after
 * each one.
 */
class ScrapeOrderTest {
  private static final String[] VALUES = {
    "", "1", "10", "2", "a", "z", "\u00e4", "\uD83D\uDE00", "a\"b", "x\\y", "\uE000", "A"
  };

  private static String body(Random rnd) {
    StringBuilder sb = new StringBuilder();
    if (rnd.nextBoolean()) {
      sb.append("# HELP a A gauge.\n# TYPE a gauge\n");
      series(sb, rnd, "a", " " + (rnd.nextInt(2000) - 1000) / 8.0);
    }
    if (rnd.nextBoolean()) {
      sb.append("# TYPE b untyped\n");
      series(sb, rnd, "b", " 1e-0" + rnd.nextInt(9));
    }
    if (rnd.nextBoolean()) {
      sb.append("# TYPE c_total counter\n");
      series(sb, rnd, "c_total", " " + rnd.nextInt(100));
    }
    if (rnd.nextBoolean()) {
      sb.append("# TYPE h histogram\n");
      String labels =
          "{k=\""
              + VALUES[rnd.nextInt(VALUES.length)].replace("\\", "\\\\").replace("\"", "\\\"")
              + "\"";
      sb.append("h_bucket").append(labels).append(",le=\"0.5\"} 1\n");
      sb.append("h_sum").append(labels).append("} 0.25\n");
      sb.append("h_count").append(labels).append("} 2\n");
    }
    return sb.toString();
  }

  private static void series(StringBuilder sb, Random rnd, String name, String value) {
    Set<String> seen = new LinkedHashSet<>();
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      StringBuilder l = new StringBuilder();
      int count = rnd.nextInt(3);
      String[] names = {"x", "y", "k"};
      for (int j = 0; j < count; j++) {
        String v = VALUES[rnd.nextInt(VALUES.length)];
        l.append(j == 0 ? "{" : ",")
            .append(names[j])
            .append("=\"")
            .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
            .append('"');
      }
      if (count > 0) {
        l.append('}');
      }
      if (seen.add(l.toString())) {
        sb.append(name).append(l).append(value).append('\n');
      }
    }
  }

  // Grouping values never equal body label values and no group spells out instance="": no two
  // series of a name then have equal label values (the order of equal ones is the gather order,
  // which only the store knows).
  private static TreeMap<String, String> group(Random rnd) {
    TreeMap<String, String> g = new TreeMap<>(Utf8::compare);
    g.put("job", "j" + rnd.nextInt(3));
    if (rnd.nextBoolean()) {
      g.put("instance", VALUES[1 + rnd.nextInt(3)]);
    }
    if (rnd.nextInt(4) == 0) {
      g.put("zone", "zone-" + VALUES[rnd.nextInt(VALUES.length)]);
    }
    return g;
  }

  /** Every group's families merged by name, each name's metrics sorted, written as text. */
  private static String reference(Store store) {
    TreeMap<String, Family> byName = new TreeMap<>(Utf8::compare);
    List<Family.Metric> pushes = new ArrayList<>();
    List<Family.Metric> failures = new ArrayList<>();
    for (Store.GroupView g : store.groups()) {
      for (Store.Stored s : g.families()) {
        Family f = s.family();
        byName
            .computeIfAbsent(f.name, n -> new Family(n, f.help, f.type, new ArrayList<>()))
            .metrics
            .addAll(f.metrics);
      }
      Family.Metric p = new Family.Metric(g.gaugeLabels());
      p.gauge = g.pushTime();
      pushes.add(p);
      Family.Metric q = new Family.Metric(g.gaugeLabels());
      q.gauge = g.failureTime();
      failures.add(q);
    }
    if (!pushes.isEmpty()) {
      byName.put(
          Store.PUSH_TIME,
          new Family(Store.PUSH_TIME, Store.PUSH_TIME_HELP, MetricType.GAUGE, pushes));
      byName.put(
          Store.PUSH_FAILURE,
          new Family(Store.PUSH_FAILURE, Store.PUSH_FAILURE_HELP, MetricType.GAUGE, failures));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Family f : byName.values()) {
      List<Family.Metric> ms = new ArrayList<>(f.metrics);
      if (ms.isEmpty()) {
        continue;
      }
      ms.sort(Exposition.METRIC_ORDER);
      assertThat(TextFormat.write(f, ms, out)).isNull();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String pushedPart(String scrape) {
    StringBuilder sb = new StringBuilder();
    for (String line : scrape.split("\n")) {
      if (!line.contains("pushgateway_")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void scrapeOrderSurvivesReplacesMergesAndDeletes(long seed) throws Exception {
    Random rnd = new Random(seed);
    Store store = new Store();
    SelfMetrics self = new SelfMetrics(false);
    long now = 1_700_000_000_000_000_000L;
    int applied = 0;
    for (int op = 0; op < 300; op++) {
      TreeMap<String, String> g = group(rnd);
      int kind = rnd.nextInt(10);
      now += 1_234_567_891L;
      if (kind < 2) {
        store.delete(g);
      } else {
        Map<String, Family> fams =
            TextParser.parse(new ByteArrayInputStream(body(rnd).getBytes(StandardCharsets.UTF_8)));
        Store.Outcome o = store.push(g, fams, kind < 7, true, now, 0, null);
        if (o.error() == null) {
          applied++;
        }
      }
      Exposition.Answer a = Exposition.scrape(store, self, null);
      assertThat(a.status()).isEqualTo(200);
      assertThat(pushedPart(new String(a.body(), StandardCharsets.UTF_8)))
          .as("after operation %d", op)
          .isEqualTo(pushedPart(reference(store)));
    }
    assertThat(applied).as("pushes the store took").isGreaterThan(100);
  }
}
