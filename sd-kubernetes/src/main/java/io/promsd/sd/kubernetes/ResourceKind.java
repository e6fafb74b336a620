package io.promsd.sd.kubernetes;

/** The API resources discovery lists and watches, with their REST paths. */
enum ResourceKind {
  NODES("", "v1", "nodes", false),
  NAMESPACES("", "v1", "namespaces", false),
  PODS("", "v1", "pods", true),
  SERVICES("", "v1", "services", true),
  ENDPOINTS("", "v1", "endpoints", true),
  ENDPOINTSLICES("discovery.k8s.io", "v1", "endpointslices", true),
  INGRESSES("networking.k8s.io", "v1", "ingresses", true),
  REPLICASETS("apps", "v1", "replicasets", true),
  JOBS("batch", "v1", "jobs", true);

  private final String group;
  private final String version;
  private final String plural;
  private final boolean namespaced;

  ResourceKind(String group, String version, String plural, boolean namespaced) {
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.namespaced = namespaced;
  }

  boolean namespaced() {
    return namespaced;
  }

  /** The plural resource name, as RBAC names it ({@code pods}, {@code endpointslices}). */
  String plural() {
    return plural;
  }

  /** The RBAC resource with its API group, e.g. {@code discovery.k8s.io/endpointslices}. */
  String rbacName() {
    return group.isEmpty() ? plural : group + "/" + plural;
  }

  /**
   * The collection path: {@code /api/v1/pods}, {@code /api/v1/namespaces/ns/pods}, {@code
   * /apis/discovery.k8s.io/v1/namespaces/ns/endpointslices}. An empty namespace means all.
   */
  String path(String namespace) {
    StringBuilder sb = new StringBuilder();
    sb.append(group.isEmpty() ? "/api/" : "/apis/" + group + "/").append(version);
    if (namespaced && !namespace.isEmpty()) {
      sb.append("/namespaces/").append(namespace);
    }
    return sb.append('/').append(plural).toString();
  }
}
