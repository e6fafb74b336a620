package io.promsd.sd.azure;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.spi.DiscovererFactory;
import io.promsd.sd.spi.PromDuration;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.SdConfigSource;
import java.time.Duration;

/**
 * Parses {@code azure_sd_configs} entries into {@link AzureSdConfig}s, with the validation and the
 * error texts of Prometheus's {@code SDConfig.UnmarshalYAML} ({@code discovery/azure/azure.go}):
 * {@code subscription_id} always required, {@code tenant_id}, {@code client_id} and {@code
 * client_secret} for {@code OAuth}, then the method checked (with 2.42's wording, {@code unknown
 * authentication_type}). The environment is not checked here: Prometheus checks it when discovery
 * runs. 3.x also validates the inline HTTP client settings; 2.42 does not.
 *
 * <p>Registered for {@link java.util.ServiceLoader}. Thread-safe and stateless.
 */
public final class AzureDiscovererFactory implements DiscovererFactory {
  /** The Go type yaml.v2 names in unknown-field errors ({@code type plain SDConfig}). */
  static final String GO_TYPE = "azure.plain";

  static final String OAUTH = "OAuth";
  static final String MANAGED_IDENTITY = "ManagedIdentity";
  static final String SDK = "SDK";
  static final String WORKLOAD_IDENTITY = "WorkloadIdentity";

  /** The factory {@link java.util.ServiceLoader} creates. */
  public AzureDiscovererFactory() {}

  /** {@code azure_sd_configs}. */
  @Override
  public String configKey() {
    return "azure_sd_configs";
  }

  @Override
  public SdConfig parse(SdConfigSource source) {
    return parseAzure(source);
  }

  /** As {@link #parse}, typed. */
  AzureSdConfig parseAzure(SdConfigSource source) {
    Compat compat = source.compat();
    Decoder d = source.decoder();
    int mark = d.typeErrorCount();
    Fields f = d.struct(source.node(), GO_TYPE);

    String environment = string(f, "environment", AzureSdConfig.DEFAULT_ENVIRONMENT);
    int port = port(d, f);
    String subscription = string(f, "subscription_id", "");
    String tenant = string(f, "tenant_id", "");
    String clientId = string(f, "client_id", "");
    Secret secret = Secret.decode(d, f.take("client_secret"));
    Duration refresh =
        PromDuration.decode(
            d, f.take("refresh_interval"), compat, AzureSdConfig.DEFAULT_REFRESH_INTERVAL);
    String method = string(f, "authentication_method", OAUTH);
    String resourceGroup = string(f, "resource_group", "");
    HttpClientConfig http = HttpClientConfig.decodeInline(f, source.configDir(), compat);
    f.finish();

    AzureSdConfig parsed =
        new AzureSdConfig(
            environment,
            port,
            subscription,
            tenant,
            clientId,
            secret,
            refresh,
            method,
            resourceGroup,
            http,
            compat);
    if (d.typeErrorsSince(mark)) {
      return parsed; // Go returns the plain decode's error before validating
    }
    Node at = source.node();
    requireParam(d, at, subscription, "subscription_id");
    if (method.equals(OAUTH)) {
      requireParam(d, at, tenant, "tenant_id");
      requireParam(d, at, clientId, "client_id");
      requireParam(d, at, secret.reveal(), "client_secret");
    }
    if (compat == Compat.PROMETHEUS_2) {
      if (!method.equals(OAUTH) && !method.equals(MANAGED_IDENTITY)) {
        throw d.error(
            at,
            "unknown authentication_type "
                + GoText.quote(method)
                + ". Supported types are \"OAuth\" or \"ManagedIdentity\"");
      }
      return parsed;
    }
    if (!method.equals(OAUTH)
        && !method.equals(MANAGED_IDENTITY)
        && !method.equals(SDK)
        && !method.equals(WORKLOAD_IDENTITY)) {
      throw d.error(
          at,
          "unknown authentication_type "
              + GoText.quote(method)
              + ". Supported types are \"OAuth\", \"ManagedIdentity\", \"SDK\" or"
              + " \"WorkloadIdentity\"");
    }
    try {
      http = http.validate(); // 3.x: return c.HTTPClientConfig.Validate()
    } catch (ConfigException e) {
      throw d.error(at, e.reason());
    }
    return new AzureSdConfig(
        environment,
        port,
        subscription,
        tenant,
        clientId,
        secret,
        refresh,
        method,
        resourceGroup,
        http,
        compat);
  }

  private static void requireParam(Decoder d, Node at, String value, String name) {
    if (value.isEmpty()) {
      throw d.error(at, "azure SD configuration requires a " + name);
    }
  }

  // yaml.v2 sets a present null to the zero value (it neither keeps the default nor errs).

  private static String string(Fields f, String name, String dflt) {
    Node n = f.take(name);
    return n == null ? dflt : f.decoder().string(n);
  }

  private static int port(Decoder d, Fields f) {
    Node n = f.take("port");
    if (n == null) {
      return AzureSdConfig.DEFAULT_PORT;
    }
    // Go's int has 64 bits; a port outside int's range is as useless as any other bad port.
    return (int) d.int64(n, 0, "int");
  }
}
