package io.promsd.sd.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.TokenFileAuthentication;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.HttpClientConfig.TlsContext;
import io.promsd.sd.httpclient.RequestHeaders;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.io.IOException;
import java.io.Reader;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;

/**
 * The connection to one API server: client-java's {@link ApiClient} (kubeconfig loading with its
 * auth plugins, in-cluster service account, TLS, token refresh, OkHttp) used as transport only.
 * Building it costs most of a second, so {@link KubernetesDiscoverer#run} opens it, never {@code
 * parse} or {@code newDiscoverer}. Thread-safe.
 */
final class ApiConnection implements AutoCloseable {
  private static final String[] AUTH_NAMES = {"BearerToken"};
  private final ApiClient client;
  // Credentials seen on the way out, so that no message shows them even if a server echoes them.
  private final Set<String> secrets;

  private ApiConnection(ApiClient client, Set<String> secrets) {
    this.client = client;
    this.secrets = secrets;
  }

  /**
   * Builds the client.
   *
   * @throws IOException when files cannot be read or the settings cannot be applied
   */
  static ApiConnection open(ClientSettings s) throws IOException {
    ApiClient c =
        switch (s.mode()) {
          case KUBECONFIG -> {
            KubeConfig kc;
            try (Reader r = Files.newBufferedReader(s.kubeconfig(), StandardCharsets.UTF_8)) {
              kc = KubeConfig.loadKubeConfig(r);
            }
            kc.setFile(s.kubeconfig().toFile());
            yield ClientBuilder.kubeconfig(kc).build();
          }
          case IN_CLUSTER -> inCluster(s.inCluster());
          case API_SERVER -> apiServer(s);
        };
    c.setUserAgent("promsd");
    Set<String> secrets = ConcurrentHashMap.newKeySet();
    try {
      String password = GoUrl.parse(c.getBasePath()).password();
      if (password != null) {
        secrets.add(password);
      }
    } catch (GoUrl.ParseException e) {
      // a URL Go would not parse has no password to hide
    }
    c.setHttpClient(
        c.getHttpClient()
            .newBuilder()
            .addNetworkInterceptor(
                chain -> {
                  String auth = chain.request().header("Authorization");
                  if (auth != null) {
                    secrets.add(auth);
                    int space = auth.indexOf(' ');
                    if (space > 0) {
                      secrets.add(auth.substring(space + 1).trim());
                    }
                  }
                  return chain.proceed(chain.request());
                })
            .build());
    return new ApiConnection(c, secrets);
  }

  private static ApiClient inCluster(ClientSettings.InCluster ic) throws IOException {
    if (ic.baseUrl() == null) {
      // client-go's rest.InClusterConfig wording
      throw new IOException(
          "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and"
              + " KUBERNETES_SERVICE_PORT must be defined");
    }
    ClientBuilder b = new ClientBuilder().setBasePath(ic.baseUrl());
    if (Files.exists(ic.caFile())) {
      b.setCertificateAuthority(Files.readAllBytes(ic.caFile()));
    }
    try {
      b.setAuthentication(new TokenFileAuthentication(ic.tokenFile().toString()));
    } catch (RuntimeException e) {
      throw new IOException("cannot read service account token " + ic.tokenFile(), e);
    }
    return b.build();
  }

  private static ApiClient apiServer(ClientSettings s) throws IOException {
    HttpClientConfig h = s.http();
    ApiClient c = new ClientBuilder().setBasePath(s.apiServer().toString()).build();
    OkHttpClient.Builder ok = c.getHttpClient().newBuilder();
    // TLS, redirects, HTTP/2, proxy and headers as prometheus/common's round tripper sets them.
    TlsContext tls = h.newTlsContext();
    ok.sslSocketFactory(tls.sslContext().getSocketFactory(), tls.trustManager());
    if (h.tlsConfig().insecureSkipVerify() || !h.tlsConfig().serverName().isEmpty()) {
      // the trust manager verifies the name (server_name) or nothing (insecure_skip_verify)
      ok.hostnameVerifier((host, session) -> true);
    }
    ok.followRedirects(h.followRedirects()).followSslRedirects(h.followRedirects());
    ok.protocols(
        h.enableHttp2() ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1) : List.of(Protocol.HTTP_1_1));
    ProxySelector proxy = h.newProxySelector();
    if (proxy != null) {
      ok.proxySelector(proxy);
    }
    RequestHeaders headers = h.newRequestHeaders();
    ok.addInterceptor(
        chain -> {
          Request.Builder r = chain.request().newBuilder();
          headers.authorization().ifPresent(a -> r.header("Authorization", a));
          headers
              .extraHeaders()
              .forEach((name, values) -> values.forEach(v -> r.addHeader(name, v)));
          return chain.proceed(r.build());
        });
    c.setHttpClient(ok.build());
    return c;
  }

  /**
   * A list or watch call on a collection.
   *
   * @param resourceVersion sent when non-null
   * @param watchTimeout for watches: the server-side timeout; null for lists
   */
  Call call(
      ResourceKind kind,
      String namespace,
      KubernetesSdConfig.Selector selector,
      String resourceVersion,
      Duration watchTimeout)
      throws ApiException {
    List<Pair> query = new ArrayList<>();
    if (selector != null && !selector.label().isEmpty()) {
      query.add(new Pair("labelSelector", selector.label()));
    }
    if (selector != null && !selector.field().isEmpty()) {
      query.add(new Pair("fieldSelector", selector.field()));
    }
    if (resourceVersion != null) {
      query.add(new Pair("resourceVersion", resourceVersion));
    }
    if (watchTimeout != null) {
      query.add(new Pair("allowWatchBookmarks", "true"));
      query.add(new Pair("timeoutSeconds", Long.toString(watchTimeout.toSeconds())));
      query.add(new Pair("watch", "true"));
    }
    Map<String, String> headers = new HashMap<>();
    headers.put("Accept", "application/json");
    return client.buildCall(
        client.getBasePath(),
        kind.path(namespace),
        "GET",
        query,
        new ArrayList<>(),
        null,
        headers,
        new HashMap<>(),
        new HashMap<>(),
        AUTH_NAMES,
        null);
  }

  /** The server's base URL for messages: a password in it shown as Go's URL.Redacted shows it. */
  String basePath() {
    return GoUrl.redact(client.getBasePath());
  }

  /**
   * {@code message} with every credential this connection has sent replaced by {@code <secret>}.
   */
  String redact(String message) {
    String m = message;
    for (String s : secrets) {
      if (s.length() >= 3) { // shorter ones would mangle messages and hide nothing
        m = m.replace(s, "<secret>");
      }
    }
    return m;
  }

  @Override
  public void close() {
    OkHttpClient http = client.getHttpClient();
    http.dispatcher().cancelAll();
    http.connectionPool().evictAll();
  }
}
