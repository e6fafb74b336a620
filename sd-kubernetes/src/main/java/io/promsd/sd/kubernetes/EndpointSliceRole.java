package io.promsd.sd.kubernetes;

import static io.promsd.sd.kubernetes.MetaLabels.PREFIX;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.ContainerPort;
import io.promsd.sd.kubernetes.KubeObject.EndpointSlice;
import io.promsd.sd.kubernetes.KubeObject.ObjectRef;
import io.promsd.sd.kubernetes.KubeObject.Pod;
import io.promsd.sd.kubernetes.KubeObject.Service;
import io.promsd.sd.kubernetes.KubeObject.SliceEndpoint;
import io.promsd.sd.kubernetes.KubeObject.SlicePort;
import io.promsd.sd.kubernetes.KubernetesSdConfig.AttachMetadata;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code endpointslice} role (discovery/kubernetes/endpointslice.go, discovery.k8s.io/v1): one
 * target per endpoint, port and address, with the pod's labels when the endpoint points at a pod,
 * plus a target for each uncovered container port of such a pod.
 */
final class EndpointSliceRole implements RoleWatch {
  static final String SERVICE_INDEX = "service";
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final InformerSet informers;
  private final Compat compat;
  private final AttachMetadata attach;
  private ResourceView slices;
  private ResourceView services;
  private ResourceView pods;
  private ResourceView nodes;
  private ResourceView namespaces;
  private ResourceView replicaSets;
  private ResourceView jobs;

  EndpointSliceRole(InformerSet informers) {
    this.informers = informers;
    this.compat = informers.config().compat();
    this.attach = informers.config().attachMetadata();
  }

  @Override
  public void register(WorkQueue queue) {
    slices = informers.namespaced(ResourceKind.ENDPOINTSLICES, Role.ENDPOINTSLICE);
    services = informers.namespaced(ResourceKind.SERVICES, Role.SERVICE);
    pods = informers.namespaced(ResourceKind.PODS, Role.POD);
    slices.addHandler(ResourceView.enqueueing(queue));
    slices.addIndex(
        SERVICE_INDEX,
        o -> {
          String svc = o.meta().labels().get(SERVICE_NAME_LABEL);
          return svc == null ? List.of() : List.of(o.meta().namespace() + "/" + svc);
        });
    // A service change re-enqueues its slices; pod changes trigger nothing in this role.
    services.addHandler(ResourceView.reenqueueing(queue, slices, SERVICE_INDEX, KubeObject::key));
    if (attach.node()) {
      nodes =
          informers.attachNodes(
              queue,
              slices,
              compat == Compat.PROMETHEUS_2
                  ? EndpointSliceRole::nodeNames
                  : EndpointSliceRole::nodeRefs);
    }
    if (attach.namespace()) {
      namespaces = informers.attachNamespaces(queue, slices);
    }
    if (attach.deployment()) {
      replicaSets = informers.namespaced(ResourceKind.REPLICASETS, null);
    }
    if (attach.job() || attach.cronjob()) {
      jobs = informers.namespaced(ResourceKind.JOBS, null);
    }
  }

  /** v2.42.0 newEndpointSlicesByNodeInformer: every endpoint's nodeName. */
  private static List<String> nodeNames(KubeObject o) {
    List<String> out = new ArrayList<>();
    for (SliceEndpoint e : ((EndpointSlice) o).endpoints()) {
      if (e.nodeName() != null) {
        out.add(e.nodeName());
      }
    }
    return out;
  }

  /** main newIndexedEndpointSlicesInformer: nodeName of Pod targets, name of Node targets. */
  private static List<String> nodeRefs(KubeObject o) {
    List<String> out = new ArrayList<>();
    for (SliceEndpoint e : ((EndpointSlice) o).endpoints()) {
      if (e.targetRef() == null) {
        continue;
      }
      if (e.targetRef().kind().equals("Pod") && e.nodeName() != null) {
        out.add(e.nodeName());
      } else if (e.targetRef().kind().equals("Node")) {
        out.add(e.targetRef().name());
      }
    }
    return out;
  }

