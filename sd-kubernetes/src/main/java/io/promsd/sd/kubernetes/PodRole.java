package io.promsd.sd.kubernetes;

import static io.promsd.sd.kubernetes.MetaLabels.PREFIX;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.Container;
import io.promsd.sd.kubernetes.KubeObject.ContainerPort;
import io.promsd.sd.kubernetes.KubeObject.OwnerRef;
import io.promsd.sd.kubernetes.KubeObject.Pod;
import io.promsd.sd.kubernetes.KubernetesSdConfig.AttachMetadata;
import io.promsd.sd.kubernetes.KubernetesSdConfig.Role;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code pod} role (discovery/kubernetes/pod.go): one target per container port, or per
 * container without ports. Also home of {@link #podLabels}, which the endpoints and endpointslice
 * roles attach to targets that point at pods, as Prometheus shares {@code podLabels}.
 */
final class PodRole implements RoleWatch {
  static final String CONTAINER_NAME = PREFIX + "pod_container_name";
  static final String CONTAINER_ID = PREFIX + "pod_container_id";
  static final String CONTAINER_IMAGE = PREFIX + "pod_container_image";
  static final String CONTAINER_PORT_NAME = PREFIX + "pod_container_port_name";
  static final String CONTAINER_PORT_NUMBER = PREFIX + "pod_container_port_number";
  static final String CONTAINER_PORT_PROTOCOL = PREFIX + "pod_container_port_protocol";
  static final String CONTAINER_INIT = PREFIX + "pod_container_init";

  static final String REPLICASET_INDEX = "replicaset";
  static final String JOB_INDEX = "job";

  private final InformerSet informers;
  private final Compat compat;
  private final AttachMetadata attach;
  private ResourceView pods;
  private ResourceView nodes;
  private ResourceView namespaces;
  private ResourceView replicaSets;
  private ResourceView jobs;

  PodRole(InformerSet informers) {
    this.informers = informers;
    this.compat = informers.config().compat();
    this.attach = informers.config().attachMetadata();
  }

  @Override
  public void register(WorkQueue queue) {
    pods = informers.namespaced(ResourceKind.PODS, Role.POD);
    pods.addHandler(ResourceView.enqueueing(queue));
    if (attach.node()) {
      nodes = informers.attachNodes(queue, pods, o -> List.of(((Pod) o).nodeName()));
    }
    if (attach.namespace()) {
      namespaces = informers.attachNamespaces(queue, pods);
    }
    if (attach.deployment()) {
      replicaSets = informers.namespaced(ResourceKind.REPLICASETS, null);
      pods.addIndex(REPLICASET_INDEX, o -> controllerKey(o, "ReplicaSet"));
      replicaSets.addHandler(
          ResourceView.reenqueueing(queue, pods, REPLICASET_INDEX, KubeObject::key));
    }
    if (attach.job() || attach.cronjob()) {
      jobs = informers.namespaced(ResourceKind.JOBS, null);
      pods.addIndex(JOB_INDEX, o -> controllerKey(o, "Job"));
      jobs.addHandler(ResourceView.reenqueueing(queue, pods, JOB_INDEX, KubeObject::key));
    }
  }

  private static List<String> controllerKey(KubeObject o, String kind) {
    OwnerRef c = o.meta().controller();
    if (c == null || !c.kind().equals(kind)) {
      return List.of();
    }
    return List.of(o.meta().namespace() + "/" + c.name());
  }

  @Override
  public TargetGroup build(String key) {
    KubeObject o = pods.get(key);
    if (!(o instanceof Pod pod)) {
      return TargetGroup.empty("pod/" + key);
    }
    String source = "pod/" + pod.key();
    // PodIP can be empty when a pod is starting or has been evicted.
    if (pod.podIp().isEmpty()) {
      return TargetGroup.empty(source);
    }
    // since 3.11: pods on nodes missing from the node store (filtered out by node selectors)
    if (attach.node() && compat != Compat.PROMETHEUS_2 && nodes.get(pod.nodeName()) == null) {
      return TargetGroup.empty(source);
    }
    Labels.Builder g = Labels.builder();
    podLabels(g, pod, replicaSets, jobs, attach);
    g.set(MetaLabels.NAMESPACE, pod.meta().namespace());
    if (attach.node()) {
      MetaLabels.node(g, nodes, pod.nodeName(), compat);
    }
    if (attach.namespace()) {
      MetaLabels.namespace(g, namespaces, pod.meta().namespace());
    }

    List<Labels> targets = new ArrayList<>();
    int regular = pod.containers().size();
    List<Container> all = new ArrayList<>(pod.containers());
    all.addAll(pod.initContainers());
    for (int i = 0; i < all.size(); i++) {
      Container c = all.get(i);
      boolean init = i >= regular;
      String id = (init ? pod.initContainerIds() : pod.containerIds()).getOrDefault(c.name(), "");
      if (c.ports().isEmpty()) {
        // No ports: the pod IP alone; the user adds a port by relabeling.
        targets.add(
            Labels.builder()
                .set(MetaLabels.ADDRESS, pod.podIp())
                .set(CONTAINER_NAME, c.name())
                .set(CONTAINER_ID, id)
                .set(CONTAINER_IMAGE, c.image())
                .set(CONTAINER_INIT, Boolean.toString(init))
                .build());
        continue;
      }
      for (ContainerPort p : c.ports()) {
        String port = Integer.toString(p.containerPort());
        targets.add(
            Labels.builder()
                .set(MetaLabels.ADDRESS, GoNet.joinHostPort(pod.podIp(), port))
                .set(CONTAINER_NAME, c.name())
                .set(CONTAINER_ID, id)
                .set(CONTAINER_IMAGE, c.image())
                .set(CONTAINER_PORT_NUMBER, port)
                .set(CONTAINER_PORT_NAME, p.name())
                .set(CONTAINER_PORT_PROTOCOL, p.protocol())
                .set(CONTAINER_INIT, Boolean.toString(init))
                .build());
      }
    }
    return new TargetGroup(source, g.build(), targets);
  }

  /**
   * {@code podLabels} (pod.go): IP, readiness, phase, node, host IP, UID, name, labels,
   * annotations, controller, and (3.11) deployment, job and cronjob names. No namespace label.
   * {@code replicaSets} and {@code jobs} are null when not attached.
   */
  static void podLabels(
      Labels.Builder b,
      Pod pod,
      ResourceView replicaSets,
      ResourceView jobs,
      AttachMetadata attach) {
    b.set(PREFIX + "pod_ip", pod.podIp());
    b.set(
        PREFIX + "pod_ready",
        pod.ready() == null ? "unknown" : pod.ready().toLowerCase(Locale.ROOT));
    b.set(PREFIX + "pod_phase", pod.phase());
    b.set(PREFIX + "pod_node_name", pod.nodeName());
    b.set(PREFIX + "pod_host_ip", pod.hostIp());
    b.set(PREFIX + "pod_uid", pod.meta().uid());
    MetaLabels.objectMeta(b, pod.meta(), "pod");
    OwnerRef c = pod.meta().controller();
    if (c == null) {
      return;
    }
    b.set(PREFIX + "pod_controller_kind", c.kind());
    b.set(PREFIX + "pod_controller_name", c.name());
    String ownerKey = pod.meta().namespace() + "/" + c.name();
    if (c.kind().equals("ReplicaSet") && replicaSets != null && attach.deployment()) {
      KubeObject rs = replicaSets.get(ownerKey);
      OwnerRef rsOwner = rs == null ? null : rs.meta().controller();
      if (rsOwner != null && rsOwner.kind().equals("Deployment")) {
        b.set(PREFIX + "pod_deployment_name", rsOwner.name());
      }
    } else if (c.kind().equals("Job")) {
      if (attach.job()) {
        b.set(PREFIX + "pod_job_name", c.name());
      }
      if (jobs != null && attach.cronjob()) {
        KubeObject job = jobs.get(ownerKey);
        OwnerRef jobOwner = job == null ? null : job.meta().controller();
        if (jobOwner != null && jobOwner.kind().equals("CronJob")) {
          b.set(PREFIX + "pod_cronjob_name", jobOwner.name());
        }
      }
    }
  }
}
