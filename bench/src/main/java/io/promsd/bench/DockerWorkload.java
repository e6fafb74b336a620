package io.promsd.bench;

/**
 * The Docker scale workload: a container list and a network list in the shapes a Docker 20.10
 * daemon answers at API 1.41, generated deterministically. Each container has a name, an image, 2
 * TCP ports (the second published on 0.0.0.0) and a UDP port, 8 labels (compose and Prometheus
 * ones), and an endpoint on each of the 3 networks {@code front}, {@code back} and {@code
 * monitoring}.
 */
final class DockerWorkload {
  private DockerWorkload() {}

  static final String[] NETWORKS = {"front", "back", "monitoring"};

  static String id(String kind, int i) {
    // 64 hex digits, distinct per kind and index (no hashing needed for a benchmark).
    String s = String.format(java.util.Locale.ROOT, "%08x%08x", kind.hashCode(), i);
    return s.repeat(4);
  }

  static String containers(int n) {
    StringBuilder sb = new StringBuilder(n * 3300);
    sb.append('[');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      int a = 2 + i / 250;
      int b = 2 + i % 250;
      sb.append("{\"Id\":\"").append(id("ctr", i)).append("\",");
      sb.append("\"Names\":[\"/app_svc").append(i % 50).append('_').append(i).append("\"],");
      sb.append("\"Image\":\"registry.example/app/svc")
          .append(i % 50)
          .append(":1.")
          .append(i % 7)
          .append("\",");
      sb.append("\"ImageID\":\"sha256:").append(id("img", i % 50)).append("\",");
      sb.append("\"Command\":\"/entrypoint.sh serve\",\"Created\":1709287200,");
      sb.append("\"Ports\":[{\"PrivatePort\":8080,\"Type\":\"tcp\"},")
          .append("{\"IP\":\"0.0.0.0\",\"PrivatePort\":9100,\"PublicPort\":")
          .append(20000 + i)
          .append(",\"Type\":\"tcp\"},{\"PrivatePort\":8125,\"Type\":\"udp\"}],");
      sb.append("\"Labels\":{\"com.docker.compose.project\":\"app\",")
          .append("\"com.docker.compose.service\":\"svc")
          .append(i % 50)
          .append("\",\"com.docker.compose.version\":\"2.24.6\",")
          .append("\"com.docker.compose.container-number\":\"")
          .append(i / 50 + 1)
          .append("\",\"com.docker.compose.oneoff\":\"False\",")
          .append("\"prometheus-job\":\"svc")
          .append(i % 50)
          .append("\",\"prometheus.io/port\":\"9100\",\"team\":\"team-")
          .append(i % 9)
          .append("\"},");
      sb.append("\"State\":\"running\",\"Status\":\"Up 3 days\",");
      sb.append("\"HostConfig\":{\"NetworkMode\":\"front\"},\"NetworkSettings\":{\"Networks\":{");
      for (int k = 0; k < NETWORKS.length; k++) {
        if (k > 0) {
          sb.append(',');
        }
        String net = NETWORKS[k];
        int octet = 21 + k;
        sb.append('"')
            .append(net)
            .append("\":{\"IPAMConfig\":null,\"Links\":null,")
            .append("\"Aliases\":[\"svc")
            .append(i % 50)
            .append("\"],")
            .append("\"NetworkID\":\"")
            .append(id("net", k))
            .append("\",")
            .append("\"EndpointID\":\"")
            .append(id("ep" + k, i))
            .append("\",")
            .append("\"Gateway\":\"172.")
            .append(octet)
            .append(".0.1\",")
            .append("\"IPAddress\":\"172.")
            .append(octet)
            .append('.')
            .append(a)
            .append('.')
            .append(b)
            .append("\",\"IPPrefixLen\":16,\"IPv6Gateway\":\"\",")
            .append("\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,")
            .append("\"MacAddress\":\"02:42:ac:")
            .append(String.format(java.util.Locale.ROOT, "%02x:%02x:%02x", octet, a, b))
            .append("\",\"DriverOpts\":null}");
      }
      sb.append("}},\"Mounts\":[]}");
    }
    return sb.append(']').toString();
  }

  static String networks() {
    StringBuilder sb = new StringBuilder("[");
    String[] all = {"bridge", "host", "none", "front", "back", "monitoring"};
    for (int k = 0; k < all.length; k++) {
      if (k > 0) {
        sb.append(',');
      }
      String id = k < 3 ? id("base", k) : id("net", k - 3);
      sb.append("{\"Name\":\"")
          .append(all[k])
          .append("\",\"Id\":\"")
          .append(id)
          .append("\",\"Created\":\"2024-03-01T10:00:00.000000000Z\",\"Scope\":\"local\",")
          .append("\"Driver\":\"bridge\",\"EnableIPv6\":false,")
          .append("\"IPAM\":{\"Driver\":\"default\",\"Options\":null,\"Config\":[]},")
          .append("\"Internal\":")
          .append(all[k].equals("back"))
          .append(",\"Attachable\":false,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},")
          .append("\"ConfigOnly\":false,\"Containers\":{},\"Options\":{},")
          .append("\"Labels\":{\"com.docker.compose.network\":\"")
          .append(all[k])
          .append("\",\"com.docker.compose.project\":\"app\"}}");
    }
    return sb.append(']').toString();
  }
}
