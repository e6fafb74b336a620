package io.promsd.sd.kubernetes;

import static java.util.Objects.requireNonNull;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One entry of {@code kubernetes_sd_configs} (Prometheus's {@code kubernetes.SDConfig} in {@code
 * discovery/kubernetes/kubernetes.go}), parsed and validated.
 *
 * <p>Two configs are {@link #equals equal} exactly when they would discover the same targets, so
 * the manager runs one discoverer for them. {@link #toString()} never prints secrets: credentials
 * live in {@link #http()}, which prints them as {@code <secret>}. Immutable and thread-safe.
 *
 * @param role what to discover
 * @param apiServer the API server URL, or null for in-cluster or kubeconfig access
 * @param kubeconfigFile the kubeconfig file, resolved against the config file's directory, or null
 * @param http the inline HTTP client settings ({@code authorization}, {@code tls_config}, ...),
 *     validated (so {@code bearer_token} has become {@code authorization})
 * @param namespaces which namespaces to watch
 * @param selectors label and field selectors, per resource role
 * @param attachMetadata which related objects' metadata to attach
 * @param compat which Prometheus's labels and rules to follow
 */
public record KubernetesSdConfig(
    Role role,
    URI apiServer,
    Path kubeconfigFile,
    HttpClientConfig http,
    Namespaces namespaces,
    List<Selector> selectors,
    AttachMetadata attachMetadata,
    Compat compat)
    implements SdConfig {

  /** Checks and copies. */
  public KubernetesSdConfig {
    requireNonNull(role, "role");
    requireNonNull(http, "http");
    requireNonNull(namespaces, "namespaces");
    requireNonNull(attachMetadata, "attachMetadata");
    requireNonNull(compat, "compat");
    selectors = List.copyOf(selectors);
  }

  /** The resource a config discovers; the YAML names are Prometheus's. */
  public enum Role {
    /** {@code node}: one target per node (node.go). */
    NODE("node"),
    /** {@code pod}: one target per container port (pod.go). */
    POD("pod"),
    /** {@code service}: one target per service port (service.go). */
    SERVICE("service"),
    /** {@code endpoints}: one target per endpoint address and port (endpoints.go). */
    ENDPOINTS("endpoints"),
    /** {@code endpointslice}: one target per slice endpoint address and port (endpointslice.go). */
    ENDPOINTSLICE("endpointslice"),
    /** {@code ingress}: one target per ingress rule path (ingress.go). */
    INGRESS("ingress");

    private final String yamlName;

    Role(String yamlName) {
      this.yamlName = yamlName;
    }

    /** The name used in YAML and in {@code __meta_kubernetes_<role>_*} labels. */
    public String yamlName() {
      return yamlName;
    }

    /** The role with this YAML name, or null. */
    static Role byName(String name) {
      for (Role r : values()) {
        if (r.yamlName.equals(name)) {
          return r;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return yamlName;
    }
  }

  /**
   * The {@code namespaces} setting: no names and no own namespace means all namespaces.
   *
   * @param names namespaces to watch, in order, duplicates kept (as Prometheus keeps them)
   * @param ownNamespace whether to add the pod's own namespace (in-cluster only)
   */
  public record Namespaces(List<String> names, boolean ownNamespace) {
    /** Copies. */
    public Namespaces {
      names = List.copyOf(names);
    }

    /** All namespaces. */
    public static Namespaces all() {
      return new Namespaces(List.of(), false);
    }
  }

  /**
   * One entry of {@code selectors}: passed verbatim to the API server for that resource.
   *
   * @param role the resource the selector applies to
   * @param label a label selector in Kubernetes syntax, or empty
   * @param field a field selector in Kubernetes syntax, or empty
   */
  public record Selector(Role role, String label, String field) {
    /** Checks. */
    public Selector {
      requireNonNull(role, "role");
      requireNonNull(label, "label");
      requireNonNull(field, "field");
    }
  }

  /**
   * The {@code attach_metadata} setting. In {@code --compat=2} only {@code node} exists.
   *
   * @param node attach the node's name, labels and annotations (pod, endpoints, endpointslice)
   * @param namespace attach the namespace's labels and annotations (3.6 and later)
   * @param deployment attach {@code __meta_kubernetes_pod_deployment_name} (3.11 and later)
   * @param job attach {@code __meta_kubernetes_pod_job_name} (3.11 and later)
   * @param cronjob attach {@code __meta_kubernetes_pod_cronjob_name} (3.11 and later)
   */
  public record AttachMetadata(
      boolean node, boolean namespace, boolean deployment, boolean job, boolean cronjob) {
    /** Nothing attached. */
    public static AttachMetadata none() {
      return new AttachMetadata(false, false, false, false, false);
    }
  }

  @Override
  public String mechanism() {
    return "kubernetes";
  }

  /** A discoverer for this config; it builds its Kubernetes client only when it runs. */
  @Override
  public Discoverer newDiscoverer() {
    return new KubernetesDiscoverer(this, ClientSettings.fromConfig(this));
  }

  /** The selector for {@code resource}, or null if none is configured. */
  Selector selectorFor(Role resource) {
    for (Selector s : selectors) {
      if (s.role() == resource) {
        return s;
      }
    }
    return null;
  }
}
