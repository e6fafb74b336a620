package io.promsd.sd.kubernetes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * One resource kind across the namespaces a discoverer watches: one informer per namespace, or a
 * single cluster-wide one (kubernetes.go starts them the same way). Lookups go to the informer of
 * the key's namespace.
 */
final class ResourceView {
  private final ResourceKind kind;
  private final List<Informer> informers;

  ResourceView(ResourceKind kind, List<Informer> informers) {
    this.kind = kind;
    this.informers = List.copyOf(informers);
  }

  ResourceKind kind() {
    return kind;
  }

  List<Informer> informers() {
    return informers;
  }

  /** The object with key {@code namespace/name} (or {@code name}), or null. */
  KubeObject get(String key) {
    if (informers.size() == 1) {
      return informers.get(0).get(key);
    }
    int slash = key.indexOf('/');
    String ns = slash < 0 ? "" : key.substring(0, slash);
    for (Informer i : informers) {
      if (i.namespace().isEmpty() || i.namespace().equals(ns)) {
        KubeObject o = i.get(key);
        if (o != null) {
          return o;
        }
      }
    }
    return null;
  }

  List<KubeObject> byIndex(String index, String value) {
    if (informers.size() == 1) {
      return informers.get(0).byIndex(index, value);
    }
    List<KubeObject> out = new ArrayList<>();
    for (Informer i : informers) {
      out.addAll(i.byIndex(index, value));
    }
    return out;
  }

  void addHandler(Informer.Handler h) {
    for (Informer i : informers) {
      i.addHandler(h);
    }
  }

  void addIndex(String name, Function<KubeObject, Collection<String>> fn) {
    for (Informer i : informers) {
      i.addIndex(name, fn);
    }
  }

  /** A handler that sends every added, updated and deleted object's key to {@code queue}. */
  static Informer.Handler enqueueing(WorkQueue queue) {
    return Informer.Handler.onChange(o -> queue.add(o.key()));
  }

  /**
   * A handler for a related kind: every added, updated and deleted related object re-enqueues the
   * {@code objects} indexed under {@code index} with the value {@code indexValue} gives for it.
   */
  static Informer.Handler reenqueueing(
      WorkQueue queue,
      ResourceView objects,
      String index,
      Function<KubeObject, String> indexValue) {
    return Informer.Handler.onChange(
        related -> {
          for (KubeObject o : objects.byIndex(index, indexValue.apply(related))) {
            queue.add(o.key());
          }
        });
  }
}
