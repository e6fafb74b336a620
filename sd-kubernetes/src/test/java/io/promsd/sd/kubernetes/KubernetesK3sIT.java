package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Against a real cluster (k3s in Docker): the node role through a kubeconfig file. Skipped,
 * cleanly, where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class KubernetesK3sIT {
  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.30.4-k3s1"));

  @TempDir Path tmp;

  @Test
  void discoversTheK3sNodeThroughAKubeconfig() throws Exception {
    Path kubeconfig = tmp.resolve("kubeconfig.yaml");
    Files.writeString(kubeconfig, K3S.getKubeConfigYaml(), StandardCharsets.UTF_8);
    KubernetesSdConfig config =
        DiscovererRun.parse(
            "role: node\nkubeconfig_file: " + kubeconfig + "\n", Compat.PROMETHEUS_3);
    try (DiscovererRun run = DiscovererRun.start(config, DiscovererRun.FAST)) {
      assertThat(run.ctx.await(c -> !c.state().isEmpty(), Duration.ofSeconds(60)))
          .as("errors: %s", run.ctx.errorMessages())
          .isTrue();
      assertThat(run.ctx.state().keySet()).allMatch(s -> s.startsWith("node/"));
      assertThat(run.ctx.state().values().iterator().next().targets().get(0).get("__address__"))
          .endsWith(":10250");
    }
  }
}
