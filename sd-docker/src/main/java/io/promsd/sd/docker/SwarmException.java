package io.promsd.sd.docker;

/**
 * A swarm refresh that fails on the data, with Prometheus's message: {@code error while parsing
 * address 10.0.0.1: invalid CIDR address: 10.0.0.1} for a virtual IP or task address that {@code
 * net.ParseCIDR} rejects.
 */
final class SwarmException extends Exception {
  private static final long serialVersionUID = 1L;

  SwarmException(String message) {
    super(message, null, false, false);
  }

  /** The address of a CIDR as {@code net.ParseCIDR} and {@code IP.String} give it. */
  static String cidrIp(String cidr) throws SwarmException {
    try {
      return NetAddrs.cidrIp(cidr);
    } catch (NetAddrs.AddrException e) {
      throw new SwarmException("error while parsing address " + cidr + ": " + e.getMessage());
    }
  }
}
