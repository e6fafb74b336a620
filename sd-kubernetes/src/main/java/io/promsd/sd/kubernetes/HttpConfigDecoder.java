package io.promsd.sd.kubernetes;

import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.Node;
import io.promsd.sd.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * SEAM(http_config): decodes the inline HTTP client fields of a {@code kubernetes_sd_configs} entry
 * and validates them as prometheus/common's {@code HTTPClientConfig.Validate} does.
 *
 * <p>This is the one place to change when sd-core's {@code HttpClientConfig} lands: replace {@link
 * #decode} with {@code HttpClientConfig.decodeInline(fields, configDir, compat)} and {@link
 * Pending#validate} with its {@code validate()}; {@link KubernetesSdConfig#http()} then changes
 * type. Nothing else in the module reads these fields.
 */
final class HttpConfigDecoder {
  private HttpConfigDecoder() {}

  /** The inline keys of {@code config.HTTPClientConfig}. */
  static final List<String> KEYS =
      List.of(
          "basic_auth",
          "authorization",
          "oauth2",
          "bearer_token",
          "bearer_token_file",
          "tls_config",
          "proxy_url",
          "no_proxy",
          "proxy_from_environment",
          "proxy_connect_header",
          "follow_redirects",
          "enable_http2",
          "http_headers");

  /** Decoded but not yet validated settings. */
  static final class Pending {
    String basicUser;
    String basicUserFile;
    Secret basicPassword = Secret.empty();
    String basicPasswordFile;
    boolean hasBasicAuth;
    boolean hasAuthorization;
    String authType = "";
    Secret authCredentials = Secret.empty();
    String authCredentialsFile = "";
    boolean hasOauth2;
    Secret bearerToken = Secret.empty();
    String bearerTokenFile = "";
    KubernetesHttpConfig.Tls tls = KubernetesHttpConfig.Tls.NONE;
    URI proxyUrl;
    boolean followRedirects = true;
    boolean enableHttp2 = true;
    final List<String> unsupported = new ArrayList<>();
    final StringBuilder unsupportedText = new StringBuilder();
    Path configDir;

    /**
     * Validates and normalizes ({@code bearer_token} becomes {@code authorization}), returning the
     * config or Prometheus's error text.
     *
     * @throws IllegalArgumentException with Prometheus's message
     */
    KubernetesHttpConfig validate() {
      if (!bearerToken.isEmpty() && !bearerTokenFile.isEmpty()) {
        throw new IllegalArgumentException(
            "at most one of bearer_token & bearer_token_file must be configured");
      }
      boolean bearer = !bearerToken.isEmpty() || !bearerTokenFile.isEmpty();
      if ((hasBasicAuth || hasOauth2) && bearer) {
        throw new IllegalArgumentException(
            "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be"
                + " configured");
      }
      if (hasBasicAuth && basicUser != null && !basicUser.isEmpty() && basicUserFile != null) {
        throw new IllegalArgumentException(
            "at most one of basic_auth username, username_file & username_ref must be configured");
      }
      if (hasBasicAuth && !basicPassword.isEmpty() && basicPasswordFile != null) {
        throw new IllegalArgumentException(
            "at most one of basic_auth password, password_file & password_ref must be configured");
      }
      KubernetesHttpConfig.Authorization auth = null;
      if (hasAuthorization) {
        if (bearer) {
          throw new IllegalArgumentException(
              "authorization is not compatible with bearer_token & bearer_token_file");
        }
        if (!authCredentials.isEmpty() && !authCredentialsFile.isEmpty()) {
          throw new IllegalArgumentException(
              "at most one of authorization credentials & credentials_file must be configured");
        }
        String type = authType.strip();
        if (type.isEmpty()) {
          type = "Bearer";
        }
        if (type.toLowerCase(Locale.ROOT).equals("basic")) {
          throw new IllegalArgumentException(
              "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
        }
        if (hasBasicAuth || hasOauth2) {
          throw new IllegalArgumentException(
              "at most one of basic_auth, oauth2 & authorization must be configured");
        }
        auth =
            new KubernetesHttpConfig.Authorization(
                type, authCredentials, file(authCredentialsFile));
      } else if (!bearerToken.isEmpty()) {
        auth = new KubernetesHttpConfig.Authorization("Bearer", bearerToken, null);
      } else if (!bearerTokenFile.isEmpty()) {
        auth =
            new KubernetesHttpConfig.Authorization("Bearer", Secret.empty(), file(bearerTokenFile));
      }
      KubernetesHttpConfig.BasicAuth basic = null;
      if (hasBasicAuth) {
        basic =
            new KubernetesHttpConfig.BasicAuth(
                basicUser == null ? "" : basicUser,
                basicPassword,
                basicPasswordFile == null ? null : file(basicPasswordFile));
      }
      return new KubernetesHttpConfig(
          basic,
          auth,
          hasOauth2 ? Secret.of("oauth2") : null,
          tls,
          proxyUrl,
          followRedirects,
          enableHttp2,
          unsupported,
          fingerprint(unsupportedText.toString()));
    }

    private Path file(String name) {
      if (name == null || name.isEmpty()) {
        return null;
      }
      Path p = Path.of(name);
      return configDir == null || p.isAbsolute() ? p : configDir.resolve(p);
    }
  }

