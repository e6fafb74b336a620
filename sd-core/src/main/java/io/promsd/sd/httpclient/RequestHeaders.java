package io.promsd.sd.httpclient;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.httpclient.HttpClientConfig.Authorization;
import io.promsd.sd.httpclient.HttpClientConfig.BasicAuth;
import io.promsd.sd.httpclient.HttpClientConfig.HttpHeader;
import io.promsd.sd.httpclient.HttpClientConfig.OAuth2;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The headers an {@link HttpClientConfig} adds to each request, as prometheus/common's round
 * trippers add them: {@code Authorization} from {@code oauth2}, else {@code basic_auth}, else a
 * bearer token, else {@code authorization} (the order in which Go's wrappers win), and the {@code
 * http_headers}. Credential and header files are read on every call, so rotated secrets take effect
 * on the next request. Thread-safe; an OAuth2 token is fetched once and reused until it is about to
 * expire.
 */
public final class RequestHeaders {
  private final HttpClientConfig config;
  private final OAuth2Tokens tokens;

  private RequestHeaders(HttpClientConfig config, OAuth2Tokens tokens) {
    this.config = config;
    this.tokens = tokens;
  }

  /** Checks what Go's {@code NewRoundTripperFromConfig} checks before any request. */
  static RequestHeaders of(HttpClientConfig c) throws IOException {
    Authorization a = c.authorization();
    if (a != null) {
      refCheck(a.credentials(), a.credentialsFile(), a.credentialsRef(), "credentials");
    }
    BasicAuth b = c.basicAuth();
    if (b != null) {
      refCheck(Secret.of(b.username()), b.usernameFile(), b.usernameRef(), "username");
      refCheck(b.password(), b.passwordFile(), b.passwordRef(), "password");
    }
    OAuth2Tokens tokens = null;
    OAuth2 o = c.oauth2();
    if (o != null) {
      if (o.jwtBearer()) {
        refCheck(
            o.clientCertificateKey(),
            o.clientCertificateKeyFile(),
            o.clientCertificateKeyRef(),
            "client certificate");
        throw new IOException(
            "oauth2 grant_type " + OAuth2.GRANT_TYPE_JWT_BEARER + " is not supported by promsd");
      }
      refCheck(o.clientSecret(), o.clientSecretFile(), o.clientSecretRef(), "client secret");
      tokens = new OAuth2Tokens(o, c.compat());
    }
    return new RequestHeaders(c, tokens);
  }

  private static void refCheck(Secret inline, String file, String ref, String what)
      throws IOException {
    if (inline.isEmpty() && file.isEmpty() && !ref.isEmpty()) {
      throw new IOException("unable to use " + what + ": cannot use secret ref without manager");
    }
  }

  /**
   * The {@code Authorization} header value for the next request, or empty when none is configured:
   * {@code Bearer <token>}, {@code Basic <base64 of user:password>}, {@code <type> <credentials>}.
   *
   * @throws IOException when a credential file can't be read or an OAuth2 token can't be fetched,
   *     with Prometheus's wording (e.g. {@code unable to read authorization credentials: unable to
   *     read file /x: open /x: no such file or directory})
   */
  public Optional<String> authorization() throws IOException {
    boolean v3 = config.compat() == Compat.PROMETHEUS_3;
    if (tokens != null) {
      return Optional.of(tokens.authorization());
    }
    BasicAuth b = config.basicAuth();
    if (b != null) {
      String user = b.username();
      String password;
      if (v3) {
        if (user.isEmpty() && !b.usernameFile().isEmpty()) {
          user = readFileSecret(b.usernameFile(), "unable to read basic auth username: ");
        }
        password = b.password().reveal();
        if (password.isEmpty() && !b.passwordFile().isEmpty()) {
          password = readFileSecret(b.passwordFile(), "unable to read basic auth password: ");
        }
      } else if (!b.passwordFile().isEmpty()) {
        password =
            read(b.passwordFile(), "unable to read basic auth password file " + b.passwordFile());
      } else {
        password = GoText.trimSpace(b.password().reveal()); // 2.42 trimmed it too
      }
      byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair));
    }
    if (!config.bearerToken().isEmpty() || !config.bearerTokenFile().isEmpty()) {
      return Optional.of(credentials("Bearer", config.bearerToken(), config.bearerTokenFile(), v3));
    }
    Authorization a = config.authorization();
    if (a != null) {
      if (!v3 && a.credentials().isEmpty() && a.credentialsFile().isEmpty()) {
        return Optional.empty(); // 2.42 added no header without credentials
      }
      return Optional.of(credentials(a.type(), a.credentials(), a.credentialsFile(), v3));
    }
    return Optional.empty();
  }

  private static String credentials(String type, Secret inline, String file, boolean v3)
      throws IOException {
    String value = inline.reveal();
    if (value.isEmpty() && !file.isEmpty()) {
      value =
          v3
              ? readFileSecret(file, "unable to read authorization credentials: ")
              : read(file, "unable to read authorization credentials file " + file);
    }
    return type + " " + value;
  }

  // 3.x: FileSecret's "unable to read file X: <os error>", wrapped by the round tripper.
  private static String readFileSecret(String file, String prefix) throws IOException {
    try {
      return SecretFiles.readTrimmed(file);
    } catch (IOException e) {
      throw new IOException(prefix + "unable to read file " + file + ": " + e.getMessage(), e);
    }
  }

  // 2.42: "<what> X: <os error>".
  private static String read(String file, String what) throws IOException {
    try {
      return SecretFiles.readTrimmed(file);
    } catch (IOException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code http_headers} for the next request, by name in config order: each header's values,
   * then secrets, then the trimmed contents of its files. Empty under 2.42 or when none.
   *
   * @throws IOException when a header file can't be read ({@code unable to read headers file /x:
   *     open /x: no such file or directory})
   */
  public Map<String, List<String>> extraHeaders() throws IOException {
    if (config.httpHeaders() == null || config.httpHeaders().isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, HttpHeader> e : config.httpHeaders().entrySet()) {
      List<String> values = new ArrayList<>(e.getValue().values());
      for (Secret s : e.getValue().secrets()) {
        values.add(s.reveal());
      }
      for (String file : e.getValue().files()) {
        values.add(read(file, "unable to read headers file " + file));
      }
      out.put(e.getKey(), List.copyOf(values));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Adds {@link #extraHeaders()} and {@link #authorization()} to {@code request} (replacing any
   * {@code Authorization} header it had) and returns it.
   *
   * @throws IOException as those methods
   */
  public HttpRequest.Builder applyTo(HttpRequest.Builder request) throws IOException {
    for (Map.Entry<String, List<String>> e : extraHeaders().entrySet()) {
      for (String v : e.getValue()) {
        request.header(e.getKey(), v);
      }
    }
    Optional<String> auth = authorization();
    if (auth.isPresent()) {
      request.setHeader("Authorization", auth.get());
    }
    return request;
  }

  @Override
  public String toString() {
    return "RequestHeaders[" + config + "]";
  }
}
