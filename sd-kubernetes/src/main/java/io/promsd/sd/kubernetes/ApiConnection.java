package io.promsd.sd.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import io.kubernetes.client.util.credentials.TokenFileAuthentication;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The connection to one API server: client-java's {@link ApiClient} (kubeconfig loading with its
 * auth plugins, in-cluster service account, TLS, token refresh, OkHttp) used as transport only.
 * Building it costs most of a second, so {@link KubernetesDiscoverer#run} opens it, never {@code
 * parse} or {@code newDiscoverer}. Thread-safe.
 */
final class ApiConnection implements AutoCloseable {
  private static final String[] AUTH_NAMES = {"BearerToken"};
  private final ApiClient client;

  private ApiConnection(ApiClient client) {
    this.client = client;
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
    return new ApiConnection(c);
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
    KubernetesHttpConfig h = s.http();
    if (!h.unsupported().isEmpty()) {
      throw new IOException(
          "http settings not supported yet by the kubernetes discoverer: " + h.unsupported());
    }
    String base = s.apiServer().toString();
    ClientBuilder b = new ClientBuilder().setBasePath(base);
    KubernetesHttpConfig.Tls tls = h.tls();
    b.setVerifyingSsl(!tls.insecureSkipVerify());
    if (!tls.serverName().isEmpty()) {
      b.setTlsServerName(tls.serverName());
    }
    if (tls.certFile() != null && tls.keyFile() != null) {
      b.setAuthentication(
          new ClientCertificateAuthentication(
              Files.readAllBytes(tls.certFile()), Files.readAllBytes(tls.keyFile())));
    }
    if (tls.caFile() != null) {
      b.setCertificateAuthority(Files.readAllBytes(tls.caFile()));
    }
    if (!h.enableHttp2()) {
      b.setProtocols(List.of(Protocol.HTTP_1_1));
    }
    ApiClient c = b.build();
    OkHttpClient.Builder ok = c.getHttpClient().newBuilder();
    ok.followRedirects(h.followRedirects()).followSslRedirects(h.followRedirects());
    if (h.proxyUrl() != null) {
      int port = h.proxyUrl().getPort() > 0 ? h.proxyUrl().getPort() : 80;
      ok.proxy(
          new Proxy(
              Proxy.Type.HTTP, InetSocketAddress.createUnresolved(h.proxyUrl().getHost(), port)));
    }
    if (h.basicAuth() != null || h.authorization() != null) {
      ok.addInterceptor(
          chain ->
              chain.proceed(
                  chain.request().newBuilder().header("Authorization", authorization(h)).build()));
    }
    c.setHttpClient(ok.build());
    return c;
  }

  /** The Authorization header; credential files are read per request, as Prometheus does. */
  private static String authorization(KubernetesHttpConfig h) throws IOException {
    if (h.basicAuth() != null) {
      KubernetesHttpConfig.BasicAuth b = h.basicAuth();
      String password =
          b.passwordFile() != null
              ? Files.readString(b.passwordFile()).strip()
              : b.password().reveal();
      String raw = b.username() + ":" + password;
      return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
    KubernetesHttpConfig.Authorization a = h.authorization();
    String credentials =
        a.credentialsFile() != null
            ? Files.readString(a.credentialsFile()).strip()
            : a.credentials().reveal();
    return a.type() + " " + credentials;
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

  /** The server's base URL (for messages). */
  String basePath() {
    return client.getBasePath();
  }

  @Override
  public void close() {
    OkHttpClient http = client.getHttpClient();
    http.dispatcher().cancelAll();
    http.connectionPool().evictAll();
  }
}