  /**
   * Takes the HTTP client keys from {@code f} (so they do not count as unknown) and decodes them;
   * type problems go to the decoder.
   */
  static Pending decode(Fields f, Decoder d, Path configDir) {
    Pending p = new Pending();
    p.configDir = configDir;
    Node n = f.take("basic_auth");
    if (n != null && !n.isNull()) {
      p.hasBasicAuth = true;
      Fields b = d.struct(n, "config.BasicAuth");
      p.basicUser = d.string(b.take("username"));
      String uf = d.string(b.take("username_file"));
      p.basicUserFile = uf.isEmpty() ? null : uf;
      p.basicPassword = Secret.of(d.string(b.take("password"), "config.Secret"));
      String pf = d.string(b.take("password_file"));
      p.basicPasswordFile = pf.isEmpty() ? null : pf;
      b.accept("username_ref", "password_ref");
      b.finish();
    }
    n = f.take("authorization");
    if (n != null && !n.isNull()) {
      p.hasAuthorization = true;
      Fields a = d.struct(n, "config.Authorization");
      p.authType = d.string(a.take("type"));
      p.authCredentials = Secret.of(d.string(a.take("credentials"), "config.Secret"));
      p.authCredentialsFile = d.string(a.take("credentials_file"));
      a.accept("credentials_ref");
      a.finish();
    }
    n = f.take("oauth2");
    if (n != null && !n.isNull()) {
      p.hasOauth2 = true;
      p.unsupported.add("oauth2");
      p.unsupportedText.append("oauth2=").append(render(n)).append('\n');
    }
    p.bearerToken = Secret.of(d.string(f.take("bearer_token"), "config.Secret"));
    p.bearerTokenFile = d.string(f.take("bearer_token_file"));
    n = f.take("tls_config");
    if (n != null && !n.isNull()) {
      Fields t = d.struct(n, "config.plain");
      String ca = d.string(t.take("ca_file"));
      String cert = d.string(t.take("cert_file"));
      String key = d.string(t.take("key_file"));
      String serverName = d.string(t.take("server_name"));
      boolean insecure = d.bool(t.take("insecure_skip_verify"), false);
      for (String other : List.of("ca", "cert", "key", "ca_ref", "cert_ref", "key_ref")) {
        Node v = t.take(other);
        if (v != null && !v.isNull()) {
          p.unsupported.add("tls_config." + other);
          p.unsupportedText.append(other).append('=').append(render(v)).append('\n');
        }
      }
      for (String other : List.of("min_version", "max_version")) {
        Node v = t.take(other);
        if (v != null && !v.isNull()) {
          p.unsupportedText.append(other).append('=').append(v.text()).append('\n');
        }
      }
      t.finish();
      p.tls =
          new KubernetesHttpConfig.Tls(p.file(ca), p.file(cert), p.file(key), serverName, insecure);
    }
    String proxy = d.string(f.take("proxy_url"), "config.URL");
    if (!proxy.isEmpty()) {
      try {
        p.proxyUrl = new URI(proxy);
      } catch (URISyntaxException e) {
        throw d.error(f.key("proxy_url"), "parse " + goQuote(proxy) + ": invalid URL");
      }
    }
    for (String key : List.of("no_proxy", "proxy_from_environment", "proxy_connect_header")) {
      n = f.take(key);
      if (n != null && !n.isNull()) {
        boolean falseFlag = key.equals("proxy_from_environment") && !d.bool(n, false);
        if (!falseFlag) {
          p.unsupported.add(key);
          p.unsupportedText.append(key).append('=').append(render(n)).append('\n');
        }
      }
    }
    p.followRedirects = d.bool(f.take("follow_redirects"), true);
    p.enableHttp2 = d.bool(f.take("enable_http2"), true);
    n = f.take("http_headers");
    if (n != null && !n.isNull()) {
      p.unsupported.add("http_headers");
      p.unsupportedText.append("http_headers=").append(render(n)).append('\n');
    }
    return p;
  }

  /** A node's content without positions, so equal settings at other lines stay equal. */
  private static String render(Node n) {
    return switch (n.kind()) {
      case SCALAR -> n.text();
      case SEQUENCE -> {
        StringBuilder sb = new StringBuilder("[");
        for (Node item : n.items()) {
          sb.append(render(item)).append(',');
        }
        yield sb.append(']').toString();
      }
      case MAPPING -> {
        StringBuilder sb = new StringBuilder("{");
        for (var e : n.entries()) {
          sb.append(render(e.getKey())).append(':').append(render(e.getValue())).append(',');
        }
        yield sb.append('}').toString();
      }
    };
  }

  private static String goQuote(String s) {
    return io.promsd.relabel.config.GoText.quote(s);
  }

  private static String fingerprint(String text) {
    if (text.isEmpty()) {
      return "";
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
