package io.promsd.sd.httpclient;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.relabel.config.Decoder;
import io.promsd.relabel.config.Fields;
import io.promsd.relabel.config.GoPath;
import io.promsd.relabel.config.Node;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code oauth2} block (prometheus/common's {@code OAuth2}): a token fetched from {@code
 * token_url} with the client credentials grant, or (3.x) with a JWT bearer assertion signed by
 * {@code client_certificate_key}. Strings are empty when not set. Immutable; secrets print as
 * {@code <secret>}.
 *
 * @param clientId the client id
 * @param clientSecret the client secret
 * @param clientSecretFile file holding the client secret, re-read on every request
 * @param clientSecretRef secret-manager name of the client secret (3.x only)
 * @param clientCertificateKeyId {@code kid} of the JWT assertion's key (3.x only)
 * @param clientCertificateKey PEM RSA key signing the JWT assertion (3.x only)
 * @param clientCertificateKeyFile file with that key (3.x only; Prometheus does not resolve it
 *     against the config file's directory, and neither do we)
 * @param clientCertificateKeyRef secret-manager name of that key (3.x only)
 * @param grantType {@code client_credentials} (when empty) or {@code
 *     urn:ietf:params:oauth:grant-type:jwt-bearer} (3.x only)
 * @param signatureAlgorithm {@code RS256} (when empty), {@code RS384} or {@code RS512} (3.x only)
 * @param iss the assertion's issuer; the client id when empty (3.x only)
 * @param audience the assertion's audience; the token URL when empty (3.x only)
 * @param claims extra claims of the assertion (3.x only): strings, numbers, booleans, nulls, lists
 *     and maps
 * @param scopes the scopes to ask for
 * @param tokenUrl the token endpoint
 * @param endpointParams extra form parameters of the token request
 * @param tlsConfig TLS for the token endpoint
 * @param proxy proxy for the token endpoint (2.42: only {@code proxy_url})
 */
public record OAuth2(
    String clientId,
    Secret clientSecret,
    String clientSecretFile,
    String clientSecretRef,
    String clientCertificateKeyId,
    Secret clientCertificateKey,
    String clientCertificateKeyFile,
    String clientCertificateKeyRef,
    String grantType,
    String signatureAlgorithm,
    String iss,
    String audience,
    Map<String, Object> claims,
    List<String> scopes,
    String tokenUrl,
    Map<String, String> endpointParams,
    TlsConfig tlsConfig,
    ProxyConfig proxy) {

  /** The JWT bearer grant of RFC 7523. */
  public static final String GRANT_TYPE_JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /** Checks and copies ({@code claims} may hold nulls). */
  public OAuth2 {
    requireNonNull(clientId, "clientId");
    requireNonNull(clientSecret, "clientSecret");
    requireNonNull(clientSecretFile, "clientSecretFile");
    requireNonNull(clientSecretRef, "clientSecretRef");
    requireNonNull(clientCertificateKeyId, "clientCertificateKeyId");
    requireNonNull(clientCertificateKey, "clientCertificateKey");
    requireNonNull(clientCertificateKeyFile, "clientCertificateKeyFile");
    requireNonNull(clientCertificateKeyRef, "clientCertificateKeyRef");
    requireNonNull(grantType, "grantType");
    requireNonNull(signatureAlgorithm, "signatureAlgorithm");
    requireNonNull(iss, "iss");
    requireNonNull(audience, "audience");
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    scopes = List.copyOf(scopes);
    endpointParams = Collections.unmodifiableMap(new LinkedHashMap<>(endpointParams));
    requireNonNull(tokenUrl, "tokenUrl");
    requireNonNull(tlsConfig, "tlsConfig");
    requireNonNull(proxy, "proxy");
  }

  private static final Set<String> KEYS_2 =
      Set.of(
          "client_id",
          "client_secret",
          "client_secret_file",
          "scopes",
          "token_url",
          "endpoint_params",
          "proxy_url",
          "tls_config");
  private static final Set<String> KEYS_3 =
      Set.of(
          "client_id",
          "client_secret",
          "client_secret_file",
          "client_secret_ref",
          "client_certificate_key_id",
          "client_certificate_key",
          "client_certificate_key_file",
          "client_certificate_key_ref",
          "grant_type",
          "signature_algorithm",
          "iss",
          "audience",
          "claims",
          "scopes",
          "token_url",
          "endpoint_params",
          "tls_config",
          "proxy_url",
          "no_proxy",
          "proxy_from_environment",
          "proxy_connect_header");

  /**
   * Decodes an {@code oauth2} mapping: {@code config.plain} in 3.x's messages ({@code
   * config.OAuth2} in 2.42's, which had no unmarshaler of its own). 3.x then checks the proxy
   * settings: {@code OAuth2.UnmarshalYAML} calls {@code o.Validate()}, which is the embedded {@code
   * ProxyConfig}'s.
   */
  static OAuth2 decode(Node n, Decoder d, Path configDir, Compat compat) {
    boolean v3 = compat == Compat.PROMETHEUS_3;
    int mark = d.typeErrorCount();
    Fields f = d.struct(n, v3 ? "config.plain" : "config.OAuth2");
    String clientId = "";
    Secret clientSecret = Secret.empty();
    String clientSecretFile = "";
    String clientSecretRef = "";
    String keyId = "";
    Secret key = Secret.empty();
    String keyFile = "";
    String keyRef = "";
    String grantType = "";
    String signatureAlgorithm = "";
    String iss = "";
    String audience = "";
    Map<String, Object> claims = Map.of();
    List<String> scopes = List.of();
    String tokenUrl = "";
    Map<String, String> endpointParams = Map.of();
    TlsConfig tls = TlsConfig.EMPTY;
    ProxyConfig.Parts proxy = new ProxyConfig.Parts();
    // Document order: tls_config and proxy_url may fail at once, as in Go.
    for (String name : f.remaining()) {
      if (!(v3 ? KEYS_3 : KEYS_2).contains(name)) {
        continue; // unknown: finish() reports it
      }
      Node v = f.take(name);
      switch (name) {
        case "client_id" -> clientId = d.string(v);
        case "client_secret" -> clientSecret = Secret.decode(d, v);
        case "client_secret_file" -> clientSecretFile = d.string(v);
        case "client_secret_ref" -> clientSecretRef = d.string(v);
        case "client_certificate_key_id" -> keyId = d.string(v);
        case "client_certificate_key" -> key = Secret.decode(d, v);
        case "client_certificate_key_file" -> keyFile = d.string(v);
        case "client_certificate_key_ref" -> keyRef = d.string(v);
        case "grant_type" -> grantType = d.string(v);
        case "signature_algorithm" -> signatureAlgorithm = d.string(v);
        case "iss" -> iss = d.string(v);
        case "audience" -> audience = d.string(v);
        case "claims" -> claims = orEmpty(d.map(v, "map[string]interface {}", OAuth2::any));
        case "scopes" -> scopes = orEmpty(d.stringList(v, "[]string", "string"));
        case "token_url" -> tokenUrl = d.string(v);
        case "endpoint_params" ->
            endpointParams = orEmpty(d.map(v, "map[string]string", d::string));
        case "tls_config" -> tls = TlsConfig.decode(v, d, configDir, compat);
        default -> proxy.decode(name, v, d, compat, v3);
      }
    }
    f.finish();
    OAuth2 o =
        new OAuth2(
            clientId,
            clientSecret,
            GoPath.joinDir(configDir, clientSecretFile),
            clientSecretRef,
            keyId,
            key,
            keyFile,
            keyRef,
            grantType,
            signatureAlgorithm,
            iss,
            audience,
            claims,
            scopes,
            tokenUrl,
            endpointParams,
            tls,
            proxy.build());
    if (v3 && !d.typeErrorsSince(mark)) {
      String err = o.proxy.validationError(compat);
      if (err != null) {
        throw d.error(n, err);
      }
    }
    return o;
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  /** Whether the JWT bearer grant is configured. */
  boolean jwtBearer() {
    return grantType.equals(GRANT_TYPE_JWT_BEARER);
  }

  /**
   * A value decoded into Go's {@code any} as yaml.v2 does: strings, {@code Long} or {@code
   * BigInteger}, {@code Double}, {@code Boolean}, null, lists and string-keyed maps. Used for JWT
   * claims, whose values are arbitrary.
   */
  private static Object any(Node n) {
    if (n == null || n.isNull()) {
      return null;
    }
    switch (n.kind()) {
      case SEQUENCE:
        {
          List<Object> items = new ArrayList<>();
          for (Node item : n.items()) {
            items.add(any(item));
          }
          return Collections.unmodifiableList(items);
        }
      case MAPPING:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          for (Map.Entry<Node, Node> e : n.entries()) {
            m.putIfAbsent(e.getKey().text(), any(e.getValue()));
          }
          return Collections.unmodifiableMap(m);
        }
      default:
        break;
    }
    String text = n.text().replace("_", "");
    switch (n.tag()) {
      case "!!bool":
        return d2bool(n.text());
      case "!!int":
        {
          BigInteger v = io.promsd.relabel.config.Documents.parseGoInt(text);
          if (v != null) {
            return v.bitLength() <= 63 ? (Object) v.longValue() : v;
          }
          return n.text();
        }
      case "!!float":
        try {
          return Double.valueOf(text);
        } catch (NumberFormatException e) {
          return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case ".nan" -> Double.NaN;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.POSITIVE_INFINITY;
          };
        }
      default:
        return n.text();
    }
  }

  private static Boolean d2bool(String text) {
    return switch (text) {
      case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" -> true;
      default -> false;
    };
  }
}
