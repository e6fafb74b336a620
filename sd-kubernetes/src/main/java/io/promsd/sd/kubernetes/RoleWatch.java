package io.promsd.sd.kubernetes;

import io.promsd.sd.spi.TargetGroup;

/**
 * The part of a discoverer that knows one role: which informers it needs and how an object becomes
 * a target group. One implementation per Prometheus file: {@link NodeRole} (node.go), {@link
 * PodRole} (pod.go), {@link ServiceRole} (service.go), {@link EndpointsRole} (endpoints.go), {@link
 * EndpointSliceRole} (endpointslice.go), {@link IngressRole} (ingress.go).
 *
 * <p>Handlers only put keys of primary objects on the queue; {@link #build} runs on the
 * discoverer's thread and reads the informers' stores.
 */
interface RoleWatch {
  /** Creates the role's informers and hooks their handlers to {@code queue}. Called once. */
  void register(WorkQueue queue);

  /**
   * The group for the primary object with {@code key}: built from the store, or with only its
   * source when the object is gone; null when nothing must be sent (a node without addresses).
   */
  TargetGroup build(String key);

  static RoleWatch create(InformerSet informers) {
    return switch (informers.config().role()) {
      case NODE -> new NodeRole(informers);
      case POD -> new PodRole(informers);
      case SERVICE -> new ServiceRole(informers);
      case ENDPOINTS -> new EndpointsRole(informers);
      case ENDPOINTSLICE -> new EndpointSliceRole(informers);
      case INGRESS -> new IngressRole(informers);
    };
  }
}
