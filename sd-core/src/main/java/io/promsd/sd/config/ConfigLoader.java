package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.NameValidation;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.Relabeler;
import io.promsd.relabel.config.ConfigException;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Documents;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.GoText;
import io.promsd.relabel.config.Node;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Loads prometheus.yml strictly, the way Prometheus does ({@code config/config.go}): Go-yaml strict
 * decoding with Go's error texts, the global defaults pushed into every job, the same validations
 * in the same order, per {@link Compat}. SD config keys are dispatched to the {@link
 * DiscovererFactory} registered for them ({@link ServiceLoader}).
 *
 * <p>Sections that do not shape targets ({@code alerting}, {@code remote_write}, {@code
 * remote_read}, {@code tracing}) are decoded only to reject what Prometheus rejects there (unknown
 * keys at their first level, null entries and rules, missing URLs, reserved headers, duplicate
 * names, invalid relabel rules); their nested blocks, {@code storage}, {@code runtime} and {@code
 * otlp} are accepted without looking inside, so real-world files load. Thread-safe.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  private static final Set<String> TOP_2 =
      Set.of(
          "global",
          "alerting",
          "rule_files",
          "scrape_configs",
          "storage",
          "tracing",
          "remote_write",
          "remote_read");
  private static final Set<String> TOP_3_EXTRA = Set.of("runtime", "scrape_config_files", "otlp");

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

  /** SD mechanisms promsd ships, and the module that has each. */
  private static final Map<String, String> SHIPPED =
      Map.of(
          "file_sd_configs", "io.promsd:promsd-sd-file",
          "kubernetes_sd_configs", "io.promsd:promsd-sd-kubernetes",
          "consul_sd_configs", "io.promsd:promsd-sd-consul",
          "ec2_sd_configs", "io.promsd:promsd-sd-ec2",
          "azure_sd_configs", "io.promsd:promsd-sd-azure");

  /** Prometheus's other SD keys (discovery/install), known but not implemented by promsd. */
  private static final Set<String> PROMETHEUS_SD_KEYS =
      Set.of(
          "aws_sd_configs",
          "digitalocean_sd_configs",
          "dns_sd_configs",
          "docker_sd_configs",
          "dockerswarm_sd_configs",
          "ecs_sd_configs",
          "elasticache_sd_configs",
          "eureka_sd_configs",
          "gce_sd_configs",
          "hetzner_sd_configs",
          "http_sd_configs",
          "ionos_sd_configs",
          "kuma_sd_configs",
          "lightsail_sd_configs",
          "linode_sd_configs",
          "marathon_sd_configs",
          "msk_sd_configs",
          "nerve_sd_configs",
          "nomad_sd_configs",
          "oci_sd_configs",
          "openstack_sd_configs",
          "outscale_sd_configs",
          "ovhcloud_sd_configs",
          "puppetdb_sd_configs",
          "rds_sd_configs",
          "scaleway_sd_configs",
          "serverset_sd_configs",
          "stackit_sd_configs",
          "triton_sd_configs",
          "uyuni_sd_configs",
          "vultr_sd_configs");

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

  private static volatile Map<String, DiscovererFactory> factories;

  /**
   * Loads and validates a prometheus.yml.
   *
   * @throws IOException if the file cannot be read
   * @throws ConfigException with Prometheus's message, the file, line and job
   */
  public static PrometheusConfig load(Path file, Compat compat) throws IOException {
    return load(file, compat, Path.of(""));
  }

  /**
   * Loads a prometheus.yml as if the process ran in {@code workingDir}: relative paths (the
   * config's own, file SD files, {@code scrape_config_files}) keep the names Prometheus would give
   * them but are read from there.
   *
   * @throws IOException if the file cannot be read
   * @throws ConfigException with Prometheus's message, the file, line and job
   */
  public static PrometheusConfig load(Path file, Compat compat, Path workingDir)
      throws IOException {
    String text = Files.readString(workingDir.resolve(file), StandardCharsets.UTF_8);
    return parse(text, file, compat, workingDir);
  }

  /**
   * Parses prometheus.yml text; relative paths in it resolve against {@code file}'s directory (the
   * working directory when {@code file} is null).
   *
   * @throws ConfigException with Prometheus's message, the file, line and job
   */
  public static PrometheusConfig parse(String yaml, Path file, Compat compat) {
    return parse(yaml, file, compat, Path.of(""));
  }

  /** As {@link #parse(String, Path, Compat)}, reading relative paths from {@code workingDir}. */
  public static PrometheusConfig parse(String yaml, Path file, Compat compat, Path workingDir) {
    String name = file == null ? null : file.toString();
    Path dir = file == null ? Path.of("") : dirOf(file);
    Node root = Documents.parseYaml(yaml, name);
    Decoder d = new Decoder(name);
    Loading l = new Loading(d, dir, compat, workingDir);
    PrometheusConfig cfg = l.config(root, file);
    return cfg;
  }

  /** Go's {@code filepath.Dir}: the directory of a path, {@code .} for a bare name. */
  static Path dirOf(Path file) {
    Path parent = file.getParent();
    return parent == null ? Path.of("") : parent;
  }

  static Map<String, DiscovererFactory> factories() {
    Map<String, DiscovererFactory> f = factories;
    if (f == null) {
      Map<String, DiscovererFactory> m = new HashMap<>();
      for (DiscovererFactory factory :
          ServiceLoader.load(DiscovererFactory.class, ConfigLoader.class.getClassLoader())) {
        m.putIfAbsent(factory.configKey(), factory);
      }
      f = Map.copyOf(m);
      factories = f;
    }
    return f;
  }

  /** One load: the decoder, the config directory, the compat mode. */
  private static final class Loading {
    private final Decoder d;
    private final Path dir;
    private final Compat compat;
    private final Path workingDir;
    // 3.x global settings checked per job (ScrapeConfig.Validate), kept out of GlobalConfig.
    private List<String> globalProtocols;
    private String globalEscaping = "";

    Loading(Decoder d, Path dir, Compat compat, Path workingDir) {
      this.d = d;
      this.dir = dir;
      this.compat = compat;
      this.workingDir = workingDir;
    }

    PrometheusConfig config(Node root, Path file) {
      Fields top = d.struct(root, "config.plain");
      GlobalConfig global = GlobalConfig.DEFAULT;
      List<RawJob> jobs = new ArrayList<>();
      List<String> ruleFiles = List.of();
      List<String> scrapeConfigFiles = List.of();
      List<Remote> remoteWrites = List.of();
      List<Remote> remoteReads = List.of();
      Set<String> allowed = compat == Compat.PROMETHEUS_2 ? TOP_2 : union(TOP_2, TOP_3_EXTRA);
      for (String key : top.remaining()) {
        if (!allowed.contains(key)) {
          continue; // reported by finish()
        }
        Node v = top.take(key);
        switch (key) {
          case "global" -> global = global(v);
          case "scrape_configs" -> jobs = scrapeConfigs(v);
          case "rule_files" -> ruleFiles = orEmpty(d.stringList(v, "[]string", "string"));
          case "scrape_config_files" ->
              scrapeConfigFiles = orEmpty(d.stringList(v, "[]string", "string"));
          case "alerting" -> alerting(v);
          case "remote_write" -> remoteWrites = remotes(v, true);
          case "remote_read" -> remoteReads = remotes(v, false);
          case "tracing" -> tracing(v);
          default -> {
            // storage, runtime, otlp: they do not shape targets; accepted as they are
          }
        }
      }
      top.finish();
      d.finish();

      for (String rf : ruleFiles) {
        if (!rulePathOk(rf)) {
          throw new ConfigException(
              "invalid rule file path " + GoText.quote(rf), d.file(), root.line());
        }
      }
      for (String sf : scrapeConfigFiles) {
        if (!rulePathOk(sf)) {
          throw new ConfigException(
              "invalid scrape config file path " + GoText.quote(sf), d.file(), root.line());
        }
      }
      List<ScrapeConfig> out = new ArrayList<>();
      Map<String, String> seen = new LinkedHashMap<>();
      for (RawJob job : jobs) {
        if (job == null) {
          throw new ConfigException("empty or null scrape config section", d.file(), 0);
        }
        ScrapeConfig sc = finishJob(job, global);
        if (seen.containsKey(sc.jobName())) {
          throw located(
              "found multiple scrape configs with job name " + GoText.quote(sc.jobName()),
              job,
              null);
        }
        seen.put(sc.jobName(), "main config file");
        out.add(sc);
      }
      uniqueRemoteNames(remoteWrites, "remote write");
      uniqueRemoteNames(remoteReads, "remote read");
      if (!scrapeConfigFiles.isEmpty()) {
        out.addAll(
            ScrapeConfigFiles.load(scrapeConfigFiles, dir, workingDir, global, seen, this::reuse));
      }
      return new PrometheusConfig(file, compat, global, out, ruleFiles);
    }

    /** Loads a scrape_config_files file with the same machinery but its own directory. */
    List<ScrapeConfig> reuse(
        Node root, String file, Path fileDir, GlobalConfig global, Map<String, String> seen) {
      Decoder fd = new Decoder(file);
      Loading l = new Loading(fd, fileDir, compat, workingDir);
      Fields f = fd.struct(root, "config.ScrapeConfigs");
      List<RawJob> jobs = List.of();
      for (String key : f.remaining()) {
        if (key.equals("scrape_configs")) {
          jobs = l.scrapeConfigs(f.take(key));
        }
      }
      f.finish();
      fd.finish();
      List<ScrapeConfig> out = new ArrayList<>();
      for (RawJob job : jobs) {
        if (job == null) {
          throw new ConfigException("empty or null scrape config section", file, 0);
        }
        ScrapeConfig sc = l.finishJob(job, global);
        String first = seen.get(sc.jobName());
        if (first != null) {
          throw new ConfigException(
              "found multiple scrape configs with job name "
                  + GoText.quote(sc.jobName())
                  + ", first found in "
                  + first,
              file,
              job.line);
        }
        seen.put(sc.jobName(), GoText.quote(ScrapeConfigFiles.absolute(workingDir, file)));
        out.add(sc);
      }
      return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
      Set<String> s = new java.util.HashSet<>(a);
      s.addAll(b);
      return s;
    }

    private static <T> List<T> orEmpty(List<T> l) {
      return l == null ? List.of() : l;
    }

    /** Prometheus's {@code patRulePath}: a {@code *} only in the last path segment. */
    private static boolean rulePathOk(String p) {
      int star = p.indexOf('*');
      return star < 0 || p.indexOf('/', star) < 0;
    }

    // ---- global -------------------------------------------------------------------------

    private GlobalConfig global(Node n) {
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
          case "scrape_interval" -> interval = duration(v);
          case "scrape_timeout" -> timeout = duration(v);
          case "evaluation_interval" -> evaluation = duration(v);
          case "external_labels" -> {
            for (Map.Entry<Node, Node> e : d.mapEntries(v, "map[string]string")) {
              String k = d.string(e.getKey());
              external.put(k, d.string(e.getValue()));
              externalKeys.put(k, e.getKey());
            }
          }
          case "metric_name_validation_scheme" -> scheme = validationScheme(v);
          case "scrape_native_histograms" -> nativeHist = d.bool(v, false);
          case "convert_classic_histograms_to_nhcb" -> convert = d.bool(v, false);
          case "always_scrape_classic_histograms" -> always = d.bool(v, false);
          case "keep_dropped_targets" -> keepDropped = uint(v);
          case "metric_name_escaping_scheme" -> globalEscaping = d.string(v);
          case "scrape_protocols" ->
              globalProtocols = d.stringList(v, "[]config.ScrapeProtocol", "string");
          default -> plain(key, v);
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
              externalKeys.get(e.getKey()),
              GoText.quote(e.getKey()) + " is not a valid label name");
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
      if (globalProtocols != null) {
        String err = protocolsError(globalProtocols);
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

    // ---- sections that do not shape targets ---------------------------------------------
    // Decoded only to reject what Prometheus rejects (config/config.go): their settings are
    // not kept. Unknown keys at their first level are errors; nested blocks (queue_config,
    // metadata_config, sigv4, tls_config, ...) are not checked field by field.

    private static final Set<String> RESERVED_HEADERS =
        Set.of(
            "host",
            "content-encoding",
            "content-length",
            "content-type",
            "user-agent",
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "www-authenticate",
            "accept-encoding",
            "x-prometheus-remote-write-version",
            "x-prometheus-remote-read-version",
            "x-amz-date",
            "x-amz-security-token",
            "x-amz-content-sha256");

    /** A remote_write or remote_read entry: its name and where it is; null for a null item. */
    private record Remote(String name, Node node) {}

    /** {@code alerting}: AlertingConfig and AlertmanagerConfig's UnmarshalYAML. */
    private void alerting(Node v) {
      Fields f = d.struct(v, "config.plain");
      for (String key : f.remaining()) {
        switch (key) {
          case "alert_relabel_configs" -> {
            Node rules = f.take(key);
            RelabelConfig.decodeList(rules, d, compat, "alert", false);
            rejectNulls(rules, "empty or null alert relabeling rule");
          }
          case "alertmanagers" -> {
            List<Node> items = d.sequence(f.take(key), "config.AlertmanagerConfigs");
            for (Node item : items == null ? List.<Node>of() : items) {
              if (!item.isNull()) {
                alertmanager(item);
              }
            }
          }
          default -> {
            // reported by finish()
          }
        }
      }
      f.finish();
    }

    private void alertmanager(Node n) {
      int mark = d.typeErrorCount();
      // discovery.UnmarshalYAMLWithInlineConfigs decodes into the named type, not a plain one
      Fields f = d.struct(n, "config.AlertmanagerConfig");
      HttpClientConfig http = HttpClientConfig.decodeInline(f, dir, compat);
      RawJob am = new RawJob(); // carries the static targets and the line for messages
      am.line = n.line();
      Node relabel = null;
      Node alertRelabel = null;
      boolean sigv4 = false;
      for (String key : f.remaining()) {
        switch (key) {
          case "scheme", "path_prefix" -> d.string(f.take(key));
          case "timeout" -> duration(f.take(key));
          case "api_version" -> apiVersion(f.take(key));
          case "relabel_configs" -> {
            relabel = f.take(key);
            RelabelConfig.decodeList(relabel, d, compat, "alertmanager", false);
          }
          case "static_configs" -> staticConfigs(f.take(key), am);
          default -> {
            if (compat == Compat.PROMETHEUS_3 && key.equals("sigv4")) {
              sigv4 = !isNull(f.take(key));
            } else if (compat == Compat.PROMETHEUS_3 && key.equals("alert_relabel_configs")) {
              alertRelabel = f.take(key);
              RelabelConfig.decodeList(alertRelabel, d, compat, "alert", false);
            } else if (key.endsWith("_sd_configs") && factories().containsKey(key)) {
              sdConfigs(key, f.take(key), am);
            } else if (key.endsWith("_sd_configs")
                && (SHIPPED.containsKey(key) || PROMETHEUS_SD_KEYS.contains(key))) {
              f.take(key); // Alertmanager discovery promsd does not run: not checked
            }
          }
        }
      }
      f.finish();
      if (d.typeErrorsSince(mark)) {
        return;
      }
      validateHttp(http);
      if (sigv4 && hasAuth(http)) {
        throw d.error(
            n, "at most one of basic_auth, authorization, oauth2, & sigv4 must be configured");
      }
      if (!hasItems(relabel)) {
        checkStaticTargets(am, n); // URLs in static targets, as for scrape configs
      }
      rejectNulls(relabel, "empty or null Alertmanager target relabeling rule");
      rejectNulls(alertRelabel, "empty or null Alertmanager alert relabeling rule");
    }

    /** {@code api_version}: v1 or v2 in 2.42, only v2 in 3.x. */
    private void apiVersion(Node v) {
      if (isNull(v)) {
        return; // the default, v2
      }
      String version = d.string(v);
      List<String> supported = compat == Compat.PROMETHEUS_2 ? List.of("v1", "v2") : List.of("v2");
      if (v.kind() == Node.Kind.SCALAR && !supported.contains(version)) {
        throw d.error(
            v,
            "expected Alertmanager api version to be one of "
                + goList(supported)
                + " but got "
                + version);
      }
    }

    /** {@code remote_write} or {@code remote_read}: RemoteWriteConfig/RemoteReadConfig. */
    private List<Remote> remotes(Node v, boolean write) {
      List<Node> items =
          d.sequence(v, write ? "[]*config.RemoteWriteConfig" : "[]*config.RemoteReadConfig");
      List<Remote> out = new ArrayList<>();
      for (Node item : items == null ? List.<Node>of() : items) {
        out.add(item.isNull() ? null : remote(item, write));
      }
      return out;
    }

    private Remote remote(Node n, boolean write) {
      int mark = d.typeErrorCount();
      Fields f = d.struct(n, "config.plain");
      HttpClientConfig http = HttpClientConfig.decodeInline(f, dir, compat);
      Set<String> keys = new HashSet<>(List.of("url", "remote_timeout", "headers", "name"));
      if (write) {
        keys.addAll(
            List.of(
                "write_relabel_configs",
                "send_exemplars",
                "send_native_histograms",
                "queue_config",
                "metadata_config",
                "sigv4"));
        if (compat == Compat.PROMETHEUS_3) {
          keys.addAll(
              List.of(
                  "round_robin_dns",
                  "protobuf_message",
                  "failed_request_logging",
                  "azuread",
                  "google_iam"));
        }
      } else {
        keys.addAll(List.of("read_recent", "required_matchers", "filter_external_labels"));
        if (compat == Compat.PROMETHEUS_3) {
          keys.add("chunked_read_limit");
        }
      }
      boolean hasUrl = false;
      String name = "";
      Node relabel = null;
      List<Map.Entry<Node, Node>> headers = List.of();
      List<String> otherAuth = new ArrayList<>(); // sigv4, azuread, google_iam, as configured
      String protobufMessage = null;
      Node queue = null;
      for (String key : f.remaining()) {
        if (!keys.contains(key)) {
          continue; // reported by finish()
        }
        Node v = f.take(key);
        switch (key) {
          case "url" -> {
            hasUrl = !isNull(v);
            d.string(v);
          }
          case "remote_timeout" -> duration(v);
          case "name" -> name = d.string(v);
          case "headers" -> headers = orEmpty(d.mapEntries(v, "map[string]string"));
          case "write_relabel_configs" -> {
            relabel = v;
            RelabelConfig.decodeList(v, d, compat, "write", false);
          }
          case "send_exemplars",
              "send_native_histograms",
              "read_recent",
              "filter_external_labels",
              "round_robin_dns" ->
              d.bool(v, false);
          case "protobuf_message" -> protobufMessage = d.string(v);
          case "queue_config" -> queue = v;
          case "sigv4", "azuread", "google_iam" -> {
            if (!isNull(v)) {
              otherAuth.add(key);
            }
          }
          default -> {
            // queue_config, metadata_config, required_matchers, ...: not checked inside
          }
        }
      }
      f.finish();
      if (d.typeErrorsSince(mark)) {
        return new Remote(name, n);
      }
      if (!hasUrl) {
        throw d.error(n, "url for " + (write ? "remote_write" : "remote_read") + " is empty");
      }
      if (write) {
        rejectNulls(relabel, "empty or null relabeling rule in remote write config");
      }
      checkHeaders(
          headers,
          "authorization header must be changed via the basic_auth, authorization, oauth2, or"
              + " sigv4 parameter");
      if (write && compat == Compat.PROMETHEUS_3) {
        List<String> messages =
            List.of("prometheus.WriteRequest", "io.prometheus.write.v2.Request");
        if (protobufMessage != null && !messages.contains(protobufMessage)) {
          throw d.error(
              n,
              "invalid protobuf_message value: unknown type for remote write protobuf message "
                  + protobufMessage
                  + ", supported: "
                  + String.join(", ", messages));
        }
      }
      validateHttp(http);
      if (write && compat == Compat.PROMETHEUS_3) {
        checkQueue(queue);
      }
      if (write) {
        checkRemoteWriteAuth(n, http, otherAuth);
      }
      return new Remote(name, n);
    }

    /** 3.x's QueueConfig.Validate, over DefaultQueueConfig and the keys given. */
    private void checkQueue(Node queue) {
      if (queue == null || queue.kind() != Node.Kind.MAPPING) {
        return;
      }
      long maxShards = 50;
      long minShards = 1;
      long maxSamples = 2000;
      long capacity = 10000;
      Duration minBackoff = Duration.ofMillis(30);
      Duration maxBackoff = Duration.ofSeconds(5);
      for (Map.Entry<Node, Node> e : queue.entries()) {
        Node v = e.getValue();
        switch (d.string(e.getKey())) {
          case "max_shards" -> maxShards = d.int64(v, maxShards, "int");
          case "min_shards" -> minShards = d.int64(v, minShards, "int");
          case "max_samples_per_send" -> maxSamples = d.int64(v, maxSamples, "int");
          case "capacity" -> capacity = d.int64(v, capacity, "int");
          case "min_backoff" -> minBackoff = isNull(v) ? minBackoff : duration(v);
          case "max_backoff" -> maxBackoff = isNull(v) ? maxBackoff : duration(v);
          default -> {
            // batch_send_deadline, retry_on_http_429, sample_age_limit: not checked
          }
        }
      }
      String err = null;
      if (maxShards <= 0) {
        err = "remote write queue max_shards must be positive";
      } else if (minShards <= 0) {
        err = "remote write queue min_shards must be positive";
      } else if (minShards > maxShards) {
        err = "remote write queue min_shards must not be greater than max_shards";
      } else if (maxSamples <= 0) {
        err = "remote write queue max_samples_per_send must be positive";
      } else if (capacity <= 0) {
        err = "remote write queue capacity must be positive";
      } else if (maxBackoff.compareTo(minBackoff) < 0) {
        err = "remote write queue max_backoff must not be less than min_backoff";
      }
      if (err != null) {
        throw d.error(queue, err);
      }
    }

    /**
     * At most one way to authenticate a remote write (2.42: sigv4 only; 3.x: validateAuthConfigs).
     */
    private void checkRemoteWriteAuth(Node n, HttpClientConfig http, List<String> otherAuth) {
      if (compat == Compat.PROMETHEUS_2) {
        if (!otherAuth.isEmpty() && hasAuth(http)) {
          throw d.error(
              n, "at most one of basic_auth, authorization, oauth2, & sigv4 must be configured");
        }
        return;
      }
      List<String> configured = new ArrayList<>();
      if (http.basicAuth() != null) {
        configured.add("basic_auth");
      }
      if (http.authorization() != null) {
        configured.add("authorization");
      }
      if (http.oauth2() != null) {
        configured.add("oauth2");
      }
      for (String a : List.of("sigv4", "azuread", "google_iam")) {
        if (otherAuth.contains(a)) {
          configured.add(a);
        }
      }
      if (configured.size() > 1) {
        throw d.error(
            n,
            "at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be"
                + " configured. Currently configured: "
                + goList(configured));
      }
    }

    /** Config.UnmarshalYAML's checks of remote_write/remote_read once the file is decoded. */
    private void uniqueRemoteNames(List<Remote> remotes, String what) {
      Set<String> names = new HashSet<>();
      for (Remote r : remotes) {
        if (r == null) {
          throw new ConfigException("empty or null " + what + " config section", d.file(), 0);
        }
        if (!names.add(r.name()) && !r.name().isEmpty()) {
          throw d.error(
              r.node(),
              "found multiple " + what + " configs with job name " + GoText.quote(r.name()));
        }
      }
    }

    /** {@code tracing}: TracingConfig's UnmarshalYAML. */
    private void tracing(Node v) {
      if (isNull(v)) {
        return;
      }
      int mark = d.typeErrorCount();
      Fields f = d.struct(v, "config.plain");
      String endpoint = "";
      String compression = "";
      List<Map.Entry<Node, Node>> headers = List.of();
      for (String key : f.remaining()) {
        switch (key) {
          case "client_type" -> {
            Node t = f.take(key);
            String type = d.string(t);
            if (!isNull(t) && !type.equals("http") && !type.equals("grpc")) {
              throw d.error(
                  t, "expected tracing client type to be to be http or grpc, but got " + type);
            }
          }
          case "endpoint" -> endpoint = d.string(f.take(key));
          case "compression" -> compression = d.string(f.take(key));
          case "headers" -> headers = orEmpty(d.mapEntries(f.take(key), "map[string]string"));
          case "timeout" -> duration(f.take(key));
          case "insecure" -> d.bool(f.take(key), false);
          case "sampling_fraction", "tls_config" -> f.take(key);
          default -> {
            // reported by finish()
          }
        }
      }
      f.finish();
      if (d.typeErrorsSince(mark)) {
        return;
      }
      checkHeaders(headers, "custom authorization header configuration is not yet supported");
      if (endpoint.isEmpty()) {
        throw d.error(v, "tracing endpoint must be set");
      }
      if (!compression.isEmpty() && !compression.equals("gzip")) {
        throw d.error(
            v, "invalid compression type " + compression + " provided, valid options: gzip");
      }
    }

    /**
     * validateHeaders / validateHeadersForTracing, in document order (Go walks a map, so which of
     * two bad headers it names varies from run to run).
     */
    private void checkHeaders(List<Map.Entry<Node, Node>> headers, String authorizationMessage) {
      for (Map.Entry<Node, Node> h : headers) {
        String header = d.string(h.getKey());
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.equals("authorization")) {
          throw d.error(h.getKey(), authorizationMessage);
        }
        if (RESERVED_HEADERS.contains(lower)) {
          throw d.error(h.getKey(), header + " is a reserved header. It must not be changed");
        }
      }
    }

    private void validateHttp(HttpClientConfig http) {
      try {
        http.validate();
      } catch (ConfigException e) {
        throw e.inFile(d.file());
      }
    }

    private static boolean hasAuth(HttpClientConfig http) {
      return http.basicAuth() != null || http.authorization() != null || http.oauth2() != null;
    }

    private static boolean isNull(Node v) {
      return v == null || v.isNull();
    }

    private void rejectNulls(Node list, String message) {
      if (list == null || list.kind() != Node.Kind.SEQUENCE) {
        return;
      }
      for (Node item : list.items()) {
        if (item.isNull()) {
          throw d.error(item, message);
        }
      }
    }

    // ---- scrape configs -----------------------------------------------------------------

    /** A scrape config as decoded, before the global defaults and the post-decode checks. */
    private static final class RawJob {
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

    private List<RawJob> scrapeConfigs(Node n) {
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
        throw withJob(e.inFile(d.file()), j);
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
          case "scrape_interval" -> j.interval = duration(v);
          case "scrape_timeout" -> j.timeout = duration(v);
          case "metrics_path" -> j.metricsPath = d.string(v);
          case "scheme" -> j.scheme = d.string(v);
          case "target_limit" -> j.targetLimit = uint(v);
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

    private static boolean hasItems(Node list) {
      return list != null && list.kind() == Node.Kind.SEQUENCE && !list.items().isEmpty();
    }

    private boolean jobKeyKnown(String key, Set<String> plainKeys) {
      if (JOB_KEYS.contains(key) || plainKeys.contains(key)) {
        return true;
      }
      if (compat == Compat.PROMETHEUS_3 && JOB_KEYS_3.contains(key)) {
        return true;
      }
      return key.endsWith("_sd_configs")
          && (factories().containsKey(key)
              || SHIPPED.containsKey(key)
              || PROMETHEUS_SD_KEYS.contains(key));
    }

    private void rejectNullRules(Node list, String kind, RawJob j) {
      if (list == null || list.kind() != Node.Kind.SEQUENCE) {
        return;
      }
      for (Node item : list.items()) {
        if (item.isNull()) {
          throw located(
              "empty or null " + kind + " relabeling rule in scrape config", j, item.line());
        }
      }
    }

    /** The 3.x-only job settings. */
    private void jobKey3(String key, Node v, RawJob j) {
      switch (key) {
        case "metric_name_validation_scheme" -> j.nameValidation = validationScheme(v);
        case "metric_name_escaping_scheme" -> j.escaping = d.string(v);
        case "scrape_native_histograms" -> j.nativeHist = d.bool(v, false);
        case "convert_classic_histograms_to_nhcb" -> j.convert = d.bool(v, false);
        case "always_scrape_classic_histograms" -> j.always = d.bool(v, false);
        case "keep_dropped_targets" -> j.keepDropped = uint(v);
        case "scrape_protocols" ->
            j.protocols = d.stringList(v, "[]config.ScrapeProtocol", "string");
        case "fallback_scrape_protocol" -> j.fallback = d.string(v);
        default -> throw new IllegalStateException(key);
      }
    }

    private void plain(String key, Node v) {
      switch (key) {
        case "sample_limit",
            "label_limit",
            "label_name_length_limit",
            "label_value_length_limit",
            "target_limit",
            "native_histogram_bucket_limit" ->
            uint(v);
        case "body_size_limit" -> byteSize(v);
        case "track_timestamps_staleness", "enable_compression", "extra_scrape_metrics" ->
            d.bool(v, false);
        case "scrape_protocols" -> d.stringList(v, "[]config.ScrapeProtocol", "string");
        case "rule_query_offset" -> duration(v);
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

    private void staticConfigs(Node v, RawJob j) {
      List<Node> items = d.sequence(v, "[]*targetgroup.Group");
      if (items == null) {
        return;
      }
      for (Node item : items) {
        if (item.isNull()) {
          throw located("empty or null section in static_configs", j, item.line());
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

    private void checkStaticTargets(RawJob j, Node n) {
      for (TargetGroup g : j.staticGroups) {
        for (Labels t : g.targets()) {
          String addr = t.get("__address__");
          if (addr.contains("/")) {
            throw located(GoText.quote(addr) + " is not a valid hostname", j, n.line());
          }
        }
      }
    }

    private void sdConfigs(String key, Node v, RawJob j) {
      DiscovererFactory factory = factories().get(key);
      if (factory == null) {
        String module = SHIPPED.get(key);
        if (module != null) {
          throw located(
              "no discoverer for "
                  + key
                  + " on the classpath: add the module "
                  + module
                  + " to use it",
              j,
              v == null ? j.line : v.line());
        }
        if (PROMETHEUS_SD_KEYS.contains(key)) {
          throw located(
              key + " is a Prometheus service discovery that promsd does not implement",
              j,
              v == null ? j.line : v.line());
        }
        throw new IllegalStateException(key); // jobKeyKnown let only known keys through
      }
      List<Node> items = d.sequence(v, "[]*" + mechanismType(key) + ".SDConfig");
      if (items == null) {
        return;
      }
      for (Node item : items) {
        if (item.isNull()) {
          throw located("empty or null section in " + key, j, item.line());
        }
        try {
          SdConfig cfg = factory.parse(new SdConfigSource(item, d, dir, compat, workingDir));
          if (cfg != null) {
            j.sd.add(cfg);
          }
        } catch (ConfigException e) {
          throw e.job() == null ? withJob(e, j) : e;
        }
      }
    }

    private static String mechanismType(String key) {
      return key.substring(0, key.length() - "_sd_configs".length());
    }

    /** The global defaults and the validations Prometheus runs once the file is decoded. */
    private ScrapeConfig finishJob(RawJob j, GlobalConfig g) {
      Duration interval = j.interval.isZero() ? g.scrapeInterval() : j.interval;
      if (j.timeout.compareTo(interval) > 0) {
        throw located(
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
        List<String> protocols = j.protocols != null ? j.protocols : globalProtocols;
        if (protocols != null) {
          String err = protocolsError(protocols);
          if (err != null) {
            throw located(
                err + " for scrape config with job name " + GoText.quote(j.jobName), j, null);
          }
        }
        if (!j.fallback.isEmpty() && !PROTOCOLS.contains(j.fallback)) {
          throw located(
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
        throw withJob(e, j);
      }
      long keepDropped = j.keepDropped == 0 ? g.keepDroppedTargets() : j.keepDropped;
      return new ScrapeConfig(
          j.jobName,
          interval,
          timeout,
          j.metricsPath,
          j.scheme,
          j.params,
          j.honorLabels,
          j.honorTimestamps,
          j.relabel,
          j.metricRelabel,
          j.sd,
          j.http,
          compat == Compat.PROMETHEUS_2 ? NameValidation.LEGACY : scheme,
          j.nativeHist != null ? j.nativeHist : g.scrapeNativeHistograms(),
          j.convert != null ? j.convert : g.convertClassicHistogramsToNhcb(),
          j.always != null ? j.always : g.alwaysScrapeClassicHistograms(),
          keepDropped,
          j.targetLimit,
          d.file(),
          j.line);
    }

    /** Prometheus's {@code validateAcceptScrapeProtocols}: the message, or null if valid. */
    private static String protocolsError(List<String> protocols) {
      if (protocols.isEmpty()) {
        return "scrape_protocols cannot be empty";
      }
      Set<String> seen = new java.util.HashSet<>();
      for (String p : protocols) {
        if (!seen.add(p.toLowerCase(Locale.ROOT))) {
          return "duplicated protocol in scrape_protocols, got " + goList(protocols);
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

    private static String goList(List<String> l) {
      return "[" + String.join(" ", l) + "]";
    }

    /** 3.x's metric_name_escaping_scheme rules (config.go ScrapeConfig.Validate). */
    private void checkEscaping(RawJob j, GlobalConfig g, NameValidation scheme) {
      String globalEsc = globalEscaping;
      switch (globalEsc) {
        case "" ->
            globalEsc = g.nameValidation() == NameValidation.LEGACY ? "underscores" : "allow-utf-8";
        case "allow-utf-8", "underscores", "dots", "values" -> {
          // fine
        }
        default ->
            throw located(
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
            throw located(
                "utf8 metric names requested but validation scheme is not set to UTF8", j, null);
          }
        }
        case "underscores", "dots", "values" -> {
          // fine
        }
        default ->
            throw located(
                "unknown scrape config name escaping method specified, must be one of"
                    + " 'allow-utf-8', 'underscores', 'dots', or 'values', got "
                    + GoText.quote(esc),
                j,
                null);
      }
    }

    // ---- scalars ------------------------------------------------------------------------

    private Duration duration(Node v) {
      String s = d.string(v);
      if (v == null || v.isNull() || v.kind() != Node.Kind.SCALAR) {
        return Duration.ZERO;
      }
      try {
        return PromDuration.parse(s, compat);
      } catch (IllegalArgumentException e) {
        throw d.error(v, e.getMessage());
      }
    }

    private long uint(Node v) {
      if (v == null || v.isNull()) {
        return 0;
      }
      long before = d.typeErrorCount();
      long x = d.uint64(v, "uint"); // Go's uint (64 bits on the platforms Prometheus ships for)
      if (d.typeErrorCount() > before) {
        return 0;
      }
      return x;
    }

    private NameValidation validationScheme(Node v) {
      String s = d.string(v);
      if (s.isEmpty()) {
        return null;
      }
      return switch (s) {
        case "legacy" -> NameValidation.LEGACY;
        case "utf8" -> NameValidation.UTF8;
        default -> throw d.error(v, "unrecognized ValidationScheme: " + GoText.quote(s));
      };
    }

    /**
     * {@code body_size_limit}: alecthomas/units {@code Base2Bytes}, whose text unmarshaling runs
     * ParseUnit with the {@code KiB} units and then with the {@code KB} ones (both base 2), and
     * reports the second attempt's error. A plain number has no unit and is rejected (only {@code
     * 0} is special); a YAML null leaves the default.
     */
    private void byteSize(Node v) {
      if (v == null || v.isNull()) {
        return;
      }
      String s = d.string(v);
      if (v.kind() != Node.Kind.SCALAR) {
        return; // a type error, already recorded
      }
      if (byteUnitsError(s, BASE2_UNITS) == null) {
        return;
      }
      String err = byteUnitsError(s, OLD_BASE2_UNITS);
      if (err != null) {
        throw d.error(v, err);
      }
    }

    private static final Set<String> BASE2_UNITS =
        Set.of("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB");
    private static final Set<String> OLD_BASE2_UNITS =
        Set.of("B", "KB", "MB", "GB", "TB", "PB", "EB");

    /** alecthomas/units ParseUnit's error for {@code orig} with these units, or null. */
    private static String byteUnitsError(String orig, Set<String> units) {
      String s = orig;
      if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
        s = s.substring(1);
      }
      if (s.equals("0")) {
        return null;
      }
      String invalid = "units: invalid " + orig;
      if (s.isEmpty()) {
        return invalid;
      }
      double total = 0;
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c != '.' && (c < '0' || c > '9')) {
          return invalid;
        }
        int start = i;
        long whole = 0;
        for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
          if (whole >= (Long.MAX_VALUE - 10) / 10) {
            return invalid; // leadingInt's overflow
          }
          whole = whole * 10 + (s.charAt(i) - '0');
        }
        double g = whole;
        boolean pre = i > start;
        boolean post = false;
        if (i < s.length() && s.charAt(i) == '.') {
          i++;
          int fracStart = i;
          long frac = 0;
          double scale = 1;
          for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            if (frac >= (Long.MAX_VALUE - 10) / 10) {
              return invalid;
            }
            frac = frac * 10 + (s.charAt(i) - '0');
            scale *= 10;
          }
          g += frac / scale;
          post = i > fracStart;
        }
        if (!pre && !post) {
          return invalid;
        }
        int unitStart = i;
        while (i < s.length() && s.charAt(i) != '.' && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
          i++;
        }
        String unit = s.substring(unitStart, i);
        if (!units.contains(unit)) {
          return "units: unknown unit " + unit + " in " + orig;
        }
        total += g * unitValue(unit);
      }
      if (total >= 0x1p63) {
        return "units: overflow parsing unit";
      }
      return null;
    }

    private static double unitValue(String unit) {
      int power = "BKMGTPE".indexOf(unit.charAt(0));
      return Math.pow(1024, power);
    }

    private ConfigException located(String message, RawJob j, Integer line) {
      int l = line != null ? line : j.line;
      return new ConfigException(
          message, d.file(), l, j.jobName.isEmpty() ? null : j.jobName, -1, null);
    }

    private static ConfigException withJob(ConfigException e, RawJob j) {
      return j.jobName.isEmpty() ? e : e.withJob(j.jobName);
    }
  }
}
