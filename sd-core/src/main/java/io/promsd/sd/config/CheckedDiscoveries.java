package io.promsd.sd.config;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.HttpClientConfig.TlsConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.internal.config.UnavailableSdConfig;
import io.promsd.sd.internal.httpclient.GoUrl;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus discoveries that promsd checks but does not run: each entry is decoded and validated
 * as its {@code UnmarshalYAML} in {@code discovery/<mechanism>/} does (fields and their Go types,
 * defaults, which version has which field, the checks in their order and their texts), and becomes
 * an {@link UnavailableSdConfig}. Used only for keys without a {@link
 * io.promsd.sd.spi.DiscovererFactory} on the classpath, so a module that implements one of these
 * takes over without a change here.
 *
 * <p>Sources: Prometheus v2.42.0 for {@link Compat#PROMETHEUS_2} (texts recorded from promtool 2.42
 * in {@code testdata/checkconfig/promtool-2.42}), main at d15adb9 (3.x) for {@link
 * Compat#PROMETHEUS_3}.
 */
final class CheckedDiscoveries {
  private CheckedDiscoveries() {}

  /** The Go type a field decodes into, which decides its type errors and its zero value. */
  private enum Type {
    STRING,
    SECRET,
    INT,
    BOOL,
    DURATION,
    STRINGS,
    TLS,
    FILTERS
  }

  /**
   * One field. {@code only} limits it to one version (the other calls it an unknown field); {@code
   * roles}, when set, makes it a role type whose UnmarshalYAML accepts only these values and fails
   * at once with {@code roleError} (a format with one {@code %s}, the Go-quoted value).
   */
  private record Field(
      String key, Type type, Object dflt, Compat only, Set<String> roles, String roleError) {
    static Field of(String key, Type type, Object dflt) {
      return new Field(key, type, dflt, null, null, null);
    }

    Field since3() {
      return new Field(key, type, dflt, Compat.PROMETHEUS_3, roles, roleError);
    }

    static Field role(String key, Object dflt, Set<String> roles, String roleError) {
      return new Field(key, Type.STRING, dflt, null, roles, roleError);
    }
  }

  /** The decoded values (defaults where absent) and the inline HTTP client config, if any. */
  private record Values(Map<String, Object> map, HttpClientConfig http, Compat compat) {
    String str(String k) {
      Object o = map.get(k);
      return o instanceof Secret s ? s.reveal() : (String) o;
    }

    @SuppressWarnings("unchecked")
    List<String> list(String k) {
      return (List<String>) map.get(k);
    }

    Duration duration(String k) {
      return (Duration) map.get(k);
    }

    boolean v3() {
      return compat == Compat.PROMETHEUS_3;
    }
  }

  /** The checks after the plain decode; a non-null result is the error text. */
  private interface Check {
    String check(Values v, Decoder d, Node at);
  }

  /**
   * One mechanism.
   *
   * @param plainType the type yaml.v2 names in unknown-field errors
   * @param http whether the HTTP client settings are inlined
   * @param validateHttp in which versions UnmarshalYAML ends with {@code HTTPClientConfig.Validate}
   *     (null: never)
   */
  private record Spec(
      String mechanism,
      String plainType,
      boolean http,
      Set<Compat> validateHttp,
      List<Field> fields,
      Check check) {}

  private static final Set<Compat> BOTH = Set.of(Compat.PROMETHEUS_2, Compat.PROMETHEUS_3);
  private static final Set<Compat> ONLY_3 = Set.of(Compat.PROMETHEUS_3);
  private static final Set<Compat> NEVER = Set.of();
  private static final Duration MINUTE = Duration.ofSeconds(60);

  private static Field refresh(Duration d) {
    return Field.of("refresh_interval", Type.DURATION, d);
  }

  private static Field port(long p) {
    return Field.of("port", Type.INT, p);
  }

  private static Field str(String key, String dflt) {
    return Field.of(key, Type.STRING, dflt);
  }

  private static final Map<String, Spec> SPECS = new HashMap<>();

  private static void add(Spec s) {
    SPECS.put(s.mechanism() + "_sd_configs", s);
  }

  static {
    // discovery/gce/gce.go SDConfig.UnmarshalYAML
    add(
        new Spec(
            "gce",
            "gce.plain",
            false,
            NEVER,
            List.of(
                str("project", ""),
                str("zone", ""),
                str("filter", ""),
                refresh(MINUTE),
                port(80),
                str("tag_separator", ",")),
            (v, d, at) -> {
              if (v.str("project").isEmpty()) {
                return "GCE SD configuration requires a project";
              }
              if (v.str("zone").isEmpty()) {
                return "GCE SD configuration requires a zone";
              }
              return null;
            }));
    // discovery/hetzner/hetzner.go SDConfig.UnmarshalYAML, role.UnmarshalYAML
    add(
        new Spec(
            "hetzner",
            "hetzner.plain",
            true,
            BOTH,
            List.of(
                refresh(MINUTE),
                port(80),
                Field.role("role", "", Set.of("robot", "hcloud"), "unknown role %s"),
                str("label_selector", "").since3()),
            (v, d, at) -> v.str("role").isEmpty() ? "role missing (one of: robot, hcloud)" : null));
    // discovery/linode/linode.go
    add(
        new Spec(
            "linode",
            "linode.plain",
            true,
            BOTH,
            List.of(
                refresh(MINUTE), port(80), str("tag_separator", ","), str("region", "").since3()),
            (v, d, at) -> null));
    // discovery/marathon/marathon.go
    add(
        new Spec(
            "marathon",
            "marathon.plain",
            true,
            BOTH,
            List.of(
                Field.of("servers", Type.STRINGS, List.of()),
                refresh(Duration.ofSeconds(30)),
                Field.of("auth_token", Type.SECRET, ""),
                str("auth_token_file", "")),
            CheckedDiscoveries::marathon));
    // discovery/nomad/nomad.go
    add(
        new Spec(
            "nomad",
            "nomad.plain",
            true,
            BOTH,
            List.of(
                Field.of("allow_stale", Type.BOOL, true),
                str("namespace", "default"),
                refresh(MINUTE),
                str("region", "global"),
                str("server", "http://localhost:4646"),
                str("tag_separator", ",")),
            (v, d, at) ->
                v.str("server").strip().isEmpty()
                    ? "nomad SD configuration requires a server address"
                    : null));
    // discovery/xds/kuma.go KumaSDConfig.UnmarshalYAML (type plainKumaConf), xds.go SDConfig
    add(
        new Spec(
            "kuma",
            "xds.plainKumaConf",
            true,
            BOTH,
            List.of(
                refresh(Duration.ofSeconds(15)),
                Field.of("fetch_timeout", Type.DURATION, Duration.ofMinutes(2)),
                str("server", ""),
                str("client_id", "").since3()),
            (v, d, at) -> {
              String server = v.str("server");
              if (server.isEmpty()) {
                return "kuma SD server must not be empty: " + server;
              }
              GoUrl u;
              try {
                u = GoUrl.parse(server);
              } catch (GoUrl.ParseException e) {
                return e.getMessage();
              }
              if (u.scheme().isEmpty() || u.host().isEmpty()) {
                return "kuma SD server must not be empty and have a scheme: " + server;
              }
              return null;
            }));
    // discovery/triton/triton.go
    add(
        new Spec(
            "triton",
            "triton.plain",
            false,
            NEVER,
            List.of(
                str("account", ""),
                str("role", "container"),
                str("dns_suffix", ""),
                str("endpoint", ""),
                Field.of("groups", Type.STRINGS, List.of()),
                port(9163),
                refresh(MINUTE),
                Field.of("tls_config", Type.TLS, null),
                Field.of("version", Type.INT, 1L)),
            (v, d, at) -> {
              String role = v.str("role");
              if (!role.equals("container") && !role.equals("cn")) {
                return "triton SD configuration requires role to be 'container' or 'cn'";
              }
              if (v.str("account").isEmpty()) {
                return "triton SD configuration requires an account";
              }
              if (v.str("dns_suffix").isEmpty()) {
                return "triton SD configuration requires a dns_suffix";
              }
              if (v.str("endpoint").isEmpty()) {
                return "triton SD configuration requires an endpoint";
              }
              if (v.duration("refresh_interval").compareTo(Duration.ZERO) <= 0) {
                return "triton SD configuration requires RefreshInterval to be a positive integer";
              }
              return null;
            }));
    // discovery/scaleway/scaleway.go SDConfig.UnmarshalYAML, role.UnmarshalYAML
    add(
        new Spec(
            "scaleway",
            "scaleway.plain",
            true,
            BOTH,
            List.of(
                str("project_id", ""),
                str("api_url", "https://api.scaleway.com"),
                str("zone", "fr-par-1"),
                str("access_key", ""),
                Field.of("secret_key", Type.SECRET, ""),
                str("secret_key_file", ""),
                str("name_filter", ""),
                Field.of("tags_filter", Type.STRINGS, List.of()),
                refresh(MINUTE),
                port(80),
                Field.role("role", "", Set.of("instance", "baremetal"), "unknown role %s")),
            CheckedDiscoveries::scaleway));
    // discovery/digitalocean/digitalocean.go (3.x: role, Role.UnmarshalYAML)
    add(
        new Spec(
            "digitalocean",
            "digitalocean.plain",
            true,
            BOTH,
            List.of(
                refresh(MINUTE),
                port(80),
                Field.role(
                        "role",
                        "droplets",
                        Set.of("droplets", "databases"),
                        "unknown DigitalOcean SD role %s")
                    .since3()),
            (v, d, at) ->
                v.v3() && v.str("role").isEmpty()
                    ? "role missing (one of: droplets, databases)"
                    : null));
    // discovery/ionos/ionos.go
    add(
        new Spec(
            "ionos",
            "ionos.plain",
            true,
            BOTH,
            List.of(str("datacenter_id", ""), refresh(MINUTE), port(80)),
            (v, d, at) ->
                v.str("datacenter_id").isEmpty() ? "datacenter id can't be empty" : null));
    // discovery/vultr/vultr.go
    add(
        new Spec(
            "vultr",
            "vultr.plain",
            true,
            BOTH,
            List.of(refresh(MINUTE), port(80)),
            (v, d, at) -> null));
    // discovery/uyuni/uyuni.go (2.42 does not validate the HTTP client config)
    add(
        new Spec(
            "uyuni",
            "uyuni.plain",
            true,
            ONLY_3,
            List.of(
                str("server", ""),
                str("username", ""),
                Field.of("password", Type.SECRET, ""),
                str("entitlement", "monitoring_entitled"),
                str("separator", ","),
                refresh(MINUTE)),
            (v, d, at) -> {
              if (v.str("server").isEmpty()) {
                return "Uyuni SD configuration requires server host";
              }
              try {
                GoUrl.parse(v.str("server"));
              } catch (GoUrl.ParseException e) {
                return "Uyuni Server URL is not valid: " + e.getMessage();
              }
              if (v.str("username").isEmpty()) {
                return "Uyuni SD configuration requires a username";
              }
              if (v.str("password").isEmpty()) {
                return "Uyuni SD configuration requires a password";
              }
              return null;
            }));
    // discovery/aws/lightsail.go. 2.42 asks the EC2 metadata service for a missing region and
    // fails with this text when that fails; promsd does not ask it, so a missing region is this
    // error. 3.x resolves the region later, when the discoverer is created.
    add(
        new Spec(
            "lightsail",
            "aws.plain",
            true,
            ONLY_3,
            List.of(
                str("endpoint", ""),
                str("region", ""),
                str("access_key", ""),
                Field.of("secret_key", Type.SECRET, ""),
                str("profile", ""),
                str("role_arn", ""),
                refresh(MINUTE),
                port(80),
                str("external_id", "").since3()),
            (v, d, at) ->
                !v.v3() && v.str("region").isEmpty()
                    ? "Lightsail SD configuration requires a region"
                    : null));
    // discovery/puppetdb/puppetdb.go (2.42 does not validate the HTTP client config)
    add(
        new Spec(
            "puppetdb",
            "puppetdb.plain",
            true,
            ONLY_3,
            List.of(
                refresh(MINUTE),
                str("url", ""),
                str("query", ""),
                Field.of("include_parameters", Type.BOOL, false),
                port(80)),
            (v, d, at) -> {
              String problem =
                  io.promsd.sd.internal.spi.PolledUrlFields.httpUrlProblem(v.str("url"));
              if (problem != null) {
                return problem;
              }
              if (v.str("query").isEmpty()) {
                return "query missing";
              }
              return null;
            }));
    // discovery/zookeeper/zookeeper.go NerveSDConfig / ServersetSDConfig.UnmarshalYAML
    for (String z : List.of("nerve", "serverset")) {
      add(
          new Spec(
              z,
              "zookeeper.plain",
              false,
              NEVER,
              List.of(
                  Field.of("servers", Type.STRINGS, List.of()),
                  Field.of("paths", Type.STRINGS, List.of()),
                  Field.of("timeout", Type.DURATION, Duration.ofSeconds(10))),
              (v, d, at) -> {
                if (v.list("servers").isEmpty()) {
                  return z + " SD config must contain at least one Zookeeper server";
                }
                if (v.list("paths").isEmpty()) {
                  return z + " SD config must contain at least one path";
                }
                for (String p : v.list("paths")) {
                  if (!p.startsWith("/")) {
                    return z + " SD config paths must begin with '/': " + p;
                  }
                }
                return null;
              }));
    }
    // discovery/ovhcloud/ovhcloud.go
    add(
        new Spec(
            "ovhcloud",
            "ovhcloud.plain",
            false,
            NEVER,
            List.of(
                str("endpoint", "ovh-eu"),
                str("application_key", ""),
                Field.of("application_secret", Type.SECRET, ""),
                Field.of("consumer_key", Type.SECRET, ""),
                refresh(MINUTE),
                str("service", "")),
            (v, d, at) -> {
              if (v.str("endpoint").isEmpty()) {
                return "endpoint can not be empty";
              }
              if (v.str("application_key").isEmpty()) {
                return "application key can not be empty";
              }
              if (v.str("application_secret").isEmpty()) {
                return "application secret can not be empty";
              }
              if (v.str("consumer_key").isEmpty()) {
                return "consumer key can not be empty";
              }
              String s = v.str("service");
              return s.equals("dedicated_server") || s.equals("vps")
                  ? null
                  : "unknown service: " + s;
            }));
  }

  /** The AWS credential fields every discovery of {@code discovery/aws} shares (3.x). */
  private static List<Field> awsFields(Field... more) {
    List<Field> f =
        new java.util.ArrayList<>(
            List.of(
                str("region", ""),
                str("endpoint", ""),
                str("access_key", ""),
                Field.of("secret_key", Type.SECRET, ""),
                str("profile", ""),
                str("role_arn", ""),
                str("external_id", ""),
                Field.of("clusters", Type.STRINGS, List.of()),
                port(80),
                refresh(MINUTE)));
    f.addAll(List.of(more));
    return f;
  }

  static {
    // 3.x only (2.42 calls these keys unknown fields before any of this runs).
    // discovery/aws/aws.go SDConfig.UnmarshalYAML, Role.UnmarshalYAML: the fields shared by the
    // roles; the role decides which config they fill, and no HTTP client validation runs.
    add(
        new Spec(
            "aws",
            "aws.plain",
            true,
            NEVER,
            List.of(
                Field.role(
                    "role",
                    "",
                    Set.of("ec2", "ecs", "elasticache", "lightsail", "msk", "rds"),
                    "unknown AWS SD role %s"),
                str("region", ""),
                str("endpoint", ""),
                str("access_key", ""),
                Field.of("secret_key", Type.SECRET, ""),
                str("profile", ""),
                str("role_arn", ""),
                str("external_id", ""),
                refresh(Duration.ZERO),
                port(0),
                Field.of("filters", Type.FILTERS, List.of()),
                Field.of("clusters", Type.STRINGS, List.of())),
            (v, d, at) ->
                v.str("role").isEmpty() ? "unknown AWS SD role " + GoText.quote("") : null));
    // discovery/aws/ecs.go, elasticache.go, msk.go, rds.go: plain decode, then the HTTP client.
    for (String m : List.of("ecs", "elasticache", "msk")) {
      add(
          new Spec(
              m,
              "aws.plain",
              true,
              ONLY_3,
              awsFields(Field.of("request_concurrency", Type.INT, 10L)),
              (v, d, at) -> null));
    }
    add(
        new Spec(
            "rds",
            "aws.plain",
            true,
            ONLY_3,
            awsFields(
                Field.of("filters", Type.FILTERS, List.of()),
                Field.of("request_concurrency", Type.INT, 10L)),
            (v, d, at) -> null));
    // discovery/oci/oci.go SDConfig.UnmarshalYAML, validate
    add(
        new Spec(
            "oci",
            "oci.plain",
            true,
            ONLY_3,
            List.of(
                str("auth", "api_key"),
                str("tenancy", ""),
                str("user", ""),
                str("fingerprint", ""),
                str("key_file", ""),
                Field.of("key_passphrase", Type.SECRET, ""),
                str("key_passphrase_file", ""),
                str("region", ""),
                Field.of("compartments", Type.STRINGS, List.of()),
                port(80),
                refresh(MINUTE)),
            CheckedDiscoveries::oci));
    // discovery/outscale/outscale.go SDConfig.UnmarshalYAML
    add(
        new Spec(
            "outscale",
            "outscale.plain",
            true,
            ONLY_3,
            List.of(
                str("endpoint", ""),
                str("region", "eu-west-2"),
                str("access_key", ""),
                Field.of("secret_key", Type.SECRET, ""),
                str("secret_key_file", ""),
                refresh(MINUTE),
                port(80)),
            (v, d, at) -> {
              if (v.str("region").isEmpty()) {
                return "outscale SD configuration requires a region";
              }
              if (v.str("access_key").isEmpty()) {
                return "outscale SD configuration requires access_key";
              }
              boolean key = !v.str("secret_key").isEmpty();
              boolean file = !v.str("secret_key_file").isEmpty();
              if (!key && !file) {
                return "one of secret_key & secret_key_file must be configured";
              }
              if (key && file) {
                return "at most one of secret_key & secret_key_file must be configured";
              }
              return null;
            }));
    // discovery/stackit/stackit.go SDConfig.UnmarshalYAML
    add(
        new Spec(
            "stackit",
            "stackit.plain",
            true,
            ONLY_3,
            List.of(
                str("project", ""),
                refresh(MINUTE),
                port(80),
                str("region", "eu01"),
                str("endpoint", ""),
                Field.of("service_account_key", Type.SECRET, ""),
                Field.of("private_key", Type.SECRET, ""),
                str("service_account_key_path", ""),
                str("private_key_path", ""),
                str("credentials_file_path", "")),
            (v, d, at) -> {
              String endpoint = v.str("endpoint");
              if (endpoint.isEmpty() && v.str("region").isEmpty()) {
                return "stackit_sd: endpoint and region missing";
              }
              try {
                GoUrl.parse(endpoint);
              } catch (GoUrl.ParseException e) {
                return "stackit_sd: invalid endpoint "
                    + GoText.quote(endpoint)
                    + ": "
                    + e.getMessage();
              }
              return null;
            }));
  }

  private static String oci(Values v, Decoder d, Node at) {
    if (v.str("region").isEmpty()) {
      return "oci_sd: region is required";
    }
    String auth = v.str("auth");
    switch (auth) {
      case "api_key" -> {
        for (String k : List.of("tenancy", "user", "fingerprint", "key_file")) {
          if (v.str(k).isEmpty()) {
            return "oci_sd: api_key auth requires " + k;
          }
        }
        if (!v.str("key_passphrase").isEmpty() && !v.str("key_passphrase_file").isEmpty()) {
          return "oci_sd: at most one of key_passphrase and key_passphrase_file must be"
              + " configured";
        }
      }
      case "instance_principal" -> {
        for (String k :
            List.of(
                "tenancy",
                "user",
                "fingerprint",
                "key_file",
                "key_passphrase",
                "key_passphrase_file")) {
          if (!v.str(k).isEmpty()) {
            return "oci_sd: instance_principal auth must not have tenancy, user, fingerprint,"
                + " key_file, key_passphrase, or key_passphrase_file set";
          }
        }
      }
      default -> {
        return "oci_sd: unknown auth method "
            + GoText.quote(auth)
            + ", expected \"api_key\" or \"instance_principal\"";
      }
    }
    List<String> compartments = v.list("compartments");
    for (int i = 0; i < compartments.size(); i++) {
      if (compartments.get(i).isEmpty()) {
        return "oci_sd: compartments[" + i + "] must not be empty";
      }
    }
    Duration refresh = v.duration("refresh_interval");
    if (refresh.compareTo(Duration.ZERO) <= 0) {
      return "oci_sd: refresh_interval must be positive, got " + PromDuration.format(refresh);
    }
    return null;
  }

  /** Whether entries of {@code key} are checked here. */
  static boolean has(String key) {
    return SPECS.containsKey(key);
  }

  /** The Go type of one list entry, as yaml.v2 names it in type errors; null if not here. */
  static String entryType(String key) {
    return switch (key) {
      case "lightsail_sd_configs" -> "aws.LightsailSDConfig";
      case "nerve_sd_configs" -> "zookeeper.NerveSDConfig";
      case "serverset_sd_configs" -> "zookeeper.ServersetSDConfig";
      case "kuma_sd_configs" -> "xds.SDConfig";
      default -> null;
    };
  }

  /**
   * Decodes and checks one entry of {@code key} ({@link #has} must hold).
   *
   * @throws ConfigException with Prometheus's text when the entry is rejected
   */
  static UnavailableSdConfig parse(String key, SdConfigSource src) {
    Spec spec = SPECS.get(key);
    Decoder d = src.decoder();
    Compat compat = src.compat();
    int mark = d.typeErrorCount();
    Fields f = d.struct(src.node(), spec.plainType());
    Map<String, Field> fields = new LinkedHashMap<>();
    Map<String, Object> values = new HashMap<>();
    for (Field field : spec.fields()) {
      if (field.only() == null || field.only() == compat) {
        fields.put(field.key(), field);
        values.put(field.key(), field.dflt());
      }
    }
    java.util.function.Consumer<String> own =
        k -> {
          Field field = fields.get(k);
          if (field != null) {
            values.put(k, decode(field, f.take(k), src));
          }
        };
    HttpClientConfig http = null;
    if (spec.http()) {
      http = HttpClientConfig.decodeInline(f, src.configDir(), compat, own);
    } else {
      for (String k : f.remaining()) {
        own.accept(k);
      }
    }
    f.finish();
    String mechanism = spec.mechanism();
    if (d.typeErrorsSince(mark)) {
      return new UnavailableSdConfig(mechanism);
    }
    Values v = new Values(values, http, compat);
    String err = spec.check().check(v, d, src.node());
    if (err == null && http != null && spec.validateHttp().contains(compat)) {
      try {
        http.validate();
      } catch (ConfigException e) {
        err = e.reason();
      }
    }
    if (err != null) {
      throw d.error(src.node(), err);
    }
    return new UnavailableSdConfig(mechanism);
  }

  private static Object decode(Field field, Node n, SdConfigSource src) {
    Decoder d = src.decoder();
    // yaml.v2 sets a present null to the zero value and calls no UnmarshalYAML for it.
    Object value =
        switch (field.type()) {
          case STRING -> d.string(n);
          case SECRET -> Secret.decode(d, n);
          case INT -> d.int64(n, 0, "int");
          case BOOL -> d.bool(n, false);
          case DURATION -> PromDuration.decode(d, n, src.compat(), (Duration) field.dflt());
          case STRINGS -> {
            List<String> l = d.stringList(n, "[]string", "string");
            yield l == null ? List.of() : l;
          }
          case TLS -> TlsConfig.decode(n, d, src.configDir(), src.compat());
          case FILTERS -> {
            List<Node> items = d.sequence(n, "[]*aws.Filter");
            if (items != null) {
              for (Node item : items) {
                Fields ff = d.struct(item, "aws.Filter");
                d.string(ff.take("name"));
                d.stringList(ff.take("values"), "[]string", "string");
                ff.finish();
              }
            }
            yield List.of();
          }
        };
    if (field.roles() != null && value instanceof String s && n != null && !n.isNull()) {
      if (n.kind() == Node.Kind.SCALAR && !field.roles().contains(s)) {
        throw d.error(n, String.format(java.util.Locale.ROOT, field.roleError(), GoText.quote(s)));
      }
    }
    return value;
  }

  private static String marathon(Values v, Decoder d, Node at) {
    if (v.list("servers").isEmpty()) {
      return "marathon_sd: must contain at least one Marathon server";
    }
    boolean token = !v.str("auth_token").isEmpty();
    boolean tokenFile = !v.str("auth_token_file").isEmpty();
    if (token && tokenFile) {
      return "marathon_sd: at most one of auth_token & auth_token_file must be configured";
    }
    if (token || tokenFile) {
      HttpClientConfig h = v.http();
      if (h.basicAuth() != null) {
        return "marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be"
            + " configured";
      }
      if (!h.bearerToken().isEmpty()
          || (h.bearerTokenFile() != null && !h.bearerTokenFile().isEmpty())) {
        return "marathon_sd: at most one of bearer_token, bearer_token_file, auth_token &"
            + " auth_token_file must be configured";
      }
      if (h.authorization() != null) {
        return "marathon_sd: at most one of auth_token, auth_token_file & authorization must be"
            + " configured";
      }
    }
    return null;
  }

  private static String scaleway(Values v, Decoder d, Node at) {
    if (v.str("role").isEmpty()) {
      return "role missing (one of: instance, baremetal)";
    }
    if (v.str("project_id").isEmpty()) {
      return "project_id is mandatory";
    }
    String secret = v.str("secret_key");
    String secretFile = v.str("secret_key_file");
    if (secret.isEmpty() && secretFile.isEmpty()) {
      return "one of secret_key & secret_key_file must be configured";
    }
    if (!secret.isEmpty() && !secretFile.isEmpty()) {
      return "at most one of secret_key & secret_key_file must be configured";
    }
    if (v.str("access_key").isEmpty()) {
      return "access_key is mandatory";
    }
    return ScalewayProfile.error(
        v.str("access_key"), secret, v.str("project_id"), v.str("zone"), v.str("api_url"));
  }
}
