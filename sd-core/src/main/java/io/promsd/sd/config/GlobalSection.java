package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code global} section ({@code GlobalConfig.UnmarshalYAML} in {@code config/config.go}): its
 * keys per compat, the defaults, external labels checked in Prometheus's order, and the 3.x scrape
 * protocol and escaping settings that {@link ScrapeSection} checks per job.
 */
final class GlobalSection {
  private final Loading l;
  private final Decoder d;
  private final Path dir;
  private final Compat compat;

  GlobalSection(Loading l) {
    this.l = l;
    this.d = l.d;
    this.dir = l.dir;
    this.compat = l.compat;
  }

  GlobalConfig global(Node n) {
    int mark = d.typeErrorCount();
    Fields f = d.struct(n, "config.plain");
    Duration interval = Duration.ZERO;
    Duration timeout = Duration.ZERO;
    Duration evaluation = Duration.ZERO;
    Map<String, String> external = new LinkedHashMap<>();
    Map<String, Node> externalKeys = new LinkedHashMap<>();
    NameValidation scheme = null;
    boolean nativeHist = false;
    boolean convert = false;
    boolean always = false;
    long keepDropped = 0;
    for (String key : f.remaining()) {
      if (!globalKeyKnown(key)) {
        continue;
      }
      Node v = f.take(key);
      switch (key) {
        case "scrape_interval" -> interval = l.duration(v);
        case "scrape_timeout" -> timeout = l.duration(v);
        case "evaluation_interval" -> evaluation = l.duration(v);
        case "external_labels" -> {
          for (Map.Entry<Node, Node> e : d.mapEntries(v, "map[string]string")) {
            String k = d.string(e.getKey());
            external.put(k, d.string(e.getValue()));
            externalKeys.put(k, e.getKey());
          }
        }
        case "metric_name_validation_scheme" -> scheme = l.validationScheme(v);
        case "scrape_native_histograms" -> nativeHist = d.bool(v, false);
        case "convert_classic_histograms_to_nhcb" -> convert = d.bool(v, false);
        case "always_scrape_classic_histograms" -> always = d.bool(v, false);
        case "keep_dropped_targets" -> keepDropped = l.uint(v);
        case "metric_name_escaping_scheme" -> l.globalEscaping = d.string(v);
        case "scrape_protocols" ->
            l.globalProtocols = d.stringList(v, "[]config.ScrapeProtocol", "string");
        default -> l.scrape.plain(key, v);
      }
    }
    f.finish();
    if (d.typeErrorsSince(mark) || n == null || n.isNull()) {
      return GlobalConfig.DEFAULT; // an empty global block means all defaults
    }
    NameValidation effective = scheme == null ? NameValidation.UTF8 : scheme;
    NameValidation labelRule = compat == Compat.PROMETHEUS_2 ? NameValidation.LEGACY : effective;
    // external_labels is a labels.Labels, built sorted by name (labels.FromMap): the first
    // invalid name in that order is the one reported, wherever it stands in the file.
    List<Map.Entry<String, String>> sorted = new ArrayList<>(external.entrySet());
    sorted.sort(Map.Entry.comparingByKey(Labels.NAME_ORDER));
    for (Map.Entry<String, String> e : sorted) {
      if (!labelRule.isValid(e.getKey())) {
        throw d.error(
            externalKeys.get(e.getKey()), GoText.quote(e.getKey()) + " is not a valid label name");
      }
      if (!e.getValue().isEmpty() && !NameValidation.isUtf8Name(e.getValue())) {
        throw d.error( // a value that is not UTF-8 (only a !!binary scalar can give one)
            externalKeys.get(e.getKey()),
            GoText.quote(e.getValue()) + " is not a valid label value");
      }
    }
    if (interval.isZero()) {
      interval = GlobalConfig.DEFAULT.scrapeInterval();
    }
    if (timeout.compareTo(interval) > 0) {
      throw d.error(n, "global scrape timeout greater than scrape interval");
    }
    if (timeout.isZero()) {
      Duration dflt = GlobalConfig.DEFAULT.scrapeTimeout();
      timeout = dflt.compareTo(interval) > 0 ? interval : dflt;
    }
    if (evaluation.isZero()) {
      evaluation = GlobalConfig.DEFAULT.evaluationInterval();
    }
    if (l.globalProtocols != null) {
      String err = ScrapeSection.protocolsError(l.globalProtocols);
      if (err != null) {
        throw d.error(n, err + " for global config");
      }
    }
    return new GlobalConfig(
        interval,
        timeout,
        evaluation,
        Labels.of(external),
        effective,
        nativeHist,
        convert,
        always,
        keepDropped);
  }

  private boolean globalKeyKnown(String key) {
    Set<String> v2 =
        Set.of(
            "scrape_interval",
            "scrape_timeout",
            "evaluation_interval",
            "query_log_file",
            "external_labels");
    if (v2.contains(key)) {
      return true;
    }
    return compat == Compat.PROMETHEUS_3
        && Set.of(
                "scrape_protocols",
                "rule_query_offset",
                "scrape_failure_log_file",
                "body_size_limit",
                "sample_limit",
                "target_limit",
                "label_limit",
                "label_name_length_limit",
                "label_value_length_limit",
                "keep_dropped_targets",
                "metric_name_validation_scheme",
                "metric_name_escaping_scheme",
                "scrape_native_histograms",
                "convert_classic_histograms_to_nhcb",
                "always_scrape_classic_histograms",
                "extra_scrape_metrics")
            .contains(key);
  }
}
