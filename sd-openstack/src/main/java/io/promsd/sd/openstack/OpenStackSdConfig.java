package io.promsd.sd.openstack;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig.TlsConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;

/**
 * One entry of {@code openstack_sd_configs} (Prometheus's {@code SDConfig} in {@code
 * discovery/openstack/openstack.go}), parsed and validated by {@link OpenStackDiscovererFactory}.
 *
 * <p>Immutable. {@link #toString()} never shows the password or the application credential secret:
 * they print as {@code <secret>}. Strings are empty when not set.
 *
 * @param identityEndpoint Keystone's URL; empty to take every credential from the {@code OS_*}
 *     environment variables, as gophercloud's {@code AuthOptionsFromEnv} does
 * @param username the user's name (with {@code domainName} or {@code domainId})
 * @param userId the user's id ({@code userid} in YAML)
 * @param password the user's password
 * @param projectName the project to scope the token to, by name
 * @param projectId the project to scope the token to, by id
 * @param domainName the user's (and a named project's) domain, by name
 * @param domainId the user's (and a named project's) domain, by id
 * @param applicationCredentialName an application credential, by name (with its user)
 * @param applicationCredentialId an application credential, by id
 * @param applicationCredentialSecret the application credential's secret
 * @param role what to discover
 * @param region the catalog region whose endpoints are used (required)
 * @param refreshInterval how often to list (default 60s); also each request's timeout
 * @param port the port put into {@code __address__} (default 80; unused by {@code loadbalancer})
 * @param allTenants list the servers of every project ({@code all_tenants=true}; admin only)
 * @param tls the {@code tls_config} for every request
 * @param availability the catalog interface: {@code public} (default), {@code internal} or {@code
 *     admin}
 * @param compat which Prometheus to behave like
 */
public record OpenStackSdConfig(
    String identityEndpoint,
    String username,
    String userId,
    Secret password,
    String projectName,
    String projectId,
    String domainName,
    String domainId,
    String applicationCredentialName,
    String applicationCredentialId,
    Secret applicationCredentialSecret,
    Role role,
    String region,
    Duration refreshInterval,
    int port,
    boolean allTenants,
    TlsConfig tls,
    String availability,
    Compat compat)
    implements SdConfig {

  /** Prometheus's default refresh interval for OpenStack discovery. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);

  /** Prometheus's default port for OpenStack targets. */
  public static final int DEFAULT_PORT = 80;

  /** What an OpenStack discoverer lists. */
  public enum Role {
    /** Nova hypervisors ({@code os-hypervisors/detail}), one target per hypervisor. */
    HYPERVISOR("hypervisor"),
    /** Nova servers, one target per fixed address. */
    INSTANCE("instance"),
    /** Octavia load balancers with a {@code PROMETHEUS} listener (Prometheus 3.x only). */
    LOADBALANCER("loadbalancer");

    private final String yamlName;

    Role(String yamlName) {
      this.yamlName = yamlName;
    }

    /** The name in YAML, e.g. {@code hypervisor}. */
    public String yamlName() {
      return yamlName;
    }
  }

  /** Checks. */
  public OpenStackSdConfig {
    requireNonNull(identityEndpoint, "identityEndpoint");
    requireNonNull(username, "username");
    requireNonNull(userId, "userId");
    requireNonNull(password, "password");
    requireNonNull(projectName, "projectName");
    requireNonNull(projectId, "projectId");
    requireNonNull(domainName, "domainName");
    requireNonNull(domainId, "domainId");
    requireNonNull(applicationCredentialName, "applicationCredentialName");
    requireNonNull(applicationCredentialId, "applicationCredentialId");
    requireNonNull(applicationCredentialSecret, "applicationCredentialSecret");
    requireNonNull(role, "role");
    requireNonNull(region, "region");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(tls, "tls");
    requireNonNull(availability, "availability");
    requireNonNull(compat, "compat");
  }

  /** {@code openstack}. */
  @Override
  public String mechanism() {
    return "openstack";
  }

  /**
   * A discoverer with Prometheus's timing; it opens no connection until it runs.
   *
   * @throws IllegalArgumentException as Prometheus's {@code NewDiscoverer} fails: without {@code
   *     identity_endpoint}, a missing {@code OS_*} variable (e.g. {@code Missing environment
   *     variable [OS_AUTH_URL]}); a {@code tls_config} whose files can't be used
   */
  @Override
  public Discoverer newDiscoverer() {
    return OpenStackDiscoverer.create(this, System::getenv, Timing.PROMETHEUS);
  }
}
