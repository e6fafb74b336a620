package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.TargetGroup;
import java.time.Duration;
import java.util.List;

/**
 * Reaches the package-private Docker discoverer for the benchmarks. Lives only in the bench module,
 * in sd-docker's package, as {@code io.promsd.relabel.BenchAccess} does for the relabel engine.
 */
public final class DockerBenchAccess {
  private final DockerDiscoverer discoverer;
  private final DockerSdConfig config;

  private DockerBenchAccess(DockerSdConfig config) {
    this.config = config;
    this.discoverer = new DockerDiscoverer(config, EngineClient.factory());
  }

  /** A discoverer for {@code host} that the benchmark refreshes by hand. */
  public static DockerBenchAccess discoverer(
      String host, Compat compat, boolean matchFirstNetwork) {
    return new DockerBenchAccess(
        new DockerSdConfig(
            host,
            80,
            List.of(),
            "localhost",
            Duration.ofSeconds(60),
            matchFirstNetwork,
            HttpClientConfig.defaults(compat),
            compat));
  }

  /** One refresh (the client and its negotiated version are kept, as between real refreshes). */
  public List<TargetGroup> refresh() throws Exception {
    return discoverer.refresh();
  }

  /** A refresh without the I/O: decode both answers and build the targets; the target count. */
  public int decodeAndBuild(byte[] containers, byte[] networks) throws Exception {
    EngineTypes.Schema schema = EngineTypes.of(config.compat());
    @SuppressWarnings("unchecked")
    List<Object> c =
        (List<Object>) GoJsonDecoder.decode(containers, containers.length, schema.containers());
    @SuppressWarnings("unchecked")
    List<Object> n =
        (List<Object>) GoJsonDecoder.decode(networks, networks.length, schema.networks());
    return ContainerTargets.of(c, NetworkLabels.of(n, ContainerTargets.PREFIX), config).size();
  }

  /** Only the decoding of the container list; the number of containers. */
  public int decode(byte[] containers) throws Exception {
    EngineTypes.Schema schema = EngineTypes.of(config.compat());
    return ((List<?>) GoJsonDecoder.decode(containers, containers.length, schema.containers()))
        .size();
  }
}
