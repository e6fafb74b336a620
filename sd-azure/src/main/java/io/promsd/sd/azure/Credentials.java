package io.promsd.sd.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The token flows of both Prometheus versions, as plain HTTP.
 *
 * <p>2.42 (adal v0.9.22, autorest/adal/token.go): {@code OAuth} posts client credentials to the
 * Azure AD v1 endpoint {@code <activeDirectoryEndpoint><tenant>/oauth2/token?api-version=1.0} for
 * the resource manager endpoint; {@code ManagedIdentity} asks {@code MSI_ENDPOINT} (App Service
 * 2017-09-01 with {@code MSI_SECRET}, Cloud Shell without) or the instance metadata service, with
 * adal's IMDS retries. A token is refreshed when it expires within five minutes ({@code
 * defaultRefresh}).
 *
 * <p>3.x (azidentity): {@code OAuth} is a client-secret credential against the v2 endpoint {@code
 * <authorityHost><tenant>/oauth2/v2.0/token} with scope {@code <ARM audience>/.default}; {@code
 * ManagedIdentity} uses App Service ({@code IDENTITY_ENDPOINT} + {@code IDENTITY_HEADER}), Cloud
 * Shell ({@code MSI_ENDPOINT}) or IMDS; {@code WorkloadIdentity} exchanges the federated token file
 * ({@code AZURE_FEDERATED_TOKEN_FILE}) for a token; {@code SDK} tries the environment (client
 * secret), workload identity and managed identity in turn, as DefaultAzureCredential does. Not
 * implemented, and said so in the error: MSAL's instance-discovery and metadata requests,
 * certificate and user/password environment credentials, Azure Arc and Service Fabric managed
 * identity, and the developer-tool credentials (Azure CLI, Azure Developer CLI), which run
 * commands.
 *
 * <p>Tokens and secrets never appear in an error: every message goes through {@link #scrub}.
 */
final class Credentials {
  /** A token source for one refresh, as Prometheus builds a credential per refresh. */
  interface TokenSource {
    /**
     * A bearer token valid for more than the refresh margin, fetched when needed.
     *
     * @param forUrl the request the token is for (2.42 names it in errors)
     * @throws AzureException with the credential's wording
     */
    String token(String forUrl) throws AzureException, InterruptedException;
  }

  /** adal's and azcore's refresh margin: a token expiring within it is fetched anew. */
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  static final String ADAL_USER_AGENT = "Go/go1.19.8 (amd64-linux) go-autorest/adal/v1.0.0";
  static final String IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9.\\-]+");

  /** What a credential needs from the world; tests replace all of it. */
  record World(
      HttpClient client,
      Function<String, String> env,
      Clock clock,
      Timing timing,
      String imdsEndpoint,
      String userAgent) {}

  private Credentials() {}

  /**
   * The token source for {@code cfg}'s method.
   *
   * @throws AzureException when it can't be built (Prometheus: "could not create Azure client")
   */
  static TokenSource create(AzureSdConfig cfg, Cloud cloud, World w) throws AzureException {
    if (cfg.compat() == Compat.PROMETHEUS_2) {
      return adal(cfg, cloud, w);
    }
    return identity(cfg, cloud, w);
  }

  // ---- 2.42: adal ----

  private static TokenSource adal(AzureSdConfig cfg, Cloud cloud, World w) throws AzureException {
    String resource = cloud.resourceManager();
    if (cfg.authenticationMethod().equals(AzureDiscovererFactory.MANAGED_IDENTITY)) {
      if (resource.isEmpty()) {
        throw new AzureException("parameter 'resource' cannot be empty");
      }
      String endpoint = w.env().apply("MSI_ENDPOINT");
      String msiSecret = w.env().apply("MSI_SECRET");
      Fetch fetch;
      if (endpoint != null && !endpoint.isEmpty()) {
        if (msiSecret != null && !msiSecret.isEmpty()) {
          Map<String, String> q = new TreeMap<>();
          q.put("api-version", "2017-09-01");
          q.put("resource", resource);
          if (!cfg.clientId().isEmpty()) {
            q.put("clientid", cfg.clientId());
          }
          String url = withQuery(endpoint, q);
          fetch =
              () ->
                  HttpRequest.newBuilder(uri(url))
                      .GET()
                      .header("User-Agent", ADAL_USER_AGENT)
                      .header("Secret", msiSecret)
                      .build();
        } else {
          Map<String, String> form = new TreeMap<>();
          form.put("resource", resource);
          if (!cfg.clientId().isEmpty()) {
            form.put("client_id", cfg.clientId());
          }
          fetch =
              () ->
                  HttpRequest.newBuilder(uri(endpoint))
                      .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                      .header("User-Agent", ADAL_USER_AGENT)
                      .header("Metadata", "true")
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .build();
        }
      } else {
        Map<String, String> q = new TreeMap<>();
        q.put("api-version", "2018-02-01");
        q.put("resource", resource);
        if (!cfg.clientId().isEmpty()) {
          q.put("client_id", cfg.clientId());
        }
        String url = withQuery(w.imdsEndpoint(), q);
        fetch =
            () ->
                HttpRequest.newBuilder(uri(url))
                    .GET()
                    .header("User-Agent", ADAL_USER_AGENT)
                    .header("Metadata", "true")
                    .build();
      }
      return new Adal(w, fetch, true, List.of());
    }
    if (cloud.activeDirectory().isEmpty()) {
      throw new AzureException("parameter 'activeDirectoryEndpoint' cannot be empty");
    }
    if (resource.isEmpty()) {
      throw new AzureException("parameter 'resource' cannot be empty");
    }
    String tokenUrl;
    try {
      tokenUrl =
          URI.create(cloud.activeDirectory())
              .resolve(cfg.tenantId() + "/oauth2/token?api-version=1.0")
              .toString();
    } catch (IllegalArgumentException e) {
      throw new AzureException(e.getMessage());
    }
    Map<String, String> form = new TreeMap<>();
    form.put("client_id", cfg.clientId());
    form.put("client_secret", cfg.clientSecret().reveal());
    form.put("grant_type", "client_credentials");
    form.put("resource", resource);
    String body = encode(form);
    Fetch fetch =
        () ->
            HttpRequest.newBuilder(uri(tokenUrl))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("User-Agent", ADAL_USER_AGENT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .build();
    return new Adal(w, fetch, false, List.of(cfg.clientSecret().reveal()));
  }

  /** adal's {@code ServicePrincipalToken}: refresh within five minutes of expiry. */
  private static final class Adal implements TokenSource {
    private final World w;
    private final Fetch fetch;
    private final boolean imdsRetries;
    private final List<String> secrets;
    private String token;
    private long expiresOn = Long.MIN_VALUE; // epoch seconds

    Adal(World w, Fetch fetch, boolean imdsRetries, List<String> secrets) {
      this.w = w;
      this.fetch = fetch;
      this.imdsRetries = imdsRetries;
      this.secrets = secrets;
    }

    @Override
    public synchronized String token(String forUrl) throws AzureException, InterruptedException {
      long now = w.clock().instant().getEpochSecond();
      if (token != null && expiresOn > now + REFRESH_MARGIN.toSeconds()) {
        return token;
      }
      HttpRequest req;
      try {
        req = fetch.request();
      } catch (IllegalArgumentException e) {
        throw wrap(forUrl, 0, "adal: Failed to build the refresh request. Error = '" + e + "'");
      }
      Http http = new Http(w.client(), w.timing().requestTimeout(), Http.MAX_BODY);
      Http.Response r;
      try {
        r = imdsRetries ? imdsSend(http, req) : http.send(req);
      } catch (IOException e) {
        throw wrap(
            forUrl,
            0,
            "adal: Failed to execute the refresh request. Error = '" + describe(req, e) + "'");
      }
      String body = new String(r.body(), StandardCharsets.UTF_8);
      String endpoint = req.uri().toString();
      if (r.status() != 200) {
        throw wrap(
            forUrl,
            r.status(),
            "adal: Refresh request failed. Status Code = '"
                + r.status()
                + "'. Response body: "
                + body
                + " Endpoint "
                + endpoint);
      }
      if (body.strip().isEmpty()) {
        throw wrap(forUrl, 200, "adal: Empty service principal token received during refresh");
      }
      JsonNode n;
      try {
        n = JSON.readTree(r.body());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw wrap(
            forUrl,
            200,
            "adal: Failed to unmarshal the service principal token during refresh. Error = '"
                + e.getOriginalMessage()
                + "' JSON = '"
                + body
                + "'");
      } catch (IOException e) {
        throw wrap(forUrl, 200, "adal: Failed to read a new service principal token: " + e);
      }
      if (n == null || !n.isObject()) {
        throw wrap(forUrl, 200, "adal: Failed to unmarshal the service principal token");
      }
      JsonNode on = n.get("expires_on");
      long expires;
      if (on == null || on.isNull()) {
        expires = -3600; // ADFS sends no expires_on: adal then treats the token as expired
      } else {
        Long parsed = parseExpiresOn(on);
        if (parsed == null) {
          throw wrap(forUrl, 200, "adal: failed to parse expires_on: value '" + on.asText() + "'");
        }
        expires = parsed;
      }
      String access = n.path("access_token").asText("");
      token = access;
      expiresOn = expires;
      return access;
    }

    /** adal's {@code retryForIMDS}: up to 5 attempts, waits of 2, 6, 14, 30 and 60 units. */
    private Http.Response imdsSend(Http http, HttpRequest req)
        throws IOException, InterruptedException {
      int[] retry = {408, 429, 500, 502, 503, 504, 404, 410, 501, 505, 506, 507, 508, 510, 511};
      long unit = w.timing().imdsBackoffUnit().toMillis();
      long delay = 0;
      IOException last = null;
      Http.Response resp = null;
      for (int attempt = 0; attempt < 5; ) {
        try {
          resp = http.send(req);
          last = null;
          boolean again = false;
          for (int c : retry) {
            again |= c == resp.status();
          }
          if (!again) {
            return resp;
          }
        } catch (IOException e) {
          last = e;
        }
        attempt++;
        delay += (1L << attempt) * unit;
        delay = Math.min(delay, 60 * unit);
        Thread.sleep(delay);
      }
      if (last != null) {
        throw last;
      }
      return resp;
    }

    private AzureException wrap(String forUrl, int status, String original) {
      return new AzureException(
          scrub(
              "azure.BearerAuthorizer#WithAuthorization: Failed to refresh the Token for request"
                  + " to "
                  + forUrl
                  + ": StatusCode="
                  + status
                  + " -- Original Error: "
                  + original,
              secrets),
          status);
    }
  }

  /** adal's {@code parseExpiresOn}: seconds as a number or string, or two date formats. */
  static Long parseExpiresOn(JsonNode on) {
    if (on.isNumber()) {
      return (long) on.asDouble();
    }
    if (!on.isTextual()) {
      return null;
    }
    String s = on.asText();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      // dates below
    }
    for (String f : List.of("M/d/yyyy H:mm:ss 'PM' '+00:00'", "M/d/yyyy H:mm:ss '+00:00'")) {
      try {
        return LocalDateTime.parse(s, DateTimeFormatter.ofPattern(f, Locale.ROOT))
            .toEpochSecond(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // next
      }
    }
    return null;
  }

  // ---- 3.x: azidentity ----

  private static TokenSource identity(AzureSdConfig cfg, Cloud cloud, World w)
      throws AzureException {
    String scope = cloud.audience() + "/.default";
    String resource = cloud.audience();
    switch (cfg.authenticationMethod()) {
      case AzureDiscovererFactory.OAUTH:
        if (!TENANT.matcher(cfg.tenantId()).matches()) {
          throw new AzureException(
              "invalid tenantID. You can locate your tenantID by following the instructions"
                  + " listed here: https://learn.microsoft.com/partner-center/find-ids-and-domain-names");
        }
        return clientSecret(
            "ClientSecretCredential",
            cloud,
            cfg.tenantId(),
            cfg.clientId(),
            cfg.clientSecret().reveal(),
            scope,
            w);
      case AzureDiscovererFactory.MANAGED_IDENTITY:
        return managedIdentity(cfg.clientId(), resource, w, false);
      case AzureDiscovererFactory.WORKLOAD_IDENTITY:
        return workload(cloud, scope, w);
      case AzureDiscovererFactory.SDK:
        return sdkChain(cfg, cloud, scope, resource, w);
      default:
        throw new AzureException("unknown authentication_type " + cfg.authenticationMethod());
    }
  }

  private static TokenSource clientSecret(
      String name,
      Cloud cloud,
      String tenant,
      String clientId,
      String secret,
      String scope,
      World w) {
    String url = cloud.activeDirectory() + tenant + "/oauth2/v2.0/token";
    // MSAL (apps/internal/oauth/ops/accesstokens FromClientSecret): no client_info here, and
    // the default OIDC scopes appended to the requested one.
    Map<String, String> form = new TreeMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    form.put("grant_type", "client_credentials");
    form.put("scope", scope + MSAL_DEFAULT_SCOPES);
    String body = encode(form);
    return new Identity(
        name,
        w,
        () ->
            msal(HttpRequest.newBuilder(uri(url)), w)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
        List.of(secret));
  }

  private static TokenSource managedIdentity(
      String clientId, String resource, World w, boolean probe) throws AzureException {
    Function<String, String> env = w.env();
    String identityEndpoint = env.apply("IDENTITY_ENDPOINT");
    String identityHeader = env.apply("IDENTITY_HEADER");
    String msiEndpoint = env.apply("MSI_ENDPOINT");
    // The order of MSAL's managedidentity GetSource.
    if (set(identityEndpoint)
        && set(identityHeader)
        && set(env.apply("IDENTITY_SERVER_THUMBPRINT"))) {
      throw new AzureException(
          "ManagedIdentityCredential: Service Fabric managed identity is not implemented by"
              + " promsd");
    }
    if (!(set(identityEndpoint) && set(identityHeader))
        && set(msiEndpoint)
        && set(env.apply("MSI_SECRET"))) {
      throw new AzureException(
          "ManagedIdentityCredential: Azure ML managed identity is not implemented by promsd");
    }
    if (!(set(identityEndpoint) && set(identityHeader))
        && !set(msiEndpoint)
        && set(identityEndpoint)
        && set(env.apply("IMDS_ENDPOINT"))) {
      throw new AzureException(
          "ManagedIdentityCredential: Azure Arc managed identity is not implemented by promsd");
    }
    if (set(identityEndpoint) && set(identityHeader)) {
      Map<String, String> q = new TreeMap<>();
      q.put("api-version", "2019-08-01");
      q.put("resource", resource);
      if (!clientId.isEmpty()) {
        q.put("client_id", clientId);
      }
      String url = withQuery(identityEndpoint, q);
      return new Identity(
          "ManagedIdentityCredential",
          w,
          () ->
              HttpRequest.newBuilder(uri(url))
                  .GET()
                  .header("User-Agent", w.userAgent())
                  .header("X-IDENTITY-HEADER", identityHeader)
                  .build(),
          List.of(identityHeader));
    }
    if (set(msiEndpoint)) {
      if (!clientId.isEmpty()) {
        throw new AzureException(
            "ManagedIdentityCredential: Cloud Shell managed identity does not support"
                + " user-assigned identities");
      }
      String body = encode(Map.of("resource", resource));
      return new Identity(
          "ManagedIdentityCredential",
          w,
          () ->
              HttpRequest.newBuilder(uri(msiEndpoint))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .header("User-Agent", w.userAgent())
                  .header("Metadata", "true")
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .build(),
          List.of());
    }
    Map<String, String> q = new TreeMap<>();
    q.put("api-version", "2018-02-01");
    q.put("resource", resource);
    if (!clientId.isEmpty()) {
      q.put("client_id", clientId);
    }
    String url = withQuery(w.imdsEndpoint(), q);
    Identity imds =
        new Identity(
            "ManagedIdentityCredential",
            w,
            () ->
                HttpRequest.newBuilder(uri(url))
                    .GET()
                    .header("User-Agent", w.userAgent())
                    .header("Metadata", "true")
                    .build(),
            List.of());
    if (probe) {
      imds.probeTimeout = Duration.ofSeconds(1); // DefaultAzureCredential probes IMDS briefly
    }
    return imds;
  }

  private static TokenSource workload(Cloud cloud, String scope, World w) throws AzureException {
    Function<String, String> env = w.env();
    String clientId = env.apply("AZURE_CLIENT_ID");
    String tenant = env.apply("AZURE_TENANT_ID");
    String file = env.apply("AZURE_FEDERATED_TOKEN_FILE");
    if (!set(clientId)) {
      throw new AzureException(
          "WorkloadIdentityCredential: no client ID specified. Check pod configuration or set"
              + " ClientID in the options");
    }
    if (!set(file)) {
      throw new AzureException(
          "WorkloadIdentityCredential: no token file specified. Check pod configuration or set"
              + " TokenFilePath in the options");
    }
    if (!set(tenant)) {
      throw new AzureException(
          "WorkloadIdentityCredential: no tenant ID specified. Check pod configuration or set"
              + " TenantID in the options");
    }
    String url = cloud.activeDirectory() + tenant + "/oauth2/v2.0/token";
    List<String> secrets = new ArrayList<>();
    return new Identity(
        "WorkloadIdentityCredential",
        w,
        () -> {
          String assertion;
          try {
            assertion = Files.readString(Path.of(file)).strip();
          } catch (IOException e) {
            throw new IllegalArgumentException(
                "failed to read federated token file " + file + ": " + e.getMessage());
          }
          secrets.add(assertion);
          Map<String, String> form = new TreeMap<>();
          form.put("client_assertion", assertion);
          form.put(
              "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
          form.put("client_id", clientId);
          form.put("client_info", "1");
          form.put("grant_type", "client_credentials");
          form.put("scope", scope + MSAL_DEFAULT_SCOPES);
          return msal(HttpRequest.newBuilder(uri(url)), w)
              .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
              .build();
        },
        secrets);
  }

  /** DefaultAzureCredential's chain, as far as it can be followed without running commands. */
  private static TokenSource sdkChain(
      AzureSdConfig cfg, Cloud cloud, String scope, String resource, World w) {
    Function<String, String> env = w.env();
    return new TokenSource() {
      private TokenSource chosen;

      @Override
      public synchronized String token(String forUrl) throws AzureException, InterruptedException {
        if (chosen != null) {
          return chosen.token(forUrl);
        }
        List<String> attempts = new ArrayList<>();
        List<String> names =
            List.of(
                "EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential");
        for (String name : names) {
          try {
            TokenSource s =
                switch (name) {
                  case "EnvironmentCredential" -> environment(cloud, scope, w);
                  case "WorkloadIdentityCredential" -> workload(cloud, scope, w);
                  default ->
                      managedIdentity(nonNull(env.apply("AZURE_CLIENT_ID")), resource, w, true);
                };
            String t = s.token(forUrl);
            chosen = s;
            return t;
          } catch (AzureException e) {
            attempts.add(name + ": " + e.getMessage().replace(name + ": ", ""));
          }
        }
        attempts.add("AzureCLICredential: not implemented by promsd (it runs the Azure CLI, az)");
        attempts.add(
            "AzureDeveloperCLICredential: not implemented by promsd (it runs the Azure"
                + " Developer CLI, azd)");
        throw new AzureException(
            "DefaultAzureCredential: failed to acquire a token.\nAttempted credentials:\n\t"
                + String.join("\n\t", attempts));
      }
    };
  }

  private static TokenSource environment(Cloud cloud, String scope, World w) throws AzureException {
    Function<String, String> env = w.env();
    String tenant = env.apply("AZURE_TENANT_ID");
    String clientId = env.apply("AZURE_CLIENT_ID");
    if (!set(tenant)) {
      throw new AzureException(
          "EnvironmentCredential: missing environment variable AZURE_TENANT_ID");
    }
    if (!set(clientId)) {
      throw new AzureException(
          "EnvironmentCredential: missing environment variable AZURE_CLIENT_ID");
    }
    String secret = env.apply("AZURE_CLIENT_SECRET");
    if (set(secret)) {
      return clientSecret("ClientSecretCredential", cloud, tenant, clientId, secret, scope, w);
    }
    if (set(env.apply("AZURE_CLIENT_CERTIFICATE_PATH")) || set(env.apply("AZURE_USERNAME"))) {
      throw new AzureException(
          "EnvironmentCredential: certificate and username/password credentials are not"
              + " implemented by promsd");
    }
    throw new AzureException(
        "EnvironmentCredential: incomplete environment variable configuration. Only"
            + " AZURE_TENANT_ID and AZURE_CLIENT_ID are set");
  }

  /** An azidentity credential: one token request, refreshed within five minutes of expiry. */
  private static final class Identity implements TokenSource {
    private final String name;
    private final World w;
    private final Fetch fetch;
    private final List<String> secrets;
    private Duration probeTimeout;
    private String token;
    private long expiresOn = Long.MIN_VALUE;

    Identity(String name, World w, Fetch fetch, List<String> secrets) {
      this.name = name;
      this.w = w;
      this.fetch = fetch;
      this.secrets = secrets;
    }

    @Override
    public synchronized String token(String forUrl) throws AzureException, InterruptedException {
      long now = w.clock().instant().getEpochSecond();
      if (token != null && expiresOn > now + REFRESH_MARGIN.toSeconds()) {
        return token;
      }
      HttpRequest req;
      try {
        req = fetch.request();
      } catch (IllegalArgumentException e) {
        throw new AzureException(scrub(name + ": " + e.getMessage(), secrets));
      }
      Duration timeout = probeTimeout != null ? probeTimeout : w.timing().requestTimeout();
      Http.Response r;
      try {
        r = new Http(w.client(), timeout, Http.MAX_BODY).send(req);
      } catch (IOException e) {
        throw new AzureException(
            scrub(name + ": authentication failed: " + describe(req, e), secrets));
      }
      String body = new String(r.body(), StandardCharsets.UTF_8);
      if (r.status() != 200) {
        throw new AzureException(
            scrub(
                name
                    + ": authentication failed:\n"
                    + req.method()
                    + " "
                    + withoutQuery(req.uri())
                    + "\nRESPONSE "
                    + r.status()
                    + "\n"
                    + body,
                secrets),
            r.status());
      }
      JsonNode n;
      try {
        n = JSON.readTree(r.body());
      } catch (IOException e) {
        throw new AzureException(
            scrub(name + ": authentication failed: invalid token response", secrets));
      }
      String access = n == null ? "" : n.path("access_token").asText("");
      if (access.isEmpty()) {
        throw new AzureException(
            scrub(name + ": authentication failed: no access_token in the response", secrets));
      }
      long expires;
      JsonNode in = n.get("expires_in");
      JsonNode on = n.get("expires_on");
      if (in != null && !in.isNull() && in.asLong(-1) >= 0) {
        expires = now + in.asLong();
      } else if (on != null && parseExpiresOn(on) != null) {
        expires = parseExpiresOn(on);
      } else {
        expires = now; // unknown: use once
      }
      token = access;
      expiresOn = expires;
      return access;
    }
  }

  /** Builds a token request; may read a file, so built per request. */
  @FunctionalInterface
  private interface Fetch {
    HttpRequest request();
  }

  /** MSAL's default scopes, appended to every token request's scope (AppendDefaultScopes). */
  static final String MSAL_DEFAULT_SCOPES = " openid offline_access profile";

  /** The headers MSAL's {@code comm.Client} sets on a token request ({@code addStdHeaders}). */
  private static HttpRequest.Builder msal(HttpRequest.Builder b, World w) {
    return b.header("User-Agent", w.userAgent())
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .header("client-request-id", java.util.UUID.randomUUID().toString())
        .header("Return-Client-Request-Id", "false")
        .header("x-client-sku", "MSAL.Go")
        .header("x-client-os", "linux")
        .header("x-client-cpu", "amd64")
        .header("x-client-ver", "1.7.2");
  }

  // ---- helpers ----

  private static boolean set(String s) {
    return s != null && !s.isEmpty();
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static URI uri(String s) {
    return URI.create(s);
  }

  private static String withoutQuery(URI u) {
    String s = u.toString();
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }

  /** Go's {@code url.Values.Encode} of single values. */
  static String encode(Map<String, String> values) {
    Map<String, List<String>> m = new TreeMap<>();
    values.forEach((k, v) -> m.put(k, List.of(v)));
    return GoUrl.encode(m);
  }

  private static String withQuery(String base, Map<String, String> q) {
    int at = base.indexOf('?');
    String b = at < 0 ? base : base.substring(0, at);
    return b + "?" + encode(q);
  }

  static String describe(HttpRequest req, IOException e) {
    String m = e.getMessage();
    return req.method()
        + " "
        + req.uri()
        + ": "
        + (m == null || m.isEmpty() ? e.getClass().getSimpleName() : m);
  }

  /** Removes every secret from {@code text}. */
  static String scrub(String text, List<String> secrets) {
    String out = text;
    for (String s : secrets) {
      if (s != null && s.length() >= 4) {
        out = out.replace(s, "<secret>");
        out = out.replace(GoUrl.queryEscape(s), "<secret>");
      }
    }
    return out;
  }
}
