package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A discovery promsd checks but does not run: {@code check config} accepts it, {@code targets} and
 * {@code check service-discovery} refuse to answer and name the job, instead of printing an empty
 * or partial target list.
 */
class CheckedOnlyDiscoveryCliTest {
  @TempDir Path tmp;

  private static final String CONFIG =
      """
      scrape_configs:
        - job_name: static
          static_configs: [{targets: ["a:9100"]}]
        - job_name: cloud
          hetzner_sd_configs:
            - role: hcloud
              authorization: {credentials: not-a-real-token}
      """;

  private String write() throws Exception {
    Path p = tmp.resolve("prometheus.yml");
    Files.writeString(p, CONFIG);
    return p.toString();
  }

  @Test
  void checkConfigAcceptsIt() throws Exception {
    CliTest.Out o = CliTest.promsd("check", "config", write());
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).contains("SUCCESS");
  }

  @Test
  void checkServiceDiscoveryNamesTheJob() throws Exception {
    CliTest.Out o = CliTest.promsd("check", "service-discovery", write(), "cloud");
    assertThat(o.code()).isEqualTo(Main.FAILED);
    assertThat(o.err())
        .contains("job \"cloud\": hetzner_sd_configs: discovery not available in promsd");
    assertThat(o.out()).isEmpty();
  }

  @Test
  void checkServiceDiscoveryOfAnotherJobStillWorks() throws Exception {
    CliTest.Out o = CliTest.promsd("check", "service-discovery", write(), "static");
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).contains("a:9100");
  }

  @Test
  void targetsNamesTheJobAndFails() throws Exception {
    CliTest.Out o = CliTest.promsd("targets", write());
    assertThat(o.code()).isEqualTo(Main.FAILED);
    assertThat(o.err())
        .contains("job \"cloud\": hetzner_sd_configs: discovery not available in promsd")
        .doesNotContain("not-a-real-token");
  }

  @Test
  void targetsOfTheOtherJobsWork() throws Exception {
    CliTest.Out o = CliTest.promsd("targets", write(), "--job", "static");
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).contains("a:9100");
  }
}
