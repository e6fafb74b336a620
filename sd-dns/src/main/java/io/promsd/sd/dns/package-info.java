/**
 * {@code dns_sd_configs}: targets from DNS SRV, A, AAAA, MX and (3.x) NS records, looked up as
 * Prometheus looks them up ({@code discovery/dns/dns.go} over miekg/dns): {@code /etc/resolv.conf}
 * read for every lookup, its search list and {@code ndots}, each server in turn, NXDOMAIN as an
 * empty answer, truncation retried over TCP, and the last good targets kept for a name that fails.
 * {@link io.promsd.sd.dns.DnsDiscovererFactory} is found by {@link java.util.ServiceLoader}; the
 * rest is internal.
 */
package io.promsd.sd.dns;
