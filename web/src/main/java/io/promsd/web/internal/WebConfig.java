package io.promsd.web.internal;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Fields;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code --web.config.file} in the exporter-toolkit format: {@code tls_server_config}, {@code
 * http_server_config} ({@code headers}, {@code http2}) and {@code basic_auth_users} with bcrypt
 * hashes.
 *
 * <p>{@link #load(Path)} checks the file as exporter-toolkit's {@code web.Validate} does at start
 * (strict YAML, the header rules, every bcrypt hash, the TLS key pair and client CA file) and fails
 * with its error texts. Relative file names are resolved against the config file's folder. The
 * bcrypt hashes never leave this class: {@link #toString()} shows {@code <secret>}. Immutable.
 */
public final class WebConfig {
  /** The exporter-toolkit defaults: no TLS, no users, no headers, HTTP/2 on. */
  public static final WebConfig NONE =
      new WebConfig(null, null, null, true, Map.of(), Map.of(), -1, -1);

  private final Path file;
  private final TlsServerConfig tls;
  private final TlsMaterial material;
  private final boolean http2;
  private final Map<String, String> headers;
  private final Map<String, String> users;
  private final long fileModified;
  private final long fileSize;

  private WebConfig(
      Path file,
      TlsServerConfig tls,
      TlsMaterial material,
      boolean http2,
      Map<String, String> headers,
      Map<String, String> users,
      long fileModified,
      long fileSize) {
    this.file = file;
    this.tls = tls;
    this.material = material;
    this.http2 = http2;
    this.headers = headers;
    this.users = users;
    this.fileModified = fileModified;
    this.fileSize = fileSize;
  }

  /**
   * The TLS settings of {@code tls_server_config}, with file names resolved against the config
   * file's folder.
   *
   * @param certFile the server certificate chain (PEM)
   * @param keyFile the server's private key (PEM: PKCS#8, PKCS#1 or SEC 1)
   * @param clientAuthType Go's {@code tls.ClientAuthType} name, {@code NoClientCert} by default
   * @param clientCaFile the CAs for client certificates, or empty
   * @param minVersion {@code TLS10} to {@code TLS13}, {@code TLS12} by default
   * @param maxVersion {@code TLS10} to {@code TLS13}, {@code TLS13} by default
   * @param cipherSuites Go's names of the TLS 1.0–1.2 suites allowed, empty for Go's defaults
   * @param curvePreferences {@code CurveP256}, {@code CurveP384}, {@code CurveP521}, {@code X25519}
   * @param preferServerCipherSuites whether the server's suite order wins
   */
  public record TlsServerConfig(
      Path certFile,
      Path keyFile,
      String clientAuthType,
      Path clientCaFile,
      String minVersion,
      String maxVersion,
      List<String> cipherSuites,
      List<String> curvePreferences,
      boolean preferServerCipherSuites) {
    /** Copies the lists. */
    public TlsServerConfig {
      requireNonNull(clientAuthType, "clientAuthType");
      cipherSuites = List.copyOf(cipherSuites);
      curvePreferences = List.copyOf(curvePreferences);
    }
  }

  /**
   * Reads and checks a web config file.
   *
   * @throws ConfigException with exporter-toolkit's text, e.g. {@code yaml: unmarshal errors:\n
   *     line 1: field foo not found in type web.Config} or {@code open web.yml: no such file or
   *     directory}
   */
  public static WebConfig load(Path file) {
    requireNonNull(file, "file");
    byte[] bytes;
    long modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file).toMillis();
      size = Files.size(file);
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(goOpenError(file, e), file.toString(), 0);
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), file, modified, size);
  }

  /** Whether the file changed since it was loaded (by modification time or size). */
  boolean changedOnDisk() {
    if (file == null) {
      return false;
    }
    try {
      return Files.getLastModifiedTime(file).toMillis() != fileModified
          || Files.size(file) != fileSize;
    } catch (IOException e) {
      return true;
    }
  }

  /** The file this was read from, or empty for {@link #NONE}. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The TLS settings, or empty when the server speaks plain HTTP. */
  public Optional<TlsServerConfig> tls() {
    return Optional.ofNullable(tls);
  }

  /** Whether HTTP/2 is offered over TLS ({@code http_server_config.http2}, default true). */
  public boolean http2() {
    return http2;
  }

  /** The extra response headers of {@code http_server_config.headers}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The basic-auth user names; empty when no authentication is required. */
  public Set<String> userNames() {
    return users.keySet();
  }

  /** The bcrypt hash of a user, or null. Package-private: hashes never leave the module. */
  String hashOf(String user) {
    return users.get(user);
  }

  boolean requiresAuth() {
    return !users.isEmpty();
  }

  TlsMaterial material() {
    return material;
  }

  @Override
  public String toString() {
    Map<String, String> hidden = new LinkedHashMap<>();
    users.keySet().forEach(u -> hidden.put(u, "<secret>"));
    return "WebConfig[file="
        + file
        + ", tls="
        + tls
        + ", http2="
        + http2
        + ", headers="
        + headers
        + ", basic_auth_users="
        + hidden
        + "]";
  }

  // exporter-toolkit web/tls_config.go getConfig + validateUsers + ConfigToTLSConfig, in order.
  static WebConfig parse(String text, Path file, long modified, long size) {
    String name = file.toString();
    Node root = Documents.parseYaml(text, name);
    Decoder d = new Decoder(name);
    Fields top = d.struct(root, "web.Config");
    Node tlsNode = top.take("tls_server_config");
    Node httpNode = top.take("http_server_config");
    Node usersNode = top.take("basic_auth_users");
    top.finish();

    Fields tf = d.struct(tlsNode, "web.TLSConfig");
    String certFile = d.string(tf.take("cert_file"));
    String keyFile = d.string(tf.take("key_file"));
    String clientAuth = d.string(tf.take("client_auth_type"));
    String clientCas = d.string(tf.take("client_ca_file"));
    List<String> ciphers =
        enumList(d, tf.take("cipher_suites"), "[]web.Cipher", TlsNames::cipher, "unknown cipher: ");
    List<String> curves =
        enumList(
            d, tf.take("curve_preferences"), "[]web.Curve", TlsNames::curve, "unknown curve: ");
    // a null version is Go's zero value, which crypto/tls reads as its own default
    String minVersion =
        enumValue(
            d,
            tf.take("min_version"),
            "TLS12",
            "TLS10",
            TlsNames::version,
            "unknown TLS version: ");
    String maxVersion =
        enumValue(
            d,
            tf.take("max_version"),
            "TLS13",
            "TLS13",
            TlsNames::version,
            "unknown TLS version: ");
    boolean preferServer = d.bool(tf.take("prefer_server_cipher_suites"), true);
    tf.finish();

    Fields hf = d.struct(httpNode, "web.HTTPConfig");
    boolean http2 = d.bool(hf.take("http2"), true);
    Map<String, String> headers = d.stringMap(hf.take("headers"), "map[string]string");
    hf.finish();

    Map<String, String> users = new LinkedHashMap<>();
    for (Map.Entry<Node, Node> e : d.mapEntries(usersNode, "map[string]config.Secret")) {
      String user = d.string(e.getKey());
      String hash = d.string(e.getValue(), "config.plain");
      users.put(user, hash);
    }
    d.finish();

    validateHeaders(headers, name);
    for (String hash : users.values()) {
      String err = Bcrypt.costError(hash);
      if (err != null) {
        throw new ConfigException(err, name, 0);
      }
    }

    Path cert = joinDir(file, certFile);
    Path key = joinDir(file, keyFile);
    Path cas = joinDir(file, clientCas);
    TlsServerConfig tls = null;
    TlsMaterial material = null;
    if (!(certFile.isEmpty() && keyFile.isEmpty() && clientAuth.isEmpty() && clientCas.isEmpty())) {
      tls =
          new TlsServerConfig(
              cert,
              key,
              clientAuth.isEmpty() ? "NoClientCert" : clientAuth,
              cas,
              minVersion,
              maxVersion,
              ciphers,
              curves,
              preferServer);
      try {
        material = TlsMaterial.load(tls, certFile.isEmpty(), keyFile.isEmpty(), clientAuth);
      } catch (TlsMaterial.TlsConfigError e) {
        throw new ConfigException(e.getMessage(), name, 0);
      }
      // net/http's http2ConfigureServer, run when Go serves TLS with HTTP/2 on
      if (http2
          && !ciphers.isEmpty()
          && !minVersion.equals("TLS13")
          && !ciphers.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
          && !ciphers.contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
        throw new ConfigException(
            "http2: TLSConfig.CipherSuites is missing an HTTP/2-required AES_128_GCM_SHA256 cipher"
                + " (need at least one of TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or"
                + " TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)",
            name,
            0);
      }
    }
    return new WebConfig(
        file,
        tls,
        material,
        http2,
        Map.copyOf(headers),
        java.util.Collections.unmodifiableMap(users),
        modified,
        size);
  }

  // config_util.JoinDir: empty and absolute names stay; others are joined to the config's folder
  // (kept relative when the config file name was relative, as Go's filepath.Join keeps it).
  private static Path joinDir(Path configFile, String name) {
    if (name.isEmpty()) {
      return null;
    }
    Path p = Path.of(name);
    if (p.isAbsolute()) {
      return p;
    }
    Path base = configFile.getParent() == null ? Path.of("") : configFile.getParent();
    return base.resolve(p).normalize();
  }

  // exporter-toolkit web/handler.go validateHeaderConfig: only these headers, some with fixed
  // values.
  private static final Map<String, List<String>> EXTRA_HEADERS =
      Map.of(
          "Strict-Transport-Security", List.of(),
          "X-Content-Type-Options", List.of("nosniff"),
          "X-Frame-Options", List.of("deny", "sameorigin"),
          "X-XSS-Protection", List.of(),
          "Content-Security-Policy", List.of());

  private static void validateHeaders(Map<String, String> headers, String file) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      List<String> allowed = EXTRA_HEADERS.get(e.getKey());
      if (allowed == null) {
        throw new ConfigException(
            "HTTP header " + GoText.quote(e.getKey()) + " can not be configured", file, 0);
      }
      if (!allowed.isEmpty() && !allowed.contains(e.getValue())) {
        StringBuilder q = new StringBuilder("[");
        for (int i = 0; i < allowed.size(); i++) {
          q.append(i == 0 ? "" : " ").append(GoText.quote(allowed.get(i)));
        }
        q.append(']');
        throw new ConfigException(
            "invalid value for "
                + e.getKey()
                + ". Expected one of: "
                + q
                + ", but got: "
                + GoText.quote(e.getValue()),
            file,
            0);
      }
    }
  }

  private interface EnumCheck {
    /** The canonical name, or null when unknown. */
    String check(String value);
  }

  // A Go type with UnmarshalYAML that reads a string and fails at once on an unknown name (yaml.v2
  // aborts on such errors, dropping the type errors collected so far). Null items are Go's zero
  // value, which no Go name maps to: they are left out.
  private static List<String> enumList(
      Decoder d, Node n, String goType, EnumCheck check, String unknown) {
    List<Node> items = d.sequence(n, goType);
    List<String> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (Node item : items) {
      String v = enumValue(d, item, null, null, check, unknown);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  private static String enumValue(
      Decoder d, Node n, String absent, String ifNull, EnumCheck check, String unknown) {
    if (n == null) {
      return absent;
    }
    if (n.isNull()) {
      return ifNull;
    }
    if (n.kind() != Node.Kind.SCALAR) {
      d.typeError(n, "string");
      return absent;
    }
    String v = check.check(n.text());
    if (v == null) {
      throw new ConfigException(unknown + n.text(), d.file(), n.line());
    }
    return v;
  }

  // Go's os.ReadFile errors: "open NAME: no such file or directory".
  static String goOpenError(Path file, IOException e) {
    String name = file.toString();
    if (e instanceof NoSuchFileException) {
      return "open " + name + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "open " + name + ": permission denied";
    }
    if (Files.isDirectory(file)) {
      return "read " + name + ": is a directory";
    }
    return "open " + name + ": " + e.getMessage();
  }
}
