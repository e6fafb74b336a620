/**
 * Kubernetes service discovery ({@code kubernetes_sd_configs}): the node, pod, service, endpoints,
 * endpointslice and ingress roles of Prometheus's {@code discovery/kubernetes}, watched through
 * list and watch on the official Kubernetes client. Embedders see two types: {@link
 * io.promsd.sd.kubernetes.KubernetesSdConfig} and {@link
 * io.promsd.sd.kubernetes.KubernetesDiscovererFactory} (registered for {@link
 * java.util.ServiceLoader}); no Kubernetes client type appears in a public signature.
 */
package io.promsd.sd.kubernetes;
