package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.Labels;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.Relabeler;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.internal.config.TargetGroups;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;
import io.promsd.sd.spi.TargetGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code scrape_configs} section ({@code ScrapeConfig.UnmarshalYAML} and {@code Validate} in
 * {@code config/config.go}): each job's keys decoded in document order together with its inlined
 * HTTP client settings, {@code static_configs}, the SD config keys handed to their {@link
 * DiscovererFactory} ({@link Mechanisms}), and the checks Prometheus runs once the file is decoded
 * (the global defaults, scrape protocols, name escaping, every relabel rule).
 */
final class ScrapeSection {
  // Scrape config settings that do not shape targets: accepted and checked for type only.
  private static final Set<String> SCRAPE_PLAIN_2 =
      Set.of(
          "body_size_limit",
          "sample_limit",
          "label_limit",
          "label_name_length_limit",
          "label_value_length_limit");

  private static final Set<String> SCRAPE_PLAIN_3 =
      Set.of(
          "body_size_limit",
          "sample_limit",
          "label_limit",
          "label_name_length_limit",
          "label_value_length_limit",
          "track_timestamps_staleness",
          "scrape_failure_log_file",
          "enable_compression",
          "native_histogram_bucket_limit",
          "native_histogram_min_bucket_factor",
          "extra_scrape_metrics");

  private static final Set<String> JOB_KEYS =
      Set.of(
          "job_name",
          "honor_labels",
          "honor_timestamps",
          "params",
          "scrape_interval",
          "scrape_timeout",
          "metrics_path",
          "scheme",
          "target_limit",
          "relabel_configs",
          "metric_relabel_configs",
          "static_configs");

  private static final Set<String> JOB_KEYS_3 =
      Set.of(
          "metric_name_validation_scheme",
          "metric_name_escaping_scheme",
          "scrape_native_histograms",
          "convert_classic_histograms_to_nhcb",
          "always_scrape_classic_histograms",
          "keep_dropped_targets",
          "scrape_protocols",
          "fallback_scrape_protocol");

  private static final Set<String> PROTOCOLS =
      Set.of(
          "OpenMetricsText0.0.1",
          "OpenMetricsText1.0.0",
          "PrometheusProto",
          "PrometheusText0.0.4",
          "PrometheusText1.0.0");

  private static final String SUPPORTED_PROTOCOLS =
      "[OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4"
          + " PrometheusText1.0.0]";

  private final Loading l;
  private final Decoder d;
  private final Path dir;
  private final Compat compat;

  ScrapeSection(Loading l) {
    this.l = l;
    this.d = l.d;
    this.dir = l.dir;
    this.compat = l.compat;
  }

  /** A scrape config as decoded, before the global defaults and the post-decode checks. */
  static final class RawJob {
    String jobName = "";
    Duration interval = Duration.ZERO;
    Duration timeout = Duration.ZERO;
    String metricsPath = "/metrics";
    String scheme = "http";
    Map<String, List<String>> params = new LinkedHashMap<>();
    boolean honorLabels;
    boolean honorTimestamps = true;
    List<RelabelConfig> relabel = List.of();
    List<RelabelConfig> metricRelabel = List.of();
    List<SdConfig> sd = new ArrayList<>();
    List<TargetGroup> staticGroups = new ArrayList<>();
    NameValidation nameValidation;
    String escaping = "";
    Boolean nativeHist;
    Boolean convert;
    Boolean always;
    long keepDropped;
    long targetLimit;
    HttpClientConfig http;
    List<String> protocols;
    String fallback = "";
    int line;
  }

  List<RawJob> scrapeConfigs(Node n) {
    List<Node> items = d.sequence(n, "[]*config.ScrapeConfig");
    List<RawJob> jobs = new ArrayList<>();
    if (items == null) {
      return jobs;
    }
    for (Node item : items) {
      jobs.add(item.isNull() ? null : scrapeConfig(item));
    }
    return jobs;
  }

