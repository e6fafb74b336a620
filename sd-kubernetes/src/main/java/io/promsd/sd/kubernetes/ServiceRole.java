package io.promsd.sd.kubernetes;

import static io.promsd.sd.kubernetes.MetaLabels.PREFIX;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.Service;
import io.promsd.sd.kubernetes.KubeObject.ServicePort;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;

/** The {@code service} role (discovery/kubernetes/service.go): one target per service port. */
final class ServiceRole implements RoleWatch {
  private final InformerSet informers;
  private final Compat compat;
  private final boolean withNamespace;
  private ResourceView services;
  private ResourceView namespaces;

  ServiceRole(InformerSet informers) {
    this.informers = informers;
    this.compat = informers.config().compat();
    this.withNamespace = informers.config().attachMetadata().namespace();
  }

  @Override
  public void register(WorkQueue queue) {
    services = informers.namespaced(ResourceKind.SERVICES, Role.SERVICE);
    services.addHandler(ResourceView.enqueueing(queue));
    if (withNamespace) {
      namespaces = informers.attachNamespaces(queue, services);
    }
  }

  /** {@code serviceLabels}: namespace, name, labels and annotations (also used by endpoints). */
  static void serviceLabels(Labels.Builder b, Service svc) {
    b.set(MetaLabels.NAMESPACE, svc.meta().namespace());
    MetaLabels.objectMeta(b, svc.meta(), "service");
  }

  @Override
  public TargetGroup build(String key) {
    KubeObject o = services.get(key);
    if (!(o instanceof Service svc)) {
      return TargetGroup.empty("svc/" + key);
    }
    Labels.Builder g = Labels.builder();
    serviceLabels(g, svc);
    if (withNamespace) {
      MetaLabels.namespace(g, namespaces, svc.meta().namespace());
    }
    List<Labels> targets = new ArrayList<>();
    for (ServicePort p : svc.ports()) {
      String port = Long.toString(p.port());
      Labels.Builder t =
          Labels.builder()
              .set(
                  MetaLabels.ADDRESS,
                  GoNet.joinHostPort(
                      svc.meta().name() + "." + svc.meta().namespace() + ".svc", port))
              .set(PREFIX + "service_port_name", p.name())
              .set(PREFIX + "service_port_number", port)
              .set(PREFIX + "service_port_protocol", p.protocol())
              .set(PREFIX + "service_type", svc.type());
      if (svc.type().equals("ExternalName")) {
        t.set(PREFIX + "service_external_name", svc.externalName());
      } else {
        t.set(PREFIX + "service_cluster_ip", svc.clusterIp());
      }
      if (svc.type().equals("LoadBalancer")) {
        t.set(PREFIX + "service_loadbalancer_ip", loadBalancerIps(svc));
      }
      targets.add(t.build());
    }
    return new TargetGroup("svc/" + svc.key(), g.build(), targets);
  }

  /**
   * Main after v3.14.0: the non-empty {@code status.loadBalancer.ingress[].ip}, comma-joined,
   * falling back to {@code spec.loadBalancerIP}; 2.42: {@code spec.loadBalancerIP} only.
   */
  private String loadBalancerIps(Service svc) {
    if (compat == Compat.PROMETHEUS_2) {
      return svc.loadBalancerIp();
    }
    List<String> ips = new ArrayList<>();
    for (String ip : svc.loadBalancerIngressIps()) {
      if (!ip.isEmpty()) {
        ips.add(ip);
      }
    }
    return ips.isEmpty() ? svc.loadBalancerIp() : String.join(",", ips);
  }
}
