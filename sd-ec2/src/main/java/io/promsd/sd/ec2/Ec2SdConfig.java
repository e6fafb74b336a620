package io.promsd.sd.ec2;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code ec2_sd_configs} (Prometheus's {@code EC2SDConfig} in {@code
 * discovery/aws/ec2.go}), parsed and validated by {@link Ec2DiscovererFactory}.
 *
 * <p>Immutable. {@link #toString()} never shows the secret key: it prints as {@code <secret>}.
 *
 * @param region the AWS region; empty means "resolve it" (3.x: at the first refresh, from {@code
 *     AWS_REGION}, {@code AWS_DEFAULT_REGION}, the shared config file, then the instance-metadata
 *     service; 2.42 asks the instance-metadata service when the config is loaded)
 * @param endpoint a custom EC2 endpoint URL, or empty for AWS's own
 * @param accessKey the static access key id, or empty
 * @param secretKey the static secret key, or {@link Secret#empty()}; static credentials are used
 *     only when both are set (2.42: when either is set), otherwise the SDK's default chain
 * @param profile the shared-config profile for credentials, or empty
 * @param roleArn the role to assume through STS, or empty
 * @param externalId the external id for the role (3.x only), or empty
 * @param refreshInterval how often to ask EC2 (default 60s)
 * @param port the port put into {@code __address__} (default 80)
 * @param filters EC2 API filters sent with every {@code DescribeInstances} call
 * @param httpClient the HTTP client settings given inline (TLS and proxy reach the SDK's client;
 *     authentication does not, as in Prometheus, where the SDK's own signature wins)
 * @param compat which Prometheus to behave like (labels, address, region rules)
 */
public record Ec2SdConfig(
    String region,
    String endpoint,
    String accessKey,
    Secret secretKey,
    String profile,
    String roleArn,
    String externalId,
    Duration refreshInterval,
    int port,
    List<Filter> filters,
    HttpClientConfig httpClient,
    Compat compat)
    implements SdConfig {

  /** Prometheus's default refresh interval for EC2 discovery. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);

  /** Prometheus's default port for EC2 targets. */
  public static final int DEFAULT_PORT = 80;

  /** Checks and copies. */
  public Ec2SdConfig {
    requireNonNull(region, "region");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(accessKey, "accessKey");
    requireNonNull(secretKey, "secretKey");
    requireNonNull(profile, "profile");
    requireNonNull(roleArn, "roleArn");
    requireNonNull(externalId, "externalId");
    requireNonNull(refreshInterval, "refreshInterval");
    requireNonNull(httpClient, "httpClient");
    requireNonNull(compat, "compat");
    filters = List.copyOf(filters);
  }

  /**
   * One EC2 API filter ({@code Filter.N.Name} / {@code Filter.N.Value.M}); values are ORed, filters
   * ANDed, {@code *} and {@code ?} are wildcards (evaluated by EC2, not by promsd).
   *
   * @param name the filter name, e.g. {@code tag:env} or {@code instance-state-name}
   * @param values the accepted values; never empty in a valid config
   */
  public record Filter(String name, List<String> values) {
    /** Checks and copies. */
    public Filter {
      requireNonNull(name, "name");
      values = List.copyOf(values);
    }
  }

  @Override
  public String mechanism() {
    return "ec2";
  }

  @Override
  public Discoverer newDiscoverer() {
    return new Ec2Discoverer(this, SdkEc2Api::create, RegionResolver.system());
  }
}