  private RawJob scrapeConfig(Node n) {
    RawJob j = new RawJob();
    j.line = n.line();
    int mark = d.typeErrorCount();
    Fields f = d.struct(n, "config.ScrapeConfig");
    Set<String> plainKeys = compat == Compat.PROMETHEUS_2 ? SCRAPE_PLAIN_2 : SCRAPE_PLAIN_3;
    Node[] ruleNodes = new Node[2]; // relabel_configs, metric_relabel_configs
    // The inline HTTP client settings (prometheus/common) take their own keys; the job's own
    // keys are decoded in the same pass, in document order, as yaml.v2 decodes a struct with an
    // inlined one: the first value that fails at once is the error reported.
    j.http =
        HttpClientConfig.decodeInline(
            f, dir, compat, key -> scrapeConfigKey(f, key, j, plainKeys, ruleNodes));
    Node relabelNode = ruleNodes[0];
    Node metricRelabelNode = ruleNodes[1];
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return j; // Go stops this job at its type errors; finish() reports them
    }
    j.sd.addAll(staticGroupsConfig(j));
    if (j.jobName.isEmpty()) {
      throw d.error(n, "job_name is empty");
    }
    try {
      j.http = j.http.validate();
    } catch (ConfigException e) {
      throw Loading.withJob(e.inFile(d.file()), j);
    }
    if (!hasItems(relabelNode)) {
      checkStaticTargets(j, n); // URLs in static targets are caught early without rules
    }
    rejectNullRules(relabelNode, "target", j);
    rejectNullRules(metricRelabelNode, "metric", j);
    return j;
  }

  /** One scrape config key that is not an HTTP client setting. */
  private void scrapeConfigKey(
      Fields f, String key, RawJob j, Set<String> plainKeys, Node[] ruleNodes) {
    {
      if (!jobKeyKnown(key, plainKeys)) {
        return; // reported by finish() as Go's unknown field
      }
      Node v = f.take(key);
      switch (key) {
        case "job_name" -> j.jobName = d.string(v);
        case "honor_labels" -> j.honorLabels = d.bool(v, false);
        case "honor_timestamps" -> j.honorTimestamps = d.bool(v, true);
        case "params" -> j.params = params(v);
        case "scrape_interval" -> j.interval = l.duration(v);
        case "scrape_timeout" -> j.timeout = l.duration(v);
        case "metrics_path" -> j.metricsPath = d.string(v);
        case "scheme" -> j.scheme = d.string(v);
        case "target_limit" -> j.targetLimit = l.uint(v);
        case "relabel_configs" -> {
          ruleNodes[0] = v;
          j.relabel = RelabelConfig.decodeList(v, d, compat, "target", false);
        }
        case "metric_relabel_configs" -> {
          ruleNodes[1] = v;
          j.metricRelabel = RelabelConfig.decodeList(v, d, compat, "metric", false);
        }
        case "static_configs" -> staticConfigs(v, j);
        default -> {
          if (JOB_KEYS_3.contains(key)) {
            jobKey3(key, v, j);
          } else if (plainKeys.contains(key)) {
            plain(key, v);
          } else {
            sdConfigs(key, v, j);
          }
        }
      }
    }
  }

  static boolean hasItems(Node list) {
    return list != null && list.kind() == Node.Kind.SEQUENCE && !list.items().isEmpty();
  }

  private boolean jobKeyKnown(String key, Set<String> plainKeys) {
    if (JOB_KEYS.contains(key) || plainKeys.contains(key)) {
      return true;
    }
    if (compat == Compat.PROMETHEUS_3 && JOB_KEYS_3.contains(key)) {
      return true;
    }
    return Mechanisms.known(key, compat);
  }

  private void rejectNullRules(Node list, String kind, RawJob j) {
    if (list == null || list.kind() != Node.Kind.SEQUENCE) {
      return;
    }
    for (Node item : list.items()) {
      if (item.isNull()) {
        throw l.located(
            "empty or null " + kind + " relabeling rule in scrape config", j, item.line());
      }
    }
  }

  /** The 3.x-only job settings. */
  private void jobKey3(String key, Node v, RawJob j) {
    switch (key) {
      case "metric_name_validation_scheme" -> j.nameValidation = l.validationScheme(v);
      case "metric_name_escaping_scheme" -> j.escaping = d.string(v);
      case "scrape_native_histograms" -> j.nativeHist = d.bool(v, false);
      case "convert_classic_histograms_to_nhcb" -> j.convert = d.bool(v, false);
      case "always_scrape_classic_histograms" -> j.always = d.bool(v, false);
      case "keep_dropped_targets" -> j.keepDropped = l.uint(v);
      case "scrape_protocols" -> j.protocols = d.stringList(v, "[]config.ScrapeProtocol", "string");
      case "fallback_scrape_protocol" -> j.fallback = d.string(v);
      default -> throw new IllegalStateException(key);
    }
  }

  void plain(String key, Node v) {
    switch (key) {
      case "sample_limit",
          "label_limit",
          "label_name_length_limit",
          "label_value_length_limit",
          "target_limit",
          "native_histogram_bucket_limit" ->
          l.uint(v);
      case "body_size_limit" -> l.byteSize(v);
      case "track_timestamps_staleness", "enable_compression", "extra_scrape_metrics" ->
          d.bool(v, false);
      case "scrape_protocols" -> d.stringList(v, "[]config.ScrapeProtocol", "string");
      case "rule_query_offset" -> l.duration(v);
      default -> {
        if (v != null && v.kind() == Node.Kind.SCALAR) {
          d.string(v);
        }
      }
    }
  }

  private Map<String, List<String>> params(Node v) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<Node, Node> e : d.mapEntries(v, "url.Values")) {
      List<String> values = d.stringList(e.getValue(), "[]string", "string");
      out.put(d.string(e.getKey()), values == null ? List.of() : values);
    }
    return out;
  }

  void staticConfigs(Node v, RawJob j) {
    List<Node> items = d.sequence(v, "[]*targetgroup.Group");
    if (items == null) {
      return;
    }
    for (Node item : items) {
      if (item.isNull()) {
        throw l.located("empty or null section in static_configs", j, item.line());
      }
      TargetGroup g = TargetGroups.decodeYaml(item, d, compat, "");
      j.staticGroups.add(g);
    }
  }

  private List<SdConfig> staticGroupsConfig(RawJob j) {
    if (j.staticGroups.isEmpty()) {
      return List.of();
    }
    // Sources count across all static_configs entries of the job (discovery/registry.go).
    List<TargetGroup> numbered = new ArrayList<>();
    for (int i = 0; i < j.staticGroups.size(); i++) {
      TargetGroup g = j.staticGroups.get(i);
      numbered.add(new TargetGroup(Integer.toString(i), g.labels(), g.targets()));
    }
    return List.of(new StaticSdConfig(numbered));
  }

  void checkStaticTargets(RawJob j, Node n) {
    for (TargetGroup g : j.staticGroups) {
      for (Labels t : g.targets()) {
        String addr = t.get("__address__");
        if (addr.contains("/")) {
          throw l.located(GoText.quote(addr) + " is not a valid hostname", j, n.line());
        }
      }
    }
  }

  void sdConfigs(String key, Node v, RawJob j) {
    DiscovererFactory factory = Mechanisms.factory(key);
    if (factory == null && !CheckedDiscoveries.has(key)) {
      // jobKeyKnown let only Prometheus's keys through
      throw l.located(Mechanisms.missing(key), j, v == null ? j.line : v.line());
    }
    List<Node> items = d.sequence(v, "[]*" + configType(key));
    if (items == null) {
      return;
    }
    for (Node item : items) {
      if (item.isNull()) {
        throw l.located("empty or null section in " + key, j, item.line());
      }
      try {
        SdConfigSource src = new SdConfigSource(item, d, dir, compat, l.workingDir);
        SdConfig cfg = factory != null ? factory.parse(src) : CheckedDiscoveries.parse(key, src);
        if (cfg != null) {
          j.sd.add(cfg);
        }
      } catch (ConfigException e) {
        throw e.job() == null ? Loading.withJob(e, j) : e;
      }
    }
  }

  /** The Go type of one list entry, as yaml.v2 names it in type errors. */
  private static String configType(String key) {
    String checked = CheckedDiscoveries.entryType(key);
    if (checked != null) {
      return checked;
    }
    return switch (key) {
      // discovery/moby: both mechanisms live in one package with their own type names.
      case "docker_sd_configs" -> "moby.DockerSDConfig";
      case "dockerswarm_sd_configs" -> "moby.DockerSwarmSDConfig";
      default -> key.substring(0, key.length() - "_sd_configs".length()) + ".SDConfig";
    };
  }

  /** The global defaults and the validations Prometheus runs once the file is decoded. */
  ScrapeConfig finishJob(RawJob j, GlobalConfig g) {
    Duration interval = j.interval.isZero() ? g.scrapeInterval() : j.interval;
    if (j.timeout.compareTo(interval) > 0) {
      throw l.located(
          "scrape timeout greater than scrape interval for scrape config with job name "
              + GoText.quote(j.jobName),
          j,
          null);
    }
    Duration timeout = j.timeout;
    if (timeout.isZero()) {
      timeout = g.scrapeTimeout().compareTo(interval) > 0 ? interval : g.scrapeTimeout();
    }
    NameValidation scheme = j.nameValidation == null ? g.nameValidation() : j.nameValidation;
    if (compat == Compat.PROMETHEUS_3) {
      List<String> protocols = j.protocols != null ? j.protocols : l.globalProtocols;
      if (protocols != null) {
        String err = protocolsError(protocols);
        if (err != null) {
          throw l.located(
              err + " for scrape config with job name " + GoText.quote(j.jobName), j, null);
        }
      }
      if (!j.fallback.isEmpty() && !PROTOCOLS.contains(j.fallback)) {
        throw l.located(
            "invalid fallback_scrape_protocol for scrape config with job name "
                + GoText.quote(j.jobName)
                + ": unknown scrape protocol "
                + j.fallback
                + ", supported: "
                + SUPPORTED_PROTOCOLS,
            j,
            null);
      }
      checkEscaping(j, g, scheme);
    }
    try {
      // Validates every rule under the job's scheme (3.x; 2.x validated while parsing).
      Relabeler.compile(j.relabel, compat, scheme);
      Relabeler.compile(j.metricRelabel, compat, scheme);
    } catch (ConfigException e) {
      throw Loading.withJob(e, j);
    }
    long keepDropped = j.keepDropped == 0 ? g.keepDroppedTargets() : j.keepDropped;
    return ScrapeConfig.builder(j.jobName)
        .scrapeInterval(interval)
        .scrapeTimeout(timeout)
        .metricsPath(j.metricsPath)
        .scheme(j.scheme)
        .params(j.params)
        .honorLabels(j.honorLabels)
        .honorTimestamps(j.honorTimestamps)
        .relabelConfigs(j.relabel)
        .metricRelabelConfigs(j.metricRelabel)
        .sdConfigs(j.sd)
        .httpClientConfig(j.http)
        .nameValidation(compat == Compat.PROMETHEUS_2 ? NameValidation.LEGACY : scheme)
        .scrapeNativeHistograms(j.nativeHist != null ? j.nativeHist : g.scrapeNativeHistograms())
        .convertClassicHistogramsToNhcb(
            j.convert != null ? j.convert : g.convertClassicHistogramsToNhcb())
        .alwaysScrapeClassicHistograms(
            j.always != null ? j.always : g.alwaysScrapeClassicHistograms())
        .keepDroppedTargets(keepDropped)
        .targetLimit(j.targetLimit)
        .file(d.file())
        .line(j.line)
        .build();
  }

  /** Prometheus's {@code validateAcceptScrapeProtocols}: the message, or null if valid. */
  static String protocolsError(List<String> protocols) {
    if (protocols.isEmpty()) {
      return "scrape_protocols cannot be empty";
    }
    Set<String> seen = new java.util.HashSet<>();
    for (String p : protocols) {
      if (!seen.add(p.toLowerCase(Locale.ROOT))) {
        return "duplicated protocol in scrape_protocols, got " + GoText.list(protocols);
      }
      if (!PROTOCOLS.contains(p)) {
        return "scrape_protocols: unknown scrape protocol "
            + p
            + ", supported: "
            + SUPPORTED_PROTOCOLS;
      }
    }
    return null;
  }

  /** 3.x's metric_name_escaping_scheme rules (config.go ScrapeConfig.Validate). */
  private void checkEscaping(RawJob j, GlobalConfig g, NameValidation scheme) {
    String globalEsc = l.globalEscaping;
    switch (globalEsc) {
      case "" ->
          globalEsc = g.nameValidation() == NameValidation.LEGACY ? "underscores" : "allow-utf-8";
      case "allow-utf-8", "underscores", "dots", "values" -> {
        // fine
      }
      default ->
          throw l.located(
              "unknown global name escaping method specified, must be one of"
                  + " 'allow-utf-8', 'underscores', 'dots', or 'values', got "
                  + GoText.quote(globalEsc),
              j,
              null);
    }
    String esc = j.escaping;
    if (esc.isEmpty()) {
      if (j.nameValidation == null) {
        esc = globalEsc;
      } else {
        esc = scheme == NameValidation.LEGACY ? "underscores" : "allow-utf-8";
      }
    }
    switch (esc) {
      case "allow-utf-8" -> {
        if (scheme != NameValidation.UTF8) {
          throw l.located(
              "utf8 metric names requested but validation scheme is not set to UTF8", j, null);
        }
      }
      case "underscores", "dots", "values" -> {
        // fine
      }
      default ->
          throw l.located(
              "unknown scrape config name escaping method specified, must be one of"
                  + " 'allow-utf-8', 'underscores', 'dots', or 'values', got "
                  + GoText.quote(esc),
              j,
              null);
    }
  }
}
