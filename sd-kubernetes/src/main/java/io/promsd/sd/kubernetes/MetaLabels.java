package io.promsd.sd.kubernetes;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.ObjectMeta;
import io.promsd.sd.spi.LabelNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The label builders every role shares, from kubernetes.go ({@code addObjectMetaLabels}, {@code
 * addObjectAnnotationsAndLabels}, {@code addNamespaceMetaLabels}) and endpoints.go ({@code
 * addNodeLabels}, {@code addNamespaceLabels}).
 */
final class MetaLabels {
  private MetaLabels() {}

  static final String PREFIX = "__meta_kubernetes_";
  static final String NAMESPACE = PREFIX + "namespace";
  static final String ADDRESS = "__address__";

  // Label names built from object label and annotation keys repeat across objects: build each
  // once. Bounded: past the limit names are built per use.
  private static final int MAX_NAMES = 100_000;
  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

  /** {@code prefix + LabelNames.sanitize(key)}, shared. */
  static String name(String prefix, String key) {
    String cacheKey = prefix + '\u0000' + key;
    String n = NAMES.get(cacheKey);
    if (n == null) {
      n = prefix + LabelNames.sanitize(key);
      if (NAMES.size() < MAX_NAMES) {
        NAMES.putIfAbsent(cacheKey, n);
      }
    }
    return n;
  }

  /** {@code __meta_kubernetes_<resource>_label_*}, {@code _labelpresent_*} and annotations. */
  static void labelsAndAnnotations(Labels.Builder b, ObjectMeta m, String resource) {
    String p = PREFIX + resource;
    m.labels()
        .forEach(
            (k, v) -> {
              b.set(name(p + "_label_", k), v);
              b.set(name(p + "_labelpresent_", k), "true");
            });
    m.annotations()
        .forEach(
            (k, v) -> {
              b.set(name(p + "_annotation_", k), v);
              b.set(name(p + "_annotationpresent_", k), "true");
            });
  }

  /** {@code __meta_kubernetes_<role>_name} plus labels and annotations. */
  static void objectMeta(Labels.Builder b, ObjectMeta m, String role) {
    b.set(PREFIX + role + "_name", m.name());
    labelsAndAnnotations(b, m, role);
  }

  /** 2.42's label-only variant: name and labels, no annotations. */
  static void nameAndLabels(Labels.Builder b, ObjectMeta m, String role) {
    b.set(PREFIX + role + "_name", m.name());
    String p = PREFIX + role;
    m.labels()
        .forEach(
            (k, v) -> {
              b.set(name(p + "_label_", k), v);
              b.set(name(p + "_labelpresent_", k), "true");
            });
  }

  /**
   * Attached namespace metadata ({@code addNamespaceLabels}): the namespace's labels and
   * annotations, no name; nothing if the namespace is not in the store.
   */
  static void namespace(Labels.Builder b, ResourceView namespaces, String ns) {
    KubeObject o = namespaces.get(ns);
    if (o != null) {
      labelsAndAnnotations(b, o.meta(), "namespace");
    }
  }

  /**
   * Attached node metadata ({@code addNodeLabels}): the node's name, labels and annotations (2.42:
   * name and labels only); nothing when {@code nodeName} is null or the node is not in the store.
   */
  static void node(Labels.Builder b, ResourceView nodes, String nodeName, Compat compat) {
    if (nodeName == null) {
      return;
    }
    KubeObject o = nodes.get(nodeName);
    if (o == null) {
      return;
    }
    if (compat == Compat.PROMETHEUS_2) {
      // v2.42.0 endpoints.go addNodeLabels: node_name (the name asked for) and labels only.
      b.set(PREFIX + "node_name", nodeName);
      String p = PREFIX + "node";
      o.meta()
          .labels()
          .forEach(
              (k, v) -> {
                b.set(name(p + "_label_", k), v);
                b.set(name(p + "_labelpresent_", k), "true");
              });
    } else {
      objectMeta(b, o.meta(), "node");
    }
  }
}
