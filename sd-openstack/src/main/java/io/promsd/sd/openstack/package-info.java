/**
 * {@code openstack_sd_configs}: OpenStack discovery as Prometheus's {@code discovery/openstack}
 * does it, over plain REST (Keystone v3 or v2.0 tokens, Nova servers and hypervisors, Neutron
 * floating IPs and Octavia load balancers for 3.x) with the JDK HTTP client. Public: {@link
 * io.promsd.sd.openstack.OpenStackSdConfig} and {@link
 * io.promsd.sd.openstack.OpenStackDiscovererFactory}, found through {@link
 * java.util.ServiceLoader}.
 */
package io.promsd.sd.openstack;
