package io.promsd.sd.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * The few fields of Kubernetes objects that discovery reads, decoded tolerantly by {@link
 * ObjectDecoder} (unknown fields are ignored, missing ones take Go's zero values). Values are
 * immutable; strings are shared where they repeat across objects.
 */
sealed interface KubeObject {
  ObjectMeta meta();

  /** The store key: {@code namespace/name}, or {@code name} for cluster-scoped objects. */
  default String key() {
    return meta().key();
  }

  /** {@code metadata}: name, namespace, uid, resourceVersion, labels, annotations, controller. */
  record ObjectMeta(
      String name,
      String namespace,
      String uid,
      String resourceVersion,
      Map<String, String> labels,
      Map<String, String> annotations,
      OwnerRef controller) {
    String key() {
      return namespace.isEmpty() ? name : namespace + "/" + name;
    }
  }

  /** The first owner reference with {@code controller: true}. */
  record OwnerRef(String kind, String name) {}

  /** An {@code ObjectReference} ({@code targetRef}); fields may be empty. */
  record ObjectRef(String kind, String name, String namespace) {}

  /** An object of which only the metadata matters: Namespace, ReplicaSet, Job. */
  record MetaOnly(ObjectMeta meta) implements KubeObject {}

  /** A pod. {@code ready} is the Ready condition's status, or null when there is none. */
  record Pod(
      ObjectMeta meta,
      String nodeName,
      String podIp,
      String hostIp,
      String phase,
      String ready,
      List<Container> containers,
      List<Container> initContainers,
      Map<String, String> containerIds,
      Map<String, String> initContainerIds)
      implements KubeObject {}

  /** A container of a pod spec. */
  record Container(String name, String image, List<ContainerPort> ports) {}

  /** A container port. */
  record ContainerPort(String name, int containerPort, String protocol) {}

  /** A node. */
  record Node(
      ObjectMeta meta,
      String providerId,
      List<Condition> conditions,
      List<Address> addresses,
      long kubeletPort)
      implements KubeObject {}

  /** A node condition. */
  record Condition(String type, String status) {}

  /** A node address. */
  record Address(String type, String address) {}

  /** A service. */
  record Service(
      ObjectMeta meta,
      List<ServicePort> ports,
      String type,
      String clusterIp,
      String externalName,
      String loadBalancerIp,
      List<String> loadBalancerIngressIps,
      String ipFamilyPolicy,
      List<String> ipFamilies)
      implements KubeObject {}

  /** A service port. */
  record ServicePort(String name, long port, String protocol) {}

  /** An Endpoints object. */
  record Endpoints(ObjectMeta meta, List<Subset> subsets) implements KubeObject {}

  /** An endpoints subset. */
  record Subset(
      List<EndpointAddress> addresses,
      List<EndpointAddress> notReadyAddresses,
      List<EndpointPort> ports) {}

  /** An endpoint address; {@code nodeName} and {@code targetRef} may be null. */
  record EndpointAddress(String ip, String hostname, String nodeName, ObjectRef targetRef) {}

  /** An endpoints port. */
  record EndpointPort(String name, long port, String protocol) {}

  /** A discovery.k8s.io/v1 EndpointSlice. */
  record EndpointSlice(
      ObjectMeta meta, String addressType, List<SlicePort> ports, List<SliceEndpoint> endpoints)
      implements KubeObject {}

  /** A slice port; every field may be null (Go pointers). */
  record SlicePort(String name, Long port, String protocol, String appProtocol) {}

  /** A slice endpoint; nullable fields are Go pointers. */
  record SliceEndpoint(
      List<String> addresses,
      Boolean ready,
      Boolean serving,
      Boolean terminating,
      String hostname,
      String nodeName,
      String zone,
      ObjectRef targetRef,
      Map<String, String> deprecatedTopology) {}

  /** A networking.k8s.io/v1 Ingress. */
  record Ingress(
      ObjectMeta meta, String ingressClassName, List<IngressRule> rules, List<String> tlsHosts)
      implements KubeObject {}

  /** An ingress rule; {@code paths} is null when the rule has no {@code http} block. */
  record IngressRule(String host, List<String> paths) {}
}
