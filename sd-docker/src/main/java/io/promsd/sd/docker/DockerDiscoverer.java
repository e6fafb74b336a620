package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.RefreshDiscoverer;
import io.promsd.sd.spi.TargetGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Discovers Docker containers by polling, as {@code DockerDiscovery} in Prometheus's {@code
 * discovery/moby/docker.go}, on sd-core's {@link RefreshDiscoverer}: a refresh right away, then one
 * every {@code refresh_interval}. A refresh lists the containers ({@code GET /vX/containers/json},
 * with the filters; 2.42 also sends {@code limit=0}) and the networks ({@code GET /vX/networks})
 * and sends one group, source {@code Docker}, with every target; a failed one sends nothing, so the
 * last good targets stay, and is reported with Prometheus's message ({@code error while listing
 * containers: ...}). Unlike Prometheus, which waits for the next tick, {@link RefreshDiscoverer}
 * retries a failed refresh sooner, backing off from 1 s up to the interval.
 *
 * <p>The client (and its API version) lives as long as the discoverer, as in Prometheus. All state
 * is confined to the thread running {@link #run}.
 */
final class DockerDiscoverer implements Discoverer {
  private final DockerSdConfig config;
  private final Map<String, TreeSet<String>> filters;
  private final MobyRefresh.LazyClient engine;

  DockerDiscoverer(DockerSdConfig config, EngineClient.Factory clients) {
    this.config = config;
    // parsed now: a bad host fails newDiscoverer(), as NewDockerDiscovery fails in Prometheus
    this.engine =
        new MobyRefresh.LazyClient(
            clients,
            EngineHost.parse(config.host(), "docker", config.compat()),
            config.httpClient(),
            config.compat(),
            config.refreshInterval());
    this.filters = EngineQuery.filterSets(config.filters());
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    engine.run(ctx, this::refresh);
  }

  List<TargetGroup> refresh() throws MobyRefresh.RefreshException, InterruptedException {
    EngineClient client = engine.get();
    boolean v3 = config.compat() == Compat.PROMETHEUS_3;
    EngineTypes.Schema schema = EngineTypes.of(config.compat());
    Map<String, String> params = new LinkedHashMap<>();
    // 2.42 encodes the filters with the version known before this request negotiates it
    // (ContainerList calls ToParamWithVersion before get), and always sends limit=0.
    boolean legacy = !v3 && EngineClient.lessThan(client.version(), "1.22");
    String f = EngineQuery.filtersJson(filters, legacy, v3);
    params.put("filters", f.isEmpty() ? null : f);
    if (!v3) {
      params.put("limit", "0");
    }
    List<Object> containers =
        MobyRefresh.list(
            client,
            "/containers/json",
            EngineQuery.encode(params),
            schema.containers(),
            "error while listing containers: ");
    List<Object> networks =
        MobyRefresh.list(
            client, "/networks", "", schema.networks(), "error while computing network labels: ");
    List<Labels> targets;
    try {
      targets =
          ContainerTargets.of(
              containers, NetworkLabels.of(networks, ContainerTargets.PREFIX), config);
    } catch (ContainerTargets.PanicException e) {
      throw new MobyRefresh.RefreshException(e.getMessage());
    }
    return List.of(new TargetGroup("Docker", Labels.empty(), targets));
  }
}
