package io.promsd.sd.kubernetes;

import static io.promsd.sd.kubernetes.MetaLabels.PREFIX;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.EndpointAddress;
import io.promsd.sd.kubernetes.KubeObject.EndpointPort;
import io.promsd.sd.kubernetes.KubeObject.Endpoints;
import io.promsd.sd.kubernetes.KubeObject.ObjectRef;
import io.promsd.sd.kubernetes.KubeObject.Pod;
import io.promsd.sd.kubernetes.KubeObject.Subset;
import io.promsd.sd.kubernetes.KubernetesSdConfig.AttachMetadata;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code endpoints} role (discovery/kubernetes/endpoints.go): one target per address and port,
 * ready ones then not-ready ones, with the pod's labels when the address points at a pod, plus a
 * target for each container port of such a pod that no endpoint port covers.
 */
final class EndpointsRole implements RoleWatch {
  private static final Logger logger = LoggerFactory.getLogger(EndpointsRole.class);
  static final String POD_INDEX = "pod";

  private final InformerSet informers;
  private final Compat compat;
  private final AttachMetadata attach;
  private ResourceView endpoints;
  private ResourceView services;
  private ResourceView pods;
  private ResourceView nodes;
  private ResourceView namespaces;
  private ResourceView replicaSets;
  private ResourceView jobs;

  EndpointsRole(InformerSet informers) {
    this.informers = informers;
    this.compat = informers.config().compat();
    this.attach = informers.config().attachMetadata();
  }

  @Override
  public void register(WorkQueue queue) {
    endpoints = informers.namespaced(ResourceKind.ENDPOINTS, Role.ENDPOINTS);
    services = informers.namespaced(ResourceKind.SERVICES, Role.SERVICE);
    pods = informers.namespaced(ResourceKind.PODS, Role.POD);
    endpoints.addHandler(ResourceView.enqueueing(queue));

    // A service change re-enqueues the Endpoints object of the same name.
    services.addHandler(
        Informer.Handler.onChange(
            svc -> {
              if (endpoints.get(svc.key()) != null) {
                queue.add(svc.key());
              }
            }));

    if (compat != Compat.PROMETHEUS_2) {
      // since 2.51: a pod's phase can change without any Endpoints event (prometheus#11305).
      endpoints.addIndex(POD_INDEX, EndpointsRole::podRefs);
      pods.addHandler(
          new Informer.Handler() {
            @Override
            public void onUpdate(KubeObject old, KubeObject cur) {
              if (old instanceof Pod o && cur instanceof Pod c && !o.phase().equals(c.phase())) {
                for (KubeObject e : endpoints.byIndex(POD_INDEX, c.key())) {
                  queue.add(e.key());
                }
              }
            }
          });
    }
    if (attach.node()) {
      nodes =
          informers.attachNodes(
              queue,
              endpoints,
              compat == Compat.PROMETHEUS_2 ? EndpointsRole::nodeNames : EndpointsRole::nodeRefs);
    }
    if (attach.namespace()) {
      namespaces = informers.attachNamespaces(queue, endpoints);
    }
    if (attach.deployment()) {
      replicaSets = informers.namespaced(ResourceKind.REPLICASETS, null);
    }
    if (attach.job() || attach.cronjob()) {
      jobs = informers.namespaced(ResourceKind.JOBS, null);
    }
  }

  private static List<String> podRefs(KubeObject o) {
    List<String> out = new ArrayList<>();
    for (Subset s : ((Endpoints) o).subsets()) {
      for (EndpointAddress a : s.addresses()) {
        if (a.targetRef() != null && a.targetRef().kind().equals("Pod")) {
          out.add(a.targetRef().namespace() + "/" + a.targetRef().name());
        }
      }
    }
    return out;
  }

  /** v2.42.0 newEndpointsByNodeInformer: every address's nodeName, with or without targetRef. */
  private static List<String> nodeNames(KubeObject o) {
    List<String> out = new ArrayList<>();
    for (Subset s : ((Endpoints) o).subsets()) {
      for (EndpointAddress a : s.addresses()) {
        if (a.nodeName() != null) {
          out.add(a.nodeName());
        }
      }
    }
    return out;
  }

