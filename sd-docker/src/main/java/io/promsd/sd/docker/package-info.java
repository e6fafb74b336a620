/**
 * Docker and Docker Swarm service discovery ({@code docker_sd_configs}, {@code
 * dockerswarm_sd_configs}), as Prometheus's {@code discovery/moby} does it: the Engine API over a
 * unix socket or HTTP, its version negotiation, one target per container network and port, and the
 * swarm roles {@code services}, {@code tasks} and {@code nodes}. The public types are the two
 * config records and their factories; everything else is package-private.
 */
package io.promsd.sd.docker;
