package io.promsd.sd.ec2;

import io.promsd.relabel.Compat;
import io.promsd.relabel.config.ConfigException;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.Node;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * SEAM until {@code io.promsd.sd.config.HttpClientConfig} (inline {@code http_config}) reaches main
 * from wip-http: then {@link Ec2SdConfig#httpClient()} becomes that type, {@code decodeInline} and
 * {@code validate()} replace {@link #decodeInline}, and {@code SdkEc2Api} builds the SDK's HTTP
 * client from its {@code sslContext()} and proxy.
 *
 * <p>Until then this accepts the inline HTTP client fields of prometheus/common's {@code
 * HTTPClientConfig} (so configs that set them load, as in Prometheus), runs the one check that
 * {@code config/config_test.go} pairs with EC2 ({@code ec2_token_file.bad.yml}), and remembers
 * which fields were set; none of them is applied yet. Immutable; prints field names only, never
 * values.
 */
final class HttpClientSeam {
  // prometheus/common config.HTTPClientConfig's inline fields (v0.39 for 2.42; http_headers since
  // v0.60, in 3.x).
  private static final List<String> FIELDS_2 =
      List.of(
          "basic_auth",
          "authorization",
          "oauth2",
          "bearer_token",
          "bearer_token_file",
          "tls_config",
          "follow_redirects",
          "enable_http2",
          "proxy_url",
          "no_proxy",
          "proxy_from_environment",
          "proxy_connect_header");
  private static final List<String> FIELDS_3 =
      List.of(
          "basic_auth",
          "authorization",
          "oauth2",
          "bearer_token",
          "bearer_token_file",
          "tls_config",
          "follow_redirects",
          "enable_http2",
          "proxy_url",
          "no_proxy",
          "proxy_from_environment",
          "proxy_connect_header",
          "http_headers");

  private static final HttpClientSeam DEFAULT = new HttpClientSeam(Set.of());

  private final Set<String> present;

  private HttpClientSeam(Set<String> present) {
    this.present = Set.copyOf(present);
  }

  /** No HTTP client field set. */
  static HttpClientSeam defaults() {
    return DEFAULT;
  }

  /** Takes the inline HTTP client fields out of {@code f}. */
  static HttpClientSeam decodeInline(Fields f, Compat compat) {
    Set<String> present = new TreeSet<>();
    for (String name : compat == Compat.PROMETHEUS_2 ? FIELDS_2 : FIELDS_3) {
      Node n = f.take(name);
      if (n != null && !n.isNull()) {
        present.add(name);
      }
    }
    return present.isEmpty() ? DEFAULT : new HttpClientSeam(present);
  }

  /**
   * The part of 3.x's {@code HTTPClientConfig.Validate} that EC2 tests pin (2.42 did not validate
   * the HTTP client of EC2 SD).
   *
   * @throws ConfigException with Prometheus's text
   */
  void validate(Decoder d, Node at) {
    if (present.contains("bearer_token") && present.contains("bearer_token_file")) {
      throw d.error(at, "at most one of bearer_token & bearer_token_file must be configured");
    }
  }

  /** Whether no HTTP client field was set. */
  boolean isDefault() {
    return present.isEmpty();
  }

  /** The names of the fields that were set. */
  Set<String> fieldNames() {
    return present;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpClientSeam h && h.present.equals(present);
  }

  @Override
  public int hashCode() {
    return present.hashCode();
  }

  @Override
  public String toString() {
    return "HttpClientSeam" + present;
  }
}