  /** main newIndexedEndpointsInformer: nodeName of Pod targets, name of Node targets. */
  private static List<String> nodeRefs(KubeObject o) {
    List<String> out = new ArrayList<>();
    for (Subset s : ((Endpoints) o).subsets()) {
      for (EndpointAddress a : s.addresses()) {
        if (a.targetRef() == null) {
          continue;
        }
        if (a.targetRef().kind().equals("Pod") && a.nodeName() != null) {
          out.add(a.nodeName());
        } else if (a.targetRef().kind().equals("Node")) {
          out.add(a.targetRef().name());
        }
      }
    }
    return out;
  }

  @Override
  public TargetGroup build(String key) {
    KubeObject o = endpoints.get(key);
    if (!(o instanceof Endpoints eps)) {
      return TargetGroup.empty("endpoints/" + key);
    }
    Labels.Builder g = Labels.builder();
    g.set(MetaLabels.NAMESPACE, eps.meta().namespace());
    if (services.get(eps.key()) instanceof KubeObject.Service svc) {
      ServiceRole.serviceLabels(g, svc);
    }
    if (compat == Compat.PROMETHEUS_2) {
      MetaLabels.nameAndLabels(g, eps.meta(), "endpoints"); // annotations since 2.46
    } else {
      MetaLabels.objectMeta(g, eps.meta(), "endpoints");
    }
    if (attach.namespace()) {
      MetaLabels.namespace(g, namespaces, eps.meta().namespace());
    }

    List<Labels> targets = new ArrayList<>();
    SeenPods seenPods = new SeenPods();
    for (Subset ss : eps.subsets()) {
      for (EndpointPort port : ss.ports()) {
        for (EndpointAddress addr : ss.addresses()) {
          targets.add(target(addr, port, "true", seenPods));
        }
        // The same address again, only the ready label differs.
        for (EndpointAddress addr : ss.notReadyAddresses()) {
          targets.add(target(addr, port, "false", seenPods));
        }
      }
    }
    String capacity = eps.meta().labels().getOrDefault("endpoints.kubernetes.io/over-capacity", "");
    if (capacity.equals("truncated") || capacity.equals("warning")) {
      logger.warn(
          "number of endpoints in one Endpoints object exceeds 1000, use role endpointslice"
              + " instead endpoints={} state={}",
          eps.key(),
          capacity);
    }

    // Container ports of the seen pods that no endpoint port covered.
    seenPods.addUncoveredPorts(targets, compat, replicaSets, jobs, attach);
    return new TargetGroup("endpoints/" + eps.key(), g.build(), targets);
  }

  private Labels target(EndpointAddress addr, EndpointPort port, String ready, SeenPods seenPods) {
    String portText = Long.toString(port.port());
    Labels.Builder t =
        Labels.builder()
            .set(MetaLabels.ADDRESS, GoNet.joinHostPort(addr.ip(), portText))
            .set(PREFIX + "endpoint_port_name", port.name())
            .set(PREFIX + "endpoint_port_protocol", port.protocol())
            .set(PREFIX + "endpoint_ready", ready);
    ObjectRef ref = addr.targetRef();
    if (ref != null) {
      t.set(PREFIX + "endpoint_address_target_kind", ref.kind());
      t.set(PREFIX + "endpoint_address_target_name", ref.name());
    }
    if (addr.nodeName() != null) {
      t.set(PREFIX + "endpoint_node_name", addr.nodeName());
    }
    if (!addr.hostname().isEmpty()) {
      t.set(PREFIX + "endpoint_hostname", addr.hostname());
    }
    if (attach.node()) {
      if (addr.nodeName() != null) {
        MetaLabels.node(t, nodes, addr.nodeName(), compat);
      } else if (compat != Compat.PROMETHEUS_2 && ref != null && ref.kind().equals("Node")) {
        MetaLabels.node(t, nodes, ref.name(), compat); // since 2.45
      }
    }
    Pod pod = resolvePod(pods, ref);
    if (pod == null) {
      return t.build();
    }
    SeenPods.SeenPod sp = seenPods.see(pod);
    PodRole.podLabels(t, pod, replicaSets, jobs, attach);
    // endpoints.go labels the endpoint port's protocol (endpointslice.go the container port's).
    SeenPods.matchingContainerPort(t, pod, compat, port.port(), cp -> port.protocol());
    sp.ports.add(port.port());
    return t.build();
  }

  /** The pod a target reference points at, if it is in the pod store. */
  static Pod resolvePod(ResourceView pods, ObjectRef ref) {
    if (ref == null || !ref.kind().equals("Pod")) {
      return null;
    }
    return pods.get(ref.namespace() + "/" + ref.name()) instanceof Pod p ? p : null;
  }
}
