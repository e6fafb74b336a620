package io.promsd.sd.config;

import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.spi.TargetGroup;
import java.util.List;

/**
 * The {@code static_configs} of a job: all entries together form one provider, whose groups get the
 * sources {@code "0"}, {@code "1"}, ... across the job (Prometheus's {@code
 * discovery.StaticConfig}). Its discoverer sends the groups once.
 *
 * @param groups the groups, in order
 */
public record StaticSdConfig(List<TargetGroup> groups) implements SdConfig {
  /** Copies the groups. */
  public StaticSdConfig {
    groups = List.copyOf(groups);
  }

  @Override
  public String mechanism() {
    return "static";
  }

  @Override
  public Discoverer newDiscoverer() {
    return ctx -> ctx.update(groups);
  }
}
