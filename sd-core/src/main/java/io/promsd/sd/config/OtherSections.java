package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.SdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sections that do not shape targets: {@code alerting}, {@code remote_write}, {@code
 * remote_read} and {@code tracing}, decoded only to reject what Prometheus rejects there ({@code
 * config/config.go}): their settings are not kept. Unknown keys are errors at their first level and
 * in {@code queue_config}, {@code metadata_config} and tracing's {@code tls_config}; {@code sigv4},
 * {@code azuread} and {@code google_iam} are not checked field by field.
 */
final class OtherSections {
  private final Loading l;
  private final Decoder d;
  private final Path dir;
  private final Compat compat;

  OtherSections(Loading l) {
    this.l = l;
    this.d = l.d;
    this.dir = l.dir;
    this.compat = l.compat;
  }

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

  private final List<SdConfig> alertmanagerSd = new ArrayList<>();

  /** The discovery configs of the Alertmanager configs read so far. */
  List<SdConfig> alertmanagerSd() {
    return alertmanagerSd;
  }

  /** A remote_write or remote_read entry: its name and where it is; null for a null item. */
  record Remote(String name, Node node) {}

  /** {@code alerting}: AlertingConfig and AlertmanagerConfig's UnmarshalYAML. */
  void alerting(Node v) {
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
    ScrapeSection.RawJob am =
        new ScrapeSection.RawJob(); // carries the static targets and the line for messages
    am.line = n.line();
    Node relabel = null;
    Node alertRelabel = null;
    boolean sigv4 = false;
    for (String key : f.remaining()) {
      switch (key) {
        case "scheme", "path_prefix" -> d.string(f.take(key));
        case "timeout" -> l.duration(f.take(key));
        case "api_version" -> apiVersion(f.take(key));
        case "relabel_configs" -> {
          relabel = f.take(key);
          RelabelConfig.decodeList(relabel, d, compat, "alertmanager", false);
        }
        case "static_configs" -> l.scrape.staticConfigs(f.take(key), am);
        default -> {
          if (compat == Compat.PROMETHEUS_3 && key.equals("sigv4")) {
            Node s4 = f.take(key);
            sigv4 = !isNull(s4);
            sigv4(s4);
          } else if (compat == Compat.PROMETHEUS_3 && key.equals("alert_relabel_configs")) {
            alertRelabel = f.take(key);
            RelabelConfig.decodeList(alertRelabel, d, compat, "alert", false);
          } else if (Mechanisms.known(key, compat)) {
            if (Mechanisms.factory(key) != null || CheckedDiscoveries.has(key)) {
              l.scrape.sdConfigs(key, f.take(key), am);
            } else {
              f.take(key); // an Alertmanager discovery promsd has no module for: not checked
            }
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
    if (!ScrapeSection.hasItems(relabel)) {
      l.scrape.checkStaticTargets(am, n); // URLs in static targets, as for scrape configs
    }
    rejectNulls(relabel, "empty or null Alertmanager target relabeling rule");
    rejectNulls(alertRelabel, "empty or null Alertmanager alert relabeling rule");
    alertmanagerSd.addAll(am.sd);
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
              + GoText.list(supported)
              + " but got "
              + version);
    }
  }

  /** {@code remote_write} or {@code remote_read}: RemoteWriteConfig/RemoteReadConfig. */
  List<Remote> remotes(Node v, boolean write) {
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
        case "remote_timeout" -> l.duration(v);
        case "name" -> name = d.string(v);
        case "headers" -> headers = Loading.orEmpty(d.mapEntries(v, "map[string]string"));
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
        case "queue_config" -> {
          queue = v;
          queueFields(v);
        }
        case "metadata_config" -> metadataFields(v);
        case "sigv4", "azuread", "google_iam" -> {
          if (!isNull(v)) {
            otherAuth.add(key);
          }
          if (key.equals("sigv4")) {
            sigv4(v);
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
      List<String> messages = List.of("prometheus.WriteRequest", "io.prometheus.write.v2.Request");
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

  /**
   * {@code sigv4}: SigV4Config.UnmarshalYAML (2.42: prometheus/common/sigv4 v0.1.0; 3.x:
   * prometheus/sigv4 v0.4.1 {@code sigv4_config.go}, which adds three fields and a check).
   */
  private void sigv4(Node v) {
    if (isNull(v)) {
      return;
    }
    int mark = d.typeErrorCount();
    boolean three = compat == Compat.PROMETHEUS_3;
    Fields f = d.struct(v, "sigv4.plain");
    String accessKey = "";
    String secretKey = "";
    String roleArn = "";
    String externalId = "";
    for (String key : f.remaining()) {
      switch (key) {
        case "access_key" -> accessKey = d.string(f.take(key));
        case "secret_key" -> secretKey = d.string(f.take(key), "config.plain");
        case "role_arn" -> roleArn = d.string(f.take(key));
        case "region", "profile" -> d.string(f.take(key));
        case "external_id" -> {
          if (three) {
            externalId = d.string(f.take(key));
          }
        }
        case "service_name" -> {
          if (three) {
            d.string(f.take(key));
          }
        }
        case "use_fips_sts_endpoint" -> {
          if (three) {
            d.bool(f.take(key), false);
          }
        }
        default -> {
          // reported by finish()
        }
      }
    }
    f.finish();
    if (d.typeErrorsSince(mark)) {
      return;
    }
    if (accessKey.isEmpty() != secretKey.isEmpty()) {
      throw d.error(
          v,
          "must provide a AWS SigV4 Access key and Secret Key if credentials are specified in"
              + " the SigV4 config");
    }
    if (three && !externalId.isEmpty() && roleArn.isEmpty()) {
      throw d.error(v, "external_id can only be used with role_arn");
    }
  }

  /** {@code queue_config}: QueueConfig, a struct without UnmarshalYAML. */
  private void queueFields(Node v) {
    Fields f = d.struct(v, "config.QueueConfig");
    for (String key : f.remaining()) {
      switch (key) {
        case "capacity", "max_shards", "min_shards", "max_samples_per_send" ->
            d.int64(f.take(key), 0, "int");
        case "batch_send_deadline", "min_backoff", "max_backoff" -> l.duration(f.take(key));
        case "retry_on_http_429" -> d.bool(f.take(key), false);
        case "sample_age_limit" -> {
          if (compat == Compat.PROMETHEUS_3) {
            l.duration(f.take(key));
          }
        }
        default -> {
          // reported by finish()
        }
      }
    }
    f.finish();
  }

  /** {@code metadata_config}: MetadataConfig, a struct without UnmarshalYAML. */
  private void metadataFields(Node v) {
    Fields f = d.struct(v, "config.MetadataConfig");
    for (String key : f.remaining()) {
      switch (key) {
        case "send" -> d.bool(f.take(key), false);
        case "send_interval" -> l.duration(f.take(key));
        case "max_samples_per_send" -> d.int64(f.take(key), 0, "int");
        default -> {
          // reported by finish()
        }
      }
    }
    f.finish();
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
        case "min_backoff" -> minBackoff = isNull(v) ? minBackoff : l.duration(v);
        case "max_backoff" -> maxBackoff = isNull(v) ? maxBackoff : l.duration(v);
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
              + GoText.list(configured));
    }
  }

  /** Config.UnmarshalYAML's checks of remote_write/remote_read once the file is decoded. */
  void uniqueRemoteNames(List<Remote> remotes, String what) {
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
  void tracing(Node v) {
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
        case "headers" -> headers = Loading.orEmpty(d.mapEntries(f.take(key), "map[string]string"));
        case "timeout" -> l.duration(f.take(key));
        case "insecure" -> d.bool(f.take(key), false);
        case "sampling_fraction" -> l.float64(f.take(key));
        case "tls_config" ->
            io.promsd.sd.httpclient.HttpClientConfig.TlsConfig.decode(f.take(key), d, dir, compat);
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
   * validateHeaders / validateHeadersForTracing, in document order (Go walks a map, so which of two
   * bad headers it names varies from run to run).
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

  private static boolean isNull(Node v) {
    return v == null || v.isNull();
  }
}
