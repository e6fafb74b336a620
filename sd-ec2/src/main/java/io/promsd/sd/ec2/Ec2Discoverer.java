package io.promsd.sd.ec2;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.RefreshDiscoverer;
import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers EC2 instances by polling, as {@code EC2Discovery} in Prometheus's {@code
 * discovery/aws/ec2.go}, on sd-core's {@link RefreshDiscoverer} (Prometheus's {@code
 * discovery/refresh}): a refresh right away, then one every {@code refresh_interval}; each
 * successful refresh sends one group (source: the region) holding every instance found; a failed
 * one sends nothing, so the last good targets stay, and is reported. Unlike Prometheus, which waits
 * for the next tick, {@link RefreshDiscoverer} retries a failed refresh sooner, backing off from 1
 * s up to the interval (design.md); the SDK retries throttling within a refresh.
 *
 * <p>The EC2 client is built on the first refresh (it is slow to build) and dropped after an {@code
 * AuthFailure} or {@code UnauthorizedOperation}, to be built afresh on the next refresh (new
 * credentials). Zone ids come from one successful {@code DescribeAvailabilityZones}, retried on
 * each refresh until it succeeds.
 *
 * <p>All state is confined to the thread running {@link #run}.
 */
final class Ec2Discoverer implements Discoverer {
  private static final Logger logger = LoggerFactory.getLogger(Ec2Discoverer.class);

  private final Ec2SdConfig config;
  private final Ec2Api.Factory apis;
  private final RegionResolver regions;

  private Ec2Api api;
  private String region;
  private Map<String, String> azIds; // null until DescribeAvailabilityZones succeeds

  Ec2Discoverer(Ec2SdConfig config, Ec2Api.Factory apis, RegionResolver regions) {
    this.config = config;
    this.apis = apis;
    this.regions = regions;
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    try {
      Duration interval = config.refreshInterval();
      if (interval.isZero() || interval.isNegative()) {
        // Prometheus's ticker panics on a zero interval; refresh once and wait to be stopped.
        new RefreshDiscoverer(Duration.ofDays(365), this::refresh).run(ctx);
      } else {
        new RefreshDiscoverer(interval, this::refresh).run(ctx);
      }
    } finally {
      dropClient();
    }
  }

  /**
   * One refresh: the group of every instance found, or an exception (the caller keeps the last good
   * groups).
   */
  List<TargetGroup> refresh() {
    Ec2Api client = client();
    if (azIds == null) {
      try {
        azIds = Map.copyOf(client.availabilityZoneIds());
      } catch (RuntimeException e) {
        logger.debug("unable to describe availability zones err={}", e.getMessage());
      }
    }
    InstanceLabels mapping = new InstanceLabels(region, config.port(), azIds, config.compat());
    List<Labels> targets = new ArrayList<>();
    try {
      client.describeInstances(
          config.filters(),
          page -> {
            for (Ec2Api.Reservation r : page) {
              for (Ec2Api.Instance inst : r.instances()) {
                Labels target = mapping.of(r.ownerId(), inst);
                if (target != null) {
                  targets.add(target);
                }
              }
            }
          });
    } catch (Ec2ApiException e) {
      if (e.isAuthError()) {
        dropClient(); // new credentials may be in place by the next refresh
      }
      throw new Ec2ApiException(
          "could not describe instances: " + e.getMessage(), e.errorCode(), e);
    }
    return List.of(new TargetGroup(region, Labels.empty(), targets));
  }

  private Ec2Api client() {
    if (api != null) {
      return api;
    }
    // 2.42 resolved the region at load; 3.x resolves it here, on every build of the client.
    region =
        config.compat() == Compat.PROMETHEUS_2 ? config.region() : regions.resolve(config.region());
    api = apis.create(config, region);
    return api;
  }

  private void dropClient() {
    if (api != null) {
      try {
        api.close();
      } catch (RuntimeException e) {
        logger.debug("closing the ec2 client failed err={}", e.getMessage());
      }
      api = null;
    }
  }
}
