package io.promsd.sd.consul;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.HttpClientConfig.BasicAuth;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code consul_sd_configs}, as Prometheus's {@code consul.SDConfig} holds it after
 * {@code UnmarshalYAML}: defaults applied, the deprecated {@code username}/{@code password} folded
 * into {@code basic_auth}, everything validated.
 *
 * <p>Immutable; equal configs discover the same targets, so the manager runs one discoverer for
 * them. {@link #toString()} prints {@code token} and {@code password} as {@code <secret>}.
 *
 * @param server the agent address, {@code host:port}, optionally {@code http://}, {@code https://}
 *     (with a path prefix) or {@code unix:///path}; default {@code localhost:8500}
 * @param pathPrefix prepended to every API path (3.x only; empty when unset)
 * @param token the ACL token sent as {@code X-Consul-Token}
 * @param datacenter sent as {@code dc} when set; otherwise the agent's is used for labels
 * @param namespace sent as {@code ns} when set (Consul Enterprise)
 * @param partition sent as {@code partition} when set (Consul Enterprise)
 * @param tagSeparator joins tags in {@code __meta_consul_tags}; default {@code ,}
 * @param scheme {@code http} (default) or {@code https}
 * @param username deprecated basic-auth user (also copied into the HTTP settings)
 * @param password deprecated basic-auth password (also copied into the HTTP settings)
 * @param allowStale sends {@code stale}; default true
 * @param refreshInterval the minimum time between two requests of one watcher; default 30s
 * @param services the services to watch; empty means all
 * @param tags tags every watched instance must have
 * @param nodeMeta node metadata pairs, each sent as {@code node-meta=key:value}
 * @param filter a catalog API filter expression (3.x only)
 * @param healthFilter a health API filter expression (3.x only)
 * @param httpClientConfig the inline {@code <http_config>} settings, validated
 */
public record ConsulSdConfig(
    String server,
    String pathPrefix,
    Secret token,
    String datacenter,
    String namespace,
    String partition,
    String tagSeparator,
    String scheme,
    String username,
    Secret password,
    boolean allowStale,
    Duration refreshInterval,
    List<String> services,
    List<String> tags,
    Map<String, String> nodeMeta,
    String filter,
    String healthFilter,
    HttpClientConfig httpClientConfig)
    implements SdConfig {

  /** The Go type yaml.v2 names in unknown-field errors ({@code type plain SDConfig}). */
  static final String GO_TYPE = "consul.plain";

  /** Checks and copies; {@code nodeMeta} keeps its order (Go sends it in map order). */
  public ConsulSdConfig {
    requireNonNull(server, "server");
    requireNonNull(pathPrefix, "pathPrefix");
    requireNonNull(token, "token");
    requireNonNull(datacenter, "datacenter");
    requireNonNull(namespace, "namespace");
    requireNonNull(partition, "partition");
    requireNonNull(tagSeparator, "tagSeparator");
    requireNonNull(scheme, "scheme");
    requireNonNull(username, "username");
    requireNonNull(password, "password");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(filter, "filter");
    requireNonNull(healthFilter, "healthFilter");
    requireNonNull(httpClientConfig, "httpClientConfig");
    services = List.copyOf(services);
    tags = List.copyOf(tags);
    nodeMeta = Collections.unmodifiableMap(new LinkedHashMap<>(nodeMeta));
  }

  /** Prometheus's {@code DefaultSDConfig}. */
  static ConsulSdConfig defaults() {
    return new ConsulSdConfig(
        "localhost:8500",
        "",
        Secret.empty(),
        "",
        "",
        "",
        ",",
        "http",
        "",
        Secret.empty(),
        true,
        Duration.ofSeconds(30),
        List.of(),
        List.of(),
        Map.of(),
        "",
        "",
        HttpClientConfig.DEFAULT);
  }

  /** {@code consul}. */
  @Override
  public String mechanism() {
    return "consul";
  }

  /** A discoverer with Prometheus's timing; it opens no connection until it runs. */
  @Override
  public Discoverer newDiscoverer() {
    return new ConsulDiscoverer(this, Timing.PROMETHEUS, System::getenv);
  }

  /**
   * Whether Prometheus watches the catalog ({@code Run} in consul.go): when no services are listed,
   * or tags or a catalog filter are set. Otherwise each listed service is watched directly.
   */
  boolean watchesCatalog() {
    return services.isEmpty() || !tags.isEmpty() || !filter.isEmpty();
  }

  /**
   * Decodes one entry the way {@code SDConfig.UnmarshalYAML} does: defaults, a strict plain decode
   * (type errors go to the decoder and skip validation, as in Go), then the checks in Prometheus's
   * order with its messages.
   */
  static ConsulSdConfig decode(SdConfigSource src) {
    Decoder d = src.decoder();
    Compat compat = src.compat();
    int mark = d.typeErrorCount();
    Fields f = d.struct(src.node(), GO_TYPE);
    ConsulSdConfig def = defaults();

    String server = string(f, "server", def.server());
    // path_prefix came in 2.45, filter in 3.0, health_filter in 3.12: 2.42 calls them unknown.
    boolean v3 = compat == Compat.PROMETHEUS_3;
    String pathPrefix = v3 ? string(f, "path_prefix", "") : "";
    Secret token = Secret.decode(f.decoder(), f.take("token"));
    String datacenter = string(f, "datacenter", "");
    String namespace = string(f, "namespace", "");
    String partition = string(f, "partition", "");
    String tagSeparator = string(f, "tag_separator", def.tagSeparator());
    String scheme = string(f, "scheme", def.scheme());
    String username = string(f, "username", "");
    Secret password = Secret.decode(f.decoder(), f.take("password"));
    boolean allowStale = bool(f, "allow_stale", def.allowStale());
    Duration refresh = duration(f, "refresh_interval", def.refreshInterval(), compat);
    List<String> services = list(f, "services");
    List<String> tags = list(f, "tags");
    Map<String, String> nodeMeta = d.stringMap(f.take("node_meta"), "map[string]string");
    String filter = v3 ? string(f, "filter", "") : "";
    String healthFilter = v3 ? string(f, "health_filter", "") : "";
    HttpClientConfig http = HttpClientConfig.decodeInline(f, src.configDir(), compat);
    f.finish();

    ConsulSdConfig parsed =
        new ConsulSdConfig(
            server,
            pathPrefix,
            token,
            datacenter,
            namespace,
            partition,
            tagSeparator,
            scheme,
            username,
            password,
            allowStale,
            refresh,
            services,
            tags,
            nodeMeta,
            filter,
            healthFilter,
            http);
    if (d.typeErrorsSince(mark)) {
      return parsed; // Go returns the plain decode's error before validating
    }
    return parsed.validated(d, src.node());
  }

  private ConsulSdConfig validated(Decoder d, Node at) {
    if (GoText.trimSpace(server).isEmpty()) {
      throw d.error(at, "consul SD configuration requires a server address");
    }
    HttpClientConfig http = httpClientConfig;
    if (!username.isEmpty() || !password.isEmpty()) {
      if (http.basicAuth() != null) {
        throw d.error(
            at,
            "at most one of consul SD configuration username and password and basic auth can be"
                + " configured");
      }
      http = http.withBasicAuth(BasicAuth.of(username, password));
    }
    if (!token.isEmpty() && (http.authorization() != null || http.oauth2() != null)) {
      throw d.error(
          at, "at most one of consul SD token, authorization, or oauth2 can be configured");
    }
    try {
      http = http.validate();
    } catch (ConfigException e) {
      throw d.error(at, e.reason());
    }
    return new ConsulSdConfig(
        server,
        pathPrefix,
        token,
        datacenter,
        namespace,
        partition,
        tagSeparator,
        scheme,
        username,
        password,
        allowStale,
        refreshInterval,
        services,
        tags,
        nodeMeta,
        filter,
        healthFilter,
        http);
  }

  // yaml.v2 sets a present null to the zero value (it neither keeps the default nor errs).

  private static String string(Fields f, String name, String dflt) {
    Node n = f.take(name);
    return n == null ? dflt : f.decoder().string(n);
  }

  private static boolean bool(Fields f, String name, boolean dflt) {
    Node n = f.take(name);
    if (n == null) {
      return dflt;
    }
    return !n.isNull() && f.decoder().bool(n, false);
  }

  private static List<String> list(Fields f, String name) {
    List<String> l = f.decoder().stringList(f.take(name), "[]string", "string");
    return l == null ? List.of() : l;
  }

  private static Duration duration(Fields f, String name, Duration dflt, Compat compat) {
    return PromDuration.decode(f.decoder(), f.take(name), compat, dflt);
  }
}
