package io.promsd.sd.kubernetes;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.kubernetes.KubeObject.Container;
import io.promsd.sd.kubernetes.KubeObject.ContainerPort;
import io.promsd.sd.kubernetes.KubeObject.Pod;
import io.promsd.sd.kubernetes.KubernetesSdConfig.AttachMetadata;
import io.promsd.sd.spi.GoNet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The pods an Endpoints or EndpointSlice object points at, with the ports its endpoints covered;
 * the container ports left over become extra targets ({@code endpoints.go} and {@code
 * endpointslice.go} both do this after their address loops). Also the container-port labels both
 * roles put on targets that point at pods.
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
      List<Container> containers = containers(pod, compat);
      for (int i = 0; i < containers.size(); i++) {
        Container c = containers.get(i);
        for (ContainerPort cp : c.ports()) {
          if (sp.ports.contains((long) cp.containerPort())) {
            continue;
          }
          String port = Integer.toString(cp.containerPort());
          Labels.Builder t =
              Labels.builder().set(MetaLabels.ADDRESS, GoNet.joinHostPort(pod.podIp(), port));
          containerLabels(t, compat, c, cp, port, cp.protocol(), i >= pod.containers().size());
          PodRole.podLabels(t, pod, replicaSets, jobs, attach);
          targets.add(t.build());
        }
      }
    }
  }

  /**
   * Sets the container labels of the container port numbered {@code port}, if {@code pod} has one,
   * the protocol label from {@code protocol}. A later container with the same port number
   * overwrites an earlier one: Prometheus's break only leaves the port loop.
   */
  static void matchingContainerPort(
      Labels.Builder t,
      Pod pod,
      Compat compat,
      long port,
      Function<ContainerPort, String> protocol) {
    List<Container> containers = containers(pod, compat);
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      for (ContainerPort cp : c.ports()) {
        if (port == cp.containerPort()) {
          String number = Long.toString(port);
          boolean init = i >= pod.containers().size();
          containerLabels(t, compat, c, cp, number, protocol.apply(cp), init);
          break;
        }
      }
    }
  }

  /**
   * The labels of port {@code cp} of container {@code c}: name, image, port name, number and
   * protocol, and (3.0) whether it is an init container.
   */
  private static void containerLabels(
      Labels.Builder t,
      Compat compat,
      Container c,
      ContainerPort cp,
      String portNumber,
      String protocol,
      boolean init) {
    t.set(PodRole.CONTAINER_NAME, c.name());
    t.set(PodRole.CONTAINER_IMAGE, c.image());
    t.set(PodRole.CONTAINER_PORT_NAME, cp.name());
    t.set(PodRole.CONTAINER_PORT_NUMBER, portNumber);
    t.set(PodRole.CONTAINER_PORT_PROTOCOL, protocol);
    if (compat != Compat.PROMETHEUS_2) {
      t.set(PodRole.CONTAINER_INIT, Boolean.toString(init));
    }
  }

  /** Regular containers then init containers (3.0); 2.42 looks at regular containers only. */
  static List<Container> containers(Pod pod, Compat compat) {
    if (compat == Compat.PROMETHEUS_2 || pod.initContainers().isEmpty()) {
      return pod.containers();
    }
    List<Container> all = new ArrayList<>(pod.containers());
    all.addAll(pod.initContainers());
    return all;
  }
}
