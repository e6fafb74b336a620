package io.promsd.sd.kubernetes;

import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The informers of one running discoverer, created on demand and shared: a role that needs nodes
 * for two reasons gets one node informer, where Prometheus's endpoints role starts one per watched
 * namespace. Namespaces and nodes are always cluster-wide; nodes carry the node selectors,
 * namespaces none (kubernetes.go {@code newNodeInformer}, {@code newNamespaceInformer}).
 */
final class InformerSet {
  private static final String NODE_INDEX = "node";
  private static final String NAMESPACE_INDEX = "namespace";

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

  /**
   * The node informer for {@code attach_metadata: node}: indexes {@code objects} by the node names
   * {@code nodeNames} gives for each, and re-enqueues a node's objects when the node is added,
   * updated or deleted.
   */
  ResourceView attachNodes(
      WorkQueue queue, ResourceView objects, Function<KubeObject, Collection<String>> nodeNames) {
    ResourceView nodes = nodes();
    objects.addIndex(NODE_INDEX, nodeNames);
    nodes.addHandler(ResourceView.reenqueueing(queue, objects, NODE_INDEX, o -> o.meta().name()));
    return nodes;
  }

  /**
   * The namespace informer for {@code attach_metadata: namespace}: indexes {@code objects} by
   * namespace and re-enqueues a namespace's objects when the namespace is updated; adds and deletes
   * are left to the objects' own events, as in Prometheus.
   */
  ResourceView attachNamespaces(WorkQueue queue, ResourceView objects) {
    ResourceView namespaces = namespaceObjects();
    objects.addIndex(NAMESPACE_INDEX, o -> List.of(o.meta().namespace()));
    namespaces.addHandler(
        new Informer.Handler() {
          @Override
          public void onUpdate(KubeObject old, KubeObject cur) {
            for (KubeObject o : objects.byIndex(NAMESPACE_INDEX, cur.meta().name())) {
              queue.add(o.key());
            }
          }
        });
    return namespaces;
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
