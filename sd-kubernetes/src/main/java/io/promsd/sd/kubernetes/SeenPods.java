package io.promsd.sd.kubernetes;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.Container;
import io.promsd.sd.kubernetes.KubeObject.ContainerPort;
import io.promsd.sd.kubernetes.KubeObject.Pod;
import io.promsd.sd.kubernetes.KubernetesSdConfig.AttachMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pods an Endpoints or EndpointSlice object points at, with the ports its endpoints covered;
 * the container ports left over become extra targets ({@code endpoints.go} and {@code
 * endpointslice.go} both do this after their address loops).
 */
final class SeenPods {
  /** One pod and the endpoint port numbers seen for it. */
  static final class SeenPod {
    final Pod pod;
    final List<Long> ports = new ArrayList<>();

    SeenPod(Pod pod) {
      this.pod = pod;
    }
  }

  private final Map<String, SeenPod> byKey = new LinkedHashMap<>();

  /** The record of {@code pod}, created on first sight. */
  SeenPod see(Pod pod) {
    return byKey.computeIfAbsent(pod.key(), k -> new SeenPod(pod));
  }

  /**
   * Adds a target for every container port of the seen pods that no endpoint port covered: pod
   * labels and container labels, no endpoint labels. Pods without an IP are skipped since 2.50
   * (2.42 still produced {@code :port} addresses for them).
   */
  void addUncoveredPorts(
      List<Labels> targets,
      Compat compat,
      ResourceView replicaSets,
      ResourceView jobs,
      AttachMetadata attach) {
    for (SeenPod sp : byKey.values()) {
      Pod pod = sp.pod;
      if (pod.podIp().isEmpty() && compat != Compat.PROMETHEUS_2) {
        continue;
      }
      List<Container> containers = EndpointsRole.containers(pod, compat);
      for (int i = 0; i < containers.size(); i++) {
        Container c = containers.get(i);
        for (ContainerPort cp : c.ports()) {
          if (sp.ports.contains((long) cp.containerPort())) {
            continue;
          }
          String port = Integer.toString(cp.containerPort());
          Labels.Builder t =
              Labels.builder()
                  .set(MetaLabels.ADDRESS, MetaLabels.joinHostPort(pod.podIp(), port))
                  .set(PodRole.CONTAINER_NAME, c.name())
                  .set(PodRole.CONTAINER_IMAGE, c.image())
                  .set(PodRole.CONTAINER_PORT_NAME, cp.name())
                  .set(PodRole.CONTAINER_PORT_NUMBER, port)
                  .set(PodRole.CONTAINER_PORT_PROTOCOL, cp.protocol());
          if (compat != Compat.PROMETHEUS_2) {
            t.set(PodRole.CONTAINER_INIT, Boolean.toString(i >= pod.containers().size()));
          }
          PodRole.podLabels(t, pod, replicaSets, jobs, attach);
          targets.add(t.build());
        }
      }
    }
  }
}