  @Override
  public TargetGroup build(String key) {
    KubeObject o = slices.get(key);
    if (!(o instanceof EndpointSlice eps)) {
      return TargetGroup.empty("endpointslice/" + key);
    }
    Labels.Builder g = Labels.builder();
    g.set(MetaLabels.NAMESPACE, eps.meta().namespace());
    g.set(PREFIX + "endpointslice_address_type", eps.addressType());
    if (compat == Compat.PROMETHEUS_2) {
      g.set(PREFIX + "endpointslice_name", eps.meta().name()); // labels/annotations since 2.46
    } else {
      MetaLabels.objectMeta(g, eps.meta(), "endpointslice");
    }
    Service svc = null;
    String svcName = eps.meta().labels().get(SERVICE_NAME_LABEL);
    if (svcName != null
        && services.get(eps.meta().namespace() + "/" + svcName) instanceof Service s) {
      svc = s;
      ServiceRole.serviceLabels(g, s);
    }
    if (attach.namespace()) {
      MetaLabels.namespace(g, namespaces, eps.meta().namespace());
    }
    if (compat != Compat.PROMETHEUS_2 && nonPrimaryIpFamilySlice(svc, eps)) {
      return new TargetGroup("endpointslice/" + eps.key(), g.build(), List.of());
    }

    List<Labels> targets = new ArrayList<>();
    SeenPods seenPods = new SeenPods();
    for (SliceEndpoint ep : eps.endpoints()) {
      for (SlicePort port : eps.ports()) {
        for (String addr : ep.addresses()) {
          targets.add(target(addr, ep, port, seenPods));
        }
      }
    }
    seenPods.addUncoveredPorts(targets, compat, replicaSets, jobs, attach);
    return new TargetGroup("endpointslice/" + eps.key(), g.build(), targets);
  }

  /**
   * Since 3.11: the secondary slice of a dual-stack service (address type other than the service's
   * first IP family) would duplicate the primary's targets, so it gets none.
   */
  private static boolean nonPrimaryIpFamilySlice(Service svc, EndpointSlice eps) {
    if (svc == null || svc.ipFamilyPolicy() == null) {
      return false;
    }
    String policy = svc.ipFamilyPolicy();
    if (!policy.equals("PreferDualStack") && !policy.equals("RequireDualStack")) {
      return false;
    }
    if (svc.ipFamilies().isEmpty()) {
      return false;
    }
    return !eps.addressType().equals(svc.ipFamilies().get(0));
  }

  private Labels target(String addr, SliceEndpoint ep, SlicePort port, SeenPods seenPods) {
    String a = port.port() == null ? addr : GoNet.joinHostPort(addr, Long.toString(port.port()));
    Labels.Builder t = Labels.builder().set(MetaLabels.ADDRESS, a);
    String p = PREFIX + "endpointslice_";
    if (port.name() != null) {
      t.set(p + "port_name", port.name());
    }
    if (port.protocol() != null) {
      t.set(p + "port_protocol", port.protocol());
    }
    if (port.port() != null) {
      t.set(p + "port", Long.toString(port.port()));
    }
    if (port.appProtocol() != null) {
      t.set(p + "port_app_protocol", port.appProtocol());
    }
    if (ep.ready() != null) {
      t.set(p + "endpoint_conditions_ready", ep.ready().toString());
    }
    if (ep.serving() != null) {
      t.set(p + "endpoint_conditions_serving", ep.serving().toString());
    }
    if (ep.terminating() != null) {
      t.set(p + "endpoint_conditions_terminating", ep.terminating().toString());
    }
    if (ep.hostname() != null) {
      t.set(p + "endpoint_hostname", ep.hostname());
    }
    ObjectRef ref = ep.targetRef();
    if (ref != null) {
      t.set(p + "address_target_kind", ref.kind());
      t.set(p + "address_target_name", ref.name());
    }
    if (compat != Compat.PROMETHEUS_2) {
      if (ep.nodeName() != null) {
        t.set(p + "endpoint_node_name", ep.nodeName()); // since 2.52
      }
      if (ep.zone() != null) {
        t.set(p + "endpoint_zone", ep.zone());
      }
    }
    ep.deprecatedTopology()
        .forEach(
            (k, v) -> {
              t.set(MetaLabels.name(p + "endpoint_topology_", k), v);
              t.set(MetaLabels.name(p + "endpoint_topology_present_", k), "true");
            });
    if (attach.node()) {
      if (compat != Compat.PROMETHEUS_2 && ref != null && ref.kind().equals("Node")) {
        MetaLabels.node(t, nodes, ref.name(), compat);
      } else {
        MetaLabels.node(t, nodes, ep.nodeName(), compat);
      }
    }
    Pod pod = EndpointsRole.resolvePod(pods, ref);
    if (pod == null) {
      return t.build();
    }
    SeenPods.SeenPod sp = seenPods.see(pod);
    PodRole.podLabels(t, pod, replicaSets, jobs, attach);
    if (port.port() != null) {
      // endpointslice.go labels the container port's protocol (endpoints.go the endpoint port's).
      SeenPods.matchingContainerPort(t, pod, compat, port.port(), ContainerPort::protocol);
      sp.ports.add(port.port());
    }
    return t.build();
  }
}
