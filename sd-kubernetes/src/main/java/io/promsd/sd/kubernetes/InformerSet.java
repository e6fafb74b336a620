package io.promsd.sd.kubernetes;

import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The informers of one running discoverer, created on demand and shared: a role that needs nodes
 * for two reasons gets one node informer, where Prometheus's endpoints role starts one per watched
 * namespace. Namespaces and nodes are always cluster-wide; nodes carry the node selectors,
 * namespaces none (kubernetes.go {@code newNodeInformer}, {@code newNamespaceInformer}).
 */
final class InformerSet {
  private final ApiConnection conn;
  private final ObjectDecoder decoder;
  private final KubernetesSdConfig config;
  private final List<String> namespaces;
  private final Informer.ErrorSink errors;
  private final Backoff.Settings backoff;
  private final Map<String, Informer> byKey = new LinkedHashMap<>();

  InformerSet(
      ApiConnection conn,
      KubernetesSdConfig config,
      List<String> namespaces,
      Informer.ErrorSink errors,
      Backoff.Settings backoff) {
    this.conn = conn;
    this.decoder = new ObjectDecoder();
    this.config = config;
    this.namespaces = List.copyOf(namespaces);
    this.errors = errors;
    this.backoff = backoff;
  }

  KubernetesSdConfig config() {
    return config;
  }

  /** A namespaced resource in every watched namespace, with the selector of {@code role}. */
  ResourceView namespaced(ResourceKind kind, Role selectorRole) {
    KubernetesSdConfig.Selector sel =
        selectorRole == null ? null : config.selectorFor(selectorRole);
    List<Informer> out = new ArrayList<>();
    for (String ns : namespaces) {
      out.add(informer(kind, ns, sel));
    }
    return new ResourceView(kind, out);
  }

  /** The cluster-wide node informer, with the node selectors. */
  ResourceView nodes() {
    return new ResourceView(
        ResourceKind.NODES,
        List.of(informer(ResourceKind.NODES, "", config.selectorFor(Role.NODE))));
  }

  /** The cluster-wide namespace informer (no selectors: namespaces.names does not apply). */
  ResourceView namespaceObjects() {
    return new ResourceView(
        ResourceKind.NAMESPACES, List.of(informer(ResourceKind.NAMESPACES, "", null)));
  }

  private Informer informer(ResourceKind kind, String ns, KubernetesSdConfig.Selector sel) {
    String key = kind + "|" + ns;
    return byKey.computeIfAbsent(
        key, k -> new Informer(conn, decoder, kind, ns, sel, errors, backoff));
  }

  List<Informer> all() {
    return List.copyOf(byKey.values());
  }
}
