package io.promsd.sd.kubernetes;

import io.promsd.sd.httpclient.HttpClientConfig;
import java.net.URI;
import java.nio.file.Path;

/**
 * How a discoverer reaches the API server, derived from its config (kubernetes.go {@code New}): a
 * kubeconfig file, an explicit {@code api_server} with the inline HTTP settings, or the pod's
 * service account (in-cluster). The in-cluster locations are fields so tests can point them at
 * temporary files and a local fake.
 *
 * @param mode which of the three
 * @param apiServer the URL for {@link Mode#API_SERVER}
 * @param kubeconfig the file for {@link Mode#KUBECONFIG}
 * @param http the inline HTTP settings for {@link Mode#API_SERVER}
 * @param inCluster the service-account locations for {@link Mode#IN_CLUSTER}
 */
record ClientSettings(
    Mode mode, URI apiServer, Path kubeconfig, HttpClientConfig http, InCluster inCluster) {

  enum Mode {
    KUBECONFIG,
    IN_CLUSTER,
    API_SERVER
  }

  /**
   * The service account as a pod sees it: {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and the
   * files under {@code /var/run/secrets/kubernetes.io/serviceaccount/}.
   *
   * @param baseUrl the API server URL, or null when the environment does not say
   */
  record InCluster(String baseUrl, Path tokenFile, Path caFile, Path namespaceFile) {
    static final Path DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    static InCluster fromEnvironment() {
      String host = System.getenv("KUBERNETES_SERVICE_HOST");
      String port = System.getenv("KUBERNETES_SERVICE_PORT");
      String url = null;
      if (host != null && !host.isEmpty() && port != null && !port.isEmpty()) {
        url = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
      }
      return new InCluster(
          url, DIR.resolve("token"), DIR.resolve("ca.crt"), DIR.resolve("namespace"));
    }
  }

  static ClientSettings fromConfig(KubernetesSdConfig c) {
    if (c.kubeconfigFile() != null) {
      return new ClientSettings(Mode.KUBECONFIG, null, c.kubeconfigFile(), c.http(), null);
    }
    if (c.apiServer() == null) {
      return new ClientSettings(Mode.IN_CLUSTER, null, null, c.http(), InCluster.fromEnvironment());
    }
    return new ClientSettings(Mode.API_SERVER, c.apiServer(), null, c.http(), null);
  }
}
