package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.util.List;
import java.util.Map;

/**
 * Discovers Docker Swarm services, tasks or nodes by polling, as {@code Discovery} in Prometheus's
 * {@code discovery/moby/dockerswarm.go}: each refresh sends one group, source {@code DockerSwarm}.
 * Role {@code nodes} lists {@code /vX/nodes} (filtered); {@code services} lists {@code
 * /vX/services} (filtered) and {@code /vX/networks}; {@code tasks} lists {@code /vX/tasks}
 * (filtered), then every service, node and network. Timing and faults as {@link DockerDiscoverer}.
 */
final class SwarmDiscoverer implements Discoverer {
  private final DockerSwarmSdConfig config;
  private final String filtersQuery;
  private final MobyRefresh.LazyClient engine;

  SwarmDiscoverer(DockerSwarmSdConfig config, EngineClient.Factory clients) {
    this.config = config;
    // parsed now: a bad host fails newDiscoverer(), as NewDockerDiscovery fails in Prometheus
    this.engine =
        new MobyRefresh.LazyClient(
            clients,
            EngineHost.parse(config.host(), "docker swarm", config.compat()),
            config.httpClient(),
            config.compat(),
            config.refreshInterval());
    String f =
        EngineQuery.filtersJson(
            EngineQuery.filterSets(config.filters()),
            false,
            config.compat() == Compat.PROMETHEUS_3);
    this.filtersQuery =
        f.isEmpty() ? "" : "filters=" + io.promsd.sd.internal.httpclient.GoUrl.queryEscape(f);
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    engine.run(ctx, this::refresh);
  }

  List<TargetGroup> refresh() throws MobyRefresh.RefreshException, InterruptedException {
    EngineClient client = engine.get();
    EngineTypes.Schema schema = EngineTypes.of(config.compat());
    List<Labels> targets;
    try {
      targets =
          switch (config.role()) {
            case NODES ->
                SwarmNodes.targets(
                    MobyRefresh.list(
                        client,
                        "/nodes",
                        filtersQuery,
                        schema.nodes(),
                        "error while listing swarm nodes: "),
                    config.port());
            case SERVICES -> services(schema);
            case TASKS -> tasks(schema);
          };
    } catch (ContainerTargets.PanicException | SwarmException e) {
      throw new MobyRefresh.RefreshException(e.getMessage());
    }
    return List.of(new TargetGroup("DockerSwarm", Labels.empty(), targets));
  }

  private List<Labels> services(EngineTypes.Schema schema)
      throws MobyRefresh.RefreshException,
          InterruptedException,
          ContainerTargets.PanicException,
          SwarmException {
    List<Object> services =
        MobyRefresh.list(
            engine.get(),
            "/services",
            filtersQuery,
            schema.services(),
            "error while listing swarm services: ");
    Map<String, Labels> networks = networks(schema);
    return SwarmServices.targets(services, networks, config.port(), config.compat());
  }

  private List<Labels> tasks(EngineTypes.Schema schema)
      throws MobyRefresh.RefreshException, InterruptedException, SwarmException {
    // tasks.go: the listing error says "services", as Prometheus writes it.
    List<Object> tasks =
        MobyRefresh.list(
            engine.get(),
            "/tasks",
            filtersQuery,
            schema.tasks(),
            "error while listing swarm services: ");
    SwarmServices.ForTasks services =
        SwarmServices.forTasks(
            MobyRefresh.list(
                engine.get(),
                "/services",
                "",
                schema.services(),
                "error while computing services labels and ports: "));
    Map<String, Labels> nodes =
        SwarmNodes.labelsById(
            MobyRefresh.list(
                engine.get(),
                "/nodes",
                "",
                schema.nodes(),
                "error while computing nodes labels and ports: error while listing swarm nodes: "));
    return SwarmTasks.targets(tasks, services, nodes, networks(schema), config.port());
  }

  private Map<String, Labels> networks(EngineTypes.Schema schema)
      throws MobyRefresh.RefreshException, InterruptedException {
    return NetworkLabels.of(
        MobyRefresh.list(
            engine.get(),
            "/networks",
            "",
            schema.networks(),
            "error while computing swarm network labels: "),
        SwarmServices.PREFIX);
  }
}
