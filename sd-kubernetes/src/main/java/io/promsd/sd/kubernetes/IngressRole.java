package io.promsd.sd.kubernetes;

import static io.promsd.sd.kubernetes.MetaLabels.PREFIX;

import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.Ingress;
import io.promsd.sd.kubernetes.KubeObject.IngressRule;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;

/** The {@code ingress} role (discovery/kubernetes/ingress.go): one target per rule path. */
final class IngressRole implements RoleWatch {
  private final InformerSet informers;
  private final boolean withNamespace;
  private ResourceView ingresses;
  private ResourceView namespaces;

  IngressRole(InformerSet informers) {
    this.informers = informers;
    this.withNamespace = informers.config().attachMetadata().namespace();
  }

  @Override
  public void register(WorkQueue queue) {
    ingresses = informers.namespaced(ResourceKind.INGRESSES, Role.INGRESS);
    ingresses.addHandler(ResourceView.enqueueing(queue));
    if (withNamespace) {
      namespaces = informers.attachNamespaces(queue, ingresses);
    }
  }

  @Override
  public TargetGroup build(String key) {
    KubeObject o = ingresses.get(key);
    if (!(o instanceof Ingress ing)) {
      return TargetGroup.empty("ingress/" + key);
    }
    Labels.Builder g = Labels.builder();
    g.set(MetaLabels.NAMESPACE, ing.meta().namespace());
    if (ing.ingressClassName() != null) {
      g.set(PREFIX + "ingress_class_name", ing.ingressClassName());
    }
    MetaLabels.objectMeta(g, ing.meta(), "ingress");
    if (withNamespace) {
      MetaLabels.namespace(g, namespaces, ing.meta().namespace());
    }
    List<Labels> targets = new ArrayList<>();
    for (IngressRule rule : ing.rules()) {
      String scheme = "http";
      for (String pattern : ing.tlsHosts()) {
        if (matchesHostnamePattern(pattern, rule.host())) {
          scheme = "https";
          break;
        }
      }
      // No http block: one path "/"; an http block without paths: no targets.
      List<String> paths = rule.paths() == null ? List.of("/") : rule.paths();
      for (String path : paths) {
        targets.add(
            Labels.builder()
                .set(MetaLabels.ADDRESS, rule.host())
                .set(PREFIX + "ingress_scheme", scheme)
                .set(PREFIX + "ingress_host", rule.host())
                .set(PREFIX + "ingress_path", path.isEmpty() ? "/" : path)
                .build());
      }
    }
    return new TargetGroup("ingress/" + ing.key(), g.build(), targets);
  }

  /**
   * Exact match, or a wildcard whose first label is {@code *} and whose other labels equal the
   * host's, with as many labels as the host ({@code matchesHostnamePattern}).
   */
  static boolean matchesHostnamePattern(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    String[] p = pattern.split("\\.", -1);
    String[] h = host.split("\\.", -1);
    if (p.length == 0 || !p[0].equals("*") || p.length != h.length) {
      return false;
    }
    for (int i = 1; i < p.length; i++) {
      if (!p[i].equals(h[i])) {
        return false;
      }
    }
    return true;
  }
}
