package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code docker_sd_configs} and {@code dockerswarm_sd_configs} entries as the {@code
 * UnmarshalYAML} methods of {@code discovery/moby/docker.go} and {@code dockerswarm.go} do: the
 * defaults, a strict decode of {@code type plain} (keys in document order, the inline HTTP client
 * keys among them), then the checks with Prometheus's messages. Type errors go to the document's
 * decoder and skip the checks, as in Go.
 */
final class MobyConfigs {
  private MobyConfigs() {}

  /** The Go type yaml.v2 names in unknown-field and type errors ({@code type plain ...}). */
  static final String PLAIN = "moby.plain";

  private static final long DEFAULT_PORT = 80;

  /** The fields both mechanisms share, and the Docker-only ones, as decoded. */
  private static final class Parts {
    String host = "";
    String role = "";
    long port = DEFAULT_PORT;
    List<DockerSdConfig.Filter> filters = List.of();
    String hostNetworkingHost = "localhost";
    Duration refreshInterval = DockerSdConfig.DEFAULT_REFRESH_INTERVAL;
    boolean matchFirstNetwork = true;
  }

  static DockerSdConfig docker(SdConfigSource src) {
    Decoder d = src.decoder();
    Compat compat = src.compat();
    int mark = d.typeErrorCount();
    Fields f = d.struct(src.node(), PLAIN);
    Parts p = new Parts();
    HttpClientConfig http =
        HttpClientConfig.decodeInline(
            f,
            src.configDir(),
            compat,
            key -> {
              switch (key) {
                case "host" -> p.host = d.string(f.take(key));
                case "port" -> p.port = port(d, f.take(key));
                case "filters" -> p.filters = filters(d, f.take(key));
                case "host_networking_host" -> p.hostNetworkingHost = d.string(f.take(key));
                case "refresh_interval" ->
                    p.refreshInterval =
                        PromDuration.decode(d, f.take(key), compat, p.refreshInterval);
                case "match_first_network" -> {
                  // Since 2.54 (docker.go DockerSDConfig); 2.42 calls it an unknown field.
                  if (compat == Compat.PROMETHEUS_3) {
                    Node n = f.take(key);
                    p.matchFirstNetwork = !n.isNull() && d.bool(n, false);
                  }
                }
                default -> {} // left for finish(): field X not found in type moby.plain
              }
            });
    f.finish();
    boolean matchFirst = compat == Compat.PROMETHEUS_3 && p.matchFirstNetwork;
    if (!d.typeErrorsSince(mark)) {
      http = checkHostAndHttp(d, src.node(), p.host, http, () -> {});
    }
    return new DockerSdConfig(
        p.host,
        p.port,
        p.filters,
        p.hostNetworkingHost,
        p.refreshInterval,
        matchFirst,
        http,
        compat);
  }

  static DockerSwarmSdConfig swarm(SdConfigSource src) {
    Decoder d = src.decoder();
    Compat compat = src.compat();
    int mark = d.typeErrorCount();
    Fields f = d.struct(src.node(), PLAIN);
    Parts p = new Parts();
    HttpClientConfig http =
        HttpClientConfig.decodeInline(
            f,
            src.configDir(),
            compat,
            key -> {
              switch (key) {
                case "host" -> p.host = d.string(f.take(key));
                case "role" -> p.role = d.string(f.take(key));
                case "port" -> p.port = port(d, f.take(key));
                case "filters" -> p.filters = filters(d, f.take(key));
                case "refresh_interval" ->
                    p.refreshInterval =
                        PromDuration.decode(d, f.take(key), compat, p.refreshInterval);
                default -> {}
              }
            });
    f.finish();
    DockerSwarmSdConfig.Role role = DockerSwarmSdConfig.Role.NODES;
    if (!d.typeErrorsSince(mark)) {
      String r = p.role;
      http =
          checkHostAndHttp(
              d,
              src.node(),
              p.host,
              http,
              () -> {
                switch (r) {
                  case "services", "nodes", "tasks" -> {}
                  case "" ->
                      throw d.error(src.node(), "role missing (one of: tasks, services, nodes)");
                  default ->
                      throw d.error(
                          src.node(), "invalid role " + r + ", expected tasks, services, or nodes");
                }
              });
      role = DockerSwarmSdConfig.Role.valueOf(r.toUpperCase(Locale.ROOT));
    }
    return new DockerSwarmSdConfig(
        p.host, role, p.port, p.filters, p.refreshInterval, http, compat);
  }

  /**
   * The checks both {@code UnmarshalYAML}s run after the plain decode, in their order: the host,
   * then the mechanism's own ({@code between}), then the HTTP client config.
   */
  private static HttpClientConfig checkHostAndHttp(
      Decoder d, Node at, String host, HttpClientConfig http, Runnable between) {
    if (host.isEmpty()) {
      throw d.error(at, "host missing");
    }
    try {
      GoUrl.parse(host);
    } catch (GoUrl.ParseException e) {
      throw d.error(at, e.getMessage());
    }
    between.run();
    try {
      return http.validate();
    } catch (ConfigException e) {
      throw d.error(at, e.reason());
    }
  }

  // yaml.v2 sets a present null to the zero value (0, "", nil), never back to the default.

  private static long port(Decoder d, Node n) {
    return d.int64(n, 0, "int");
  }

  private static List<DockerSdConfig.Filter> filters(Decoder d, Node n) {
    List<Node> items = d.sequence(n, "[]moby.Filter");
    if (items == null) {
      return List.of();
    }
    List<DockerSdConfig.Filter> out = new ArrayList<>(items.size());
    for (Node item : items) {
      Fields ff = d.struct(item, "moby.Filter");
      String name = d.string(ff.take("name"));
      List<String> values = d.stringList(ff.take("values"), "[]string", "string");
      ff.finish();
      out.add(new DockerSdConfig.Filter(name, values == null ? List.of() : values));
    }
    return out;
  }
}
