package io.promsd.sd.azure;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;

/**
 * One entry of {@code azure_sd_configs} (Prometheus's {@code SDConfig} in {@code
 * discovery/azure/azure.go}), parsed and validated by {@link AzureDiscovererFactory}.
 *
 * <p>Immutable. {@link #toString()} never shows the client secret: it prints as {@code <secret>}.
 * Equal configs discover the same targets, so the manager runs one discoverer for them.
 *
 * @param environment the Azure cloud by name (default {@code AzurePublicCloud}); checked only when
 *     discovery runs, as Prometheus does. Under compat 2, {@code AzureStackCloud} reads its
 *     endpoints from the JSON file named by {@code AZURE_ENVIRONMENT_FILEPATH}
 * @param port the port put into {@code __address__} (default 80)
 * @param subscriptionId the subscription whose VMs are listed (required)
 * @param tenantId the Azure AD tenant (required for {@code OAuth})
 * @param clientId the application (or, for managed identity, the user-assigned identity) id
 * @param clientSecret the application's secret (required for {@code OAuth})
 * @param refreshInterval how often to list the VMs (default 5m)
 * @param authenticationMethod {@code OAuth} (default) or {@code ManagedIdentity}; 3.x also {@code
 *     SDK} and {@code WorkloadIdentity}
 * @param resourceGroup list only this resource group's VMs and scale sets; empty for all
 * @param httpClient the inline HTTP client settings, used for Resource Manager calls (not for token
 *     requests, as in Prometheus)
 * @param compat which Prometheus to behave like (requests, labels, credentials)
 */
public record AzureSdConfig(
    String environment,
    int port,
    String subscriptionId,
    String tenantId,
    String clientId,
    Secret clientSecret,
    Duration refreshInterval,
    String authenticationMethod,
    String resourceGroup,
    HttpClientConfig httpClient,
    Compat compat)
    implements SdConfig {

  /** Prometheus's default refresh interval for Azure discovery. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

  /** Prometheus's default port for Azure targets. */
  public static final int DEFAULT_PORT = 80;

  /** Prometheus's default environment. */
  public static final String DEFAULT_ENVIRONMENT = "AzurePublicCloud";

  /** Checks. */
  public AzureSdConfig {
    requireNonNull(environment, "environment");
    requireNonNull(subscriptionId, "subscriptionId");
    requireNonNull(tenantId, "tenantId");
    requireNonNull(clientId, "clientId");
    requireNonNull(clientSecret, "clientSecret");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(authenticationMethod, "authenticationMethod");
    requireNonNull(resourceGroup, "resourceGroup");
    requireNonNull(httpClient, "httpClient");
    requireNonNull(compat, "compat");
  }

  /** {@code azure}. */
  @Override
  public String mechanism() {
    return "azure";
  }

  /** A discoverer with Prometheus's timing; it opens no connection until it runs. */
  @Override
  public Discoverer newDiscoverer() {
    return new AzureDiscoverer(this, Clouds.system(), Timing.PROMETHEUS);
  }
}
