package io.promsd.sd.consul;

import io.promsd.sd.spi.DiscoveryContext;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the catalog watcher and the service watchers of one running discoverer share.
 *
 * @param ctx the discoverer's context (cancellation, errors)
 * @param client the Consul client
 * @param emitter where groups go
 * @param timer schedules each service watcher's next request
 * @param timing the blocking wait and the retry pause
 * @param refreshInterval the watchers' ticker period
 * @param datacenter the {@code __meta_consul_dc} value (configured or the agent's)
 * @param tagSeparator joins tags in {@code __meta_consul_tags}
 */
record Watch(
    DiscoveryContext ctx,
    ConsulClient client,
    Emitter emitter,
    ScheduledExecutorService timer,
    Timing timing,
    Duration refreshInterval,
    String datacenter,
    String tagSeparator) {}
