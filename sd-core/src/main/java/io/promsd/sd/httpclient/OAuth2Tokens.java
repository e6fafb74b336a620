package io.promsd.sd.httpclient;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.httpclient.HttpClientConfig.OAuth2;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * OAuth2 tokens by the client credentials grant, as {@code golang.org/x/oauth2/clientcredentials}
 * gets them for prometheus/common: a form POST to {@code token_url}, client credentials first in a
 * Basic header and, if the server refuses, in the form (the style that worked is kept); a token is
 * reused until 10 s before it expires, and a changed client secret file forces a new one. The token
 * endpoint is reached with the {@code oauth2} block's own TLS and proxy settings.
 */
final class OAuth2Tokens {
  private static final Duration EXPIRY_DELTA = Duration.ofSeconds(10);
  private static final int MAX_BODY = 1 << 20;

  private final OAuth2 config;
  private final Compat compat;
  private final Clock clock;
  private HttpClient client;
  private String lastSecret;
  private String token;
  private Instant expiry;
  private Boolean credentialsInHeader; // null: not probed yet

  OAuth2Tokens(OAuth2 config, Compat compat) {
    this(config, compat, Clock.systemUTC());
  }

  OAuth2Tokens(OAuth2 config, Compat compat, Clock clock) {
    this.config = config;
    this.compat = compat;
    this.clock = clock;
  }

  /** The {@code Authorization} value with a valid token, fetching one if needed. */
  synchronized String authorization() throws IOException {
    String secret = secret();
    if (!secret.equals(lastSecret)) {
      token = null;
      client = null;
      lastSecret = secret;
    }
    if (token != null && (expiry == null || clock.instant().isBefore(expiry.minus(EXPIRY_DELTA)))) {
      return token;
    }
    if (client == null) {
      client = newClient();
    }
    token = fetch(secret);
    return token;
  }

  private String secret() throws IOException {
    if (!config.clientSecret().isEmpty() || config.clientSecretFile().isEmpty()) {
      return config.clientSecret().reveal();
    }
    String file = config.clientSecretFile();
    try {
      return SecretFiles.readTrimmed(file);
    } catch (IOException e) {
      throw new IOException(
          compat == Compat.PROMETHEUS_2
              ? "unable to read oauth2 client secret file " + file + ": " + e.getMessage()
              : "unable to read oauth2 client secret: unable to read file "
                  + file
                  + ": "
                  + e.getMessage(),
          e);
    }
  }

  private HttpClient newClient() throws IOException {
    HttpClientConfig forToken =
        new HttpClientConfig(
            null,
            null,
            null,
            Secret.empty(),
            "",
            config.tlsConfig(),
            true,
            false,
            config.proxy(),
            null,
            compat);
    return forToken.newHttpClientBuilder().build();
  }

  private String fetch(String secret) throws IOException {
    boolean probe = credentialsInHeader == null;
    boolean inHeader = probe || credentialsInHeader;
    try {
      String t = request(secret, inHeader);
      credentialsInHeader = inHeader;
      return t;
    } catch (IOException e) {
      if (!probe) {
        throw e;
      }
      String t = request(secret, false);
      credentialsInHeader = false;
      return t;
    }
  }

  private String request(String secret, boolean inHeader) throws IOException {
    Map<String, String> form = new TreeMap<>(); // url.Values.Encode sorts by key
    form.put("grant_type", "client_credentials");
    if (!config.scopes().isEmpty()) {
      form.put("scope", String.join(" ", config.scopes()));
    }
    for (Map.Entry<String, String> p : config.endpointParams().entrySet()) {
      if (form.containsKey(p.getKey()) && !p.getKey().equals("grant_type")) {
        throw new IOException("oauth2: cannot overwrite parameter \"" + p.getKey() + "\"");
      }
      form.put(p.getKey(), p.getValue());
    }
    if (!inHeader) {
      form.put("client_id", config.clientId());
      if (!secret.isEmpty()) {
        form.put("client_secret", secret);
      }
    }
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> e : form.entrySet()) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(escape(e.getKey())).append('=').append(escape(e.getValue()));
    }
    HttpRequest.Builder req;
    try {
      req =
          HttpRequest.newBuilder(URI.create(config.tokenUrl()))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    } catch (IllegalArgumentException e) {
      throw new IOException("oauth2: invalid token_url: " + e.getMessage(), e);
    }
    if (inHeader) {
      String pair = escape(config.clientId()) + ":" + escape(secret);
      req.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<java.io.InputStream> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching an oauth2 token", e);
    }
    // golang.org/x/oauth2 internal/token.go doTokenRoundTrip: io.LimitReader(r.Body, 1<<20); the
    // rest of a longer answer is never read (closing the stream drops it).
    byte[] raw;
    try (java.io.InputStream in = resp.body()) {
      raw = in.readNBytes(MAX_BODY);
    }
    String text = new String(raw, 0, Math.min(raw.length, MAX_BODY), StandardCharsets.UTF_8);
    if (resp.statusCode() < 200 || resp.statusCode() > 299) {
      throw new IOException(
          "oauth2: cannot fetch token: " + resp.statusCode() + "\nResponse: " + text);
    }
    String contentType = resp.headers().firstValue("Content-Type").orElse("");
    Map<String, String> fields = parse(text, contentType);
    String access = fields.getOrDefault("access_token", "");
    if (access.isEmpty()) {
      throw new IOException("oauth2: server response missing access_token");
    }
    long expiresIn = 0;
    try {
      expiresIn = Long.parseLong(fields.getOrDefault("expires_in", "0"));
    } catch (NumberFormatException e) {
      // x/oauth2 ignores an expiry it can't read
    }
    expiry = expiresIn > 0 ? clock.instant().plusSeconds(expiresIn) : null;
    return tokenType(fields.getOrDefault("token_type", "")) + " " + access;
  }

  private static Map<String, String> parse(String text, String contentType) throws IOException {
    String media = contentType.split(";", 2)[0].strip();
    Map<String, String> out = new TreeMap<>();
    if (media.equals("application/x-www-form-urlencoded") || media.equals("text/plain")) {
      for (String pair : text.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.putIfAbsent(k, v);
      }
      return out;
    }
    Node root;
    try {
      root = Documents.parseJson(text, null);
    } catch (ConfigException e) {
      throw new IOException("oauth2: cannot parse json: " + e.reason(), e);
    }
    if (root.kind() == Node.Kind.MAPPING) {
      for (Map.Entry<Node, Node> e : root.entries()) {
        Node v = e.getValue();
        if (v.kind() == Node.Kind.SCALAR) {
          String t = v.text();
          if (v.tag().equals("!!float")) {
            try {
              t = String.valueOf((long) Double.parseDouble(t));
            } catch (NumberFormatException x) {
              // keep the text
            }
          }
          out.put(e.getKey().text(), t);
        }
      }
    }
    return out;
  }

  // oauth2.Token.Type(): well-known types capitalized, Bearer when empty.
  private static String tokenType(String t) {
    if (t.equalsIgnoreCase("bearer") || t.isEmpty()) {
      return "Bearer";
    }
    if (t.equalsIgnoreCase("mac")) {
      return "MAC";
    }
    if (t.equalsIgnoreCase("basic")) {
      return "Basic";
    }
    return t;
  }

  private static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
