package io.promsd.sd.kubernetes;

import io.promsd.sd.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The inline HTTP client settings of a {@code kubernetes_sd_configs} entry (Prometheus's {@code
 * config.HTTPClientConfig} from prometheus/common), after validation.
 *
 * <p><b>Interim type.</b> It covers what the Kubernetes SD needs until sd-core's shared {@code
 * io.promsd.sd.config.HttpClientConfig} lands; {@link KubernetesSdConfig#http()} will then return
 * that type instead, and this class goes away. The parsing seam is {@code HttpConfigDecoder}.
 * Settings that are accepted but not applied yet ({@code oauth2}, {@code http_headers}, {@code
 * proxy_connect_header}, {@code no_proxy}, {@code proxy_from_environment}) are remembered by name:
 * a discoverer using them reports an error rather than silently ignoring them.
 *
 * <p>Immutable. {@link #toString()} prints {@code <secret>} for every credential.
 */
public final class KubernetesHttpConfig {
  private static final KubernetesHttpConfig DEFAULT =
      new KubernetesHttpConfig(null, null, null, Tls.NONE, null, true, true, List.of(), "");

  /** {@code basic_auth}: user name and password (or password file). */
  record BasicAuth(String username, Secret password, Path passwordFile) {}

  /** {@code authorization} (or {@code bearer_token}/{@code bearer_token_file}, normalized). */
  record Authorization(String type, Secret credentials, Path credentialsFile) {}

  /** {@code tls_config}. */
  record Tls(
      Path caFile, Path certFile, Path keyFile, String serverName, boolean insecureSkipVerify) {
    static final Tls NONE = new Tls(null, null, null, "", false);
  }

  private final BasicAuth basicAuth;
  private final Authorization authorization;
  private final Secret oauth2Marker;
  private final Tls tls;
  private final URI proxyUrl;
  private final boolean followRedirects;
  private final boolean enableHttp2;
  private final List<String> unsupported;
  private final String unsupportedFingerprint;

  KubernetesHttpConfig(
      BasicAuth basicAuth,
      Authorization authorization,
      Secret oauth2Marker,
      Tls tls,
      URI proxyUrl,
      boolean followRedirects,
      boolean enableHttp2,
      List<String> unsupported,
      String unsupportedFingerprint) {
    this.basicAuth = basicAuth;
    this.authorization = authorization;
    this.oauth2Marker = oauth2Marker;
    this.tls = tls;
    this.proxyUrl = proxyUrl;
    this.followRedirects = followRedirects;
    this.enableHttp2 = enableHttp2;
    this.unsupported = List.copyOf(unsupported);
    this.unsupportedFingerprint = unsupportedFingerprint;
  }

  /** Prometheus's {@code DefaultHTTPClientConfig}: follow redirects, HTTP/2 on, nothing else. */
  public static KubernetesHttpConfig defaults() {
    return DEFAULT;
  }

  /**
   * Whether these settings equal the defaults, as Prometheus's {@code reflect.DeepEqual(c,
   * DefaultHTTPClientConfig)} decides after validation: {@code follow_redirects: false} alone is
   * not default, {@code enable_http2: true} alone is.
   */
  public boolean isDefault() {
    return equals(DEFAULT);
  }

  BasicAuth basicAuth() {
    return basicAuth;
  }

  Authorization authorization() {
    return authorization;
  }

  Tls tls() {
    return tls;
  }

  URI proxyUrl() {
    return proxyUrl;
  }

  boolean followRedirects() {
    return followRedirects;
  }

  boolean enableHttp2() {
    return enableHttp2;
  }

  /** Names of settings that were accepted but are not applied yet (see the class comment). */
  List<String> unsupported() {
    return unsupported;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KubernetesHttpConfig c
        && Objects.equals(basicAuth, c.basicAuth)
        && Objects.equals(authorization, c.authorization)
        && Objects.equals(oauth2Marker, c.oauth2Marker)
        && tls.equals(c.tls)
        && Objects.equals(proxyUrl, c.proxyUrl)
        && followRedirects == c.followRedirects
        && enableHttp2 == c.enableHttp2
        && unsupported.equals(c.unsupported)
        && unsupportedFingerprint.equals(c.unsupportedFingerprint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        basicAuth,
        authorization,
        tls,
        proxyUrl,
        followRedirects,
        enableHttp2,
        unsupported,
        unsupportedFingerprint);
  }

  /** The settings with every credential shown as {@code <secret>}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("http_config{");
    if (basicAuth != null) {
      sb.append("basic_auth=").append(basicAuth).append(' ');
    }
    if (authorization != null) {
      sb.append("authorization=").append(authorization).append(' ');
    }
    if (!tls.equals(Tls.NONE)) {
      sb.append("tls_config=").append(tls).append(' ');
    }
    if (proxyUrl != null) {
      sb.append("proxy_url=").append(proxyUrl).append(' ');
    }
    if (!unsupported.isEmpty()) {
      sb.append("not_applied=").append(unsupported).append(' ');
    }
    return sb.append("follow_redirects=")
        .append(followRedirects)
        .append(" enable_http2=")
        .append(enableHttp2)
        .append('}')
        .toString();
  }
}
