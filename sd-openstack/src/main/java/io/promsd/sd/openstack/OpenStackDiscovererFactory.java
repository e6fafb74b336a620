package io.promsd.sd.openstack;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig.TlsConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.openstack.OpenStackSdConfig.Role;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;

/**
 * Parses {@code openstack_sd_configs} entries into {@link OpenStackSdConfig}s with the validation
 * and error texts of Prometheus's {@code SDConfig.UnmarshalYAML} and {@code Role.UnmarshalYAML}
 * ({@code discovery/openstack/openstack.go}): an unknown role fails while decoding, then the
 * availability, the role's presence and the region are checked, in that order. Only {@code
 * tls_config} of the HTTP client settings is accepted. 3.x adds the {@code loadbalancer} role.
 *
 * <p>Registered for {@link java.util.ServiceLoader}. Thread-safe and stateless.
 */
public final class OpenStackDiscovererFactory implements DiscovererFactory {
  /** The Go type yaml.v2 names in unknown-field errors. */
  static final String GO_TYPE = "openstack.plain";

  /** The factory {@link java.util.ServiceLoader} creates. */
  public OpenStackDiscovererFactory() {}

  /** {@code openstack_sd_configs}. */
  @Override
  public String configKey() {
    return "openstack_sd_configs";
  }

  @Override
  public SdConfig parse(SdConfigSource source) {
    return parseOpenStack(source);
  }

  /** As {@link #parse}, typed. */
  OpenStackSdConfig parseOpenStack(SdConfigSource source) {
    Compat compat = source.compat();
    Decoder d = source.decoder();
    int mark = d.typeErrorCount();
    Fields f = d.struct(source.node(), GO_TYPE);
    String identityEndpoint = "";
    String username = "";
    String userId = "";
    Secret password = Secret.empty();
    String projectName = "";
    String projectId = "";
    String domainName = "";
    String domainId = "";
    String appCredName = "";
    String appCredId = "";
    Secret appCredSecret = Secret.empty();
    String role = "";
    String region = "";
    Duration refresh = OpenStackSdConfig.DEFAULT_REFRESH_INTERVAL;
    int port = OpenStackSdConfig.DEFAULT_PORT;
    boolean allTenants = false;
    TlsConfig tls = TlsConfig.EMPTY;
    String availability = "public";
    // Document order: an unknown role or TLS version fails at once, as in yaml.v2.
    for (String name : f.remaining()) {
      switch (name) {
        case "identity_endpoint" -> identityEndpoint = string(f, name);
        case "username" -> username = string(f, name);
        case "userid" -> userId = string(f, name);
        case "password" -> password = Secret.decode(d, f.take(name));
        case "project_name" -> projectName = string(f, name);
        case "project_id" -> projectId = string(f, name);
        case "domain_name" -> domainName = string(f, name);
        case "domain_id" -> domainId = string(f, name);
        case "application_credential_name" -> appCredName = string(f, name);
        case "application_credential_id" -> appCredId = string(f, name);
        case "application_credential_secret" -> appCredSecret = Secret.decode(d, f.take(name));
        case "role" -> role = role(d, f.take(name), compat);
        case "region" -> region = string(f, name);
        case "refresh_interval" ->
            refresh =
                PromDuration.decode(
                    d, f.take(name), compat, OpenStackSdConfig.DEFAULT_REFRESH_INTERVAL);
        case "port" -> port = port(d, f.take(name));
        case "all_tenants" -> allTenants = d.bool(f.take(name), false);
        case "tls_config" -> tls = TlsConfig.decode(f.take(name), d, source.configDir(), compat);
        case "availability" -> availability = string(f, name);
        default -> {
          // left for finish(): "field x not found in type openstack.plain"
        }
      }
    }
    f.finish();
    Role parsedRole = null;
    for (Role r : Role.values()) {
      if (r.yamlName().equals(role)) {
        parsedRole = r;
      }
    }
    OpenStackSdConfig parsed =
        new OpenStackSdConfig(
            identityEndpoint,
            username,
            userId,
            password,
            projectName,
            projectId,
            domainName,
            domainId,
            appCredName,
            appCredId,
            appCredSecret,
            parsedRole == null ? Role.INSTANCE : parsedRole,
            region,
            refresh,
            port,
            allTenants,
            tls,
            availability,
            compat);
    if (d.typeErrorsSince(mark)) {
      return parsed; // Go returns the plain decode's error before validating
    }
    Node at = source.node();
    switch (availability) {
      case "public", "internal", "admin" -> {}
      default ->
          throw d.error(
              at,
              "unknown availability "
                  + availability
                  + ", must be one of admin, internal or public");
    }
    if (role.isEmpty()) {
      throw d.error(
          at,
          compat == Compat.PROMETHEUS_2
              ? "role missing (one of: instance, hypervisor)"
              : "role missing (one of: instance, hypervisor, loadbalancer)");
    }
    if (region.isEmpty()) {
      throw d.error(at, "openstack SD configuration requires a region");
    }
    return parsed;
  }

  /** {@code Role.UnmarshalYAML}: a string, one of the roles of this compat, else an error now. */
  private static String role(Decoder d, Node n, Compat compat) {
    int mark = d.typeErrorCount();
    String role = n == null ? "" : d.string(n);
    if (d.typeErrorsSince(mark) || n == null || n.isNull()) {
      return d.typeErrorsSince(mark) ? "" : role;
    }
    boolean known =
        role.equals("hypervisor")
            || role.equals("instance")
            || (compat == Compat.PROMETHEUS_3 && role.equals("loadbalancer"));
    if (!known) {
      throw d.error(n, "unknown OpenStack SD role " + GoText.quote(role));
    }
    return role;
  }

  // yaml.v2 sets a present null to the zero value (it neither keeps the default nor errs).

  private static String string(Fields f, String name) {
    Node n = f.take(name);
    return n == null ? "" : f.decoder().string(n);
  }

  private static int port(Decoder d, Node n) {
    // Go's int has 64 bits; a port outside int's range is as useless as any other bad port.
    return n == null ? OpenStackSdConfig.DEFAULT_PORT : (int) d.int64(n, 0, "int");
  }
}
