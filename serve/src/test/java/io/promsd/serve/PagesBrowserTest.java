package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import io.promsd.web.testing.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages in headless Chromium (skipped without it) on the bundled example: what a person sees
 * (job names, counts, a dropped target's rule, a file_sd edit appearing without a reload, the
 * relabel steps and the config with its secret hidden) and no console errors. The counts expected
 * are promtool 2.42's ({@code testdata/examples/expected}). With {@code -Dpromsd.screenshots=DIR}
 * the pages are also saved there as PNG (the README's screenshots).
 */
class PagesBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path dir;

  private static int[] promtoolCounts(String job) throws Exception {
    JsonNode results =
        JSON.readTree(
            Fixture.testdata()
                .resolve("examples/expected/promtool-2.42-" + job + ".json")
                .toFile());
    int active = 0;
    int dropped = 0;
    for (JsonNode r : results) {
      if (r.get("labels").isEmpty()) {
        dropped++;
      } else {
        active++;
      }
    }
    return new int[] {active, dropped};
  }

  @Test
  void targetsRelabelAndConfigPages() throws Exception {
    Browser.assumeAvailable();
    Fixture.copyTree(Fixture.testdata().resolve("examples"), dir);
    // a secret, which the config page must hide
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "  - job_name: prometheus\n",
                "  - job_name: prometheus\n    basic_auth:\n      username: admin\n      password: hunter2\n"));
    String shots = System.getProperty("promsd.screenshots", "");
    try (DiscoveryServer s =
            DiscoveryServer.builder(config)
                .compat(Compat.PROMETHEUS_2)
                .listen("127.0.0.1:0")
                .updateInterval(Duration.ZERO)
                .start();
        Browser browser = Browser.launch()) {
      assertThat(s.awaitReady(WAIT)).isTrue();
      try (Browser.Page page = browser.open(s.uri().resolve("/"))) {
        assertThat(page.texts("section.job .jobname"))
            .containsExactly("prometheus", "node", "blackbox-http");
        for (String job : List.of("prometheus", "node", "blackbox-http")) {
          int[] want = promtoolCounts(job);
          String sel = "section.job[data-job='" + job + "'] ";
          assertThat(page.text(sel + ".active-count")).as(job).isEqualTo(Integer.toString(want[0]));
          assertThat(page.text(sel + ".dropped-count"))
              .as(job)
              .isEqualTo(Integer.toString(want[1]));
        }
        assertThat(page.texts("section.job[data-job='node'] tr.dropped .why"))
            .allSatisfy(
                t ->
                    assertThat(t)
                        .startsWith("dropped by rule 0")
                        .contains("production")
                        .contains("keep"));
        assertThat(page.texts("section.job[data-job='blackbox-http'] a.url"))
            .allSatisfy(u -> assertThat(u).startsWith("http://blackbox-exporter:9115/probe?"));
        assertThat(page.texts("tr.provider")).isNotEmpty();
        shoot(page, shots, "serve-targets.png");

        // the filter box hides what does not match
        page.type("#filter", "blackbox");
        page.waitFor(
            "[...document.querySelectorAll('section.job')].filter(s => s.style.display !== 'none')"
                + ".map(s => s.dataset.job).join() === 'blackbox-http'",
            WAIT);
        page.evaluate("document.getElementById('filter').value=''; applyFilter(); 0");

        // a file_sd edit appears without reloading the page
        int before = promtoolCounts("node")[0];
        Files.writeString(
            dir.resolve("targets/nodes-rack3.json"),
            "[{\"targets\": [\"10.0.3.10\"], \"labels\": {\"env\": \"production\", \"datacenter\": \"X\"}}]");
        page.waitFor(
            "document.querySelector(\"section.job[data-job='node'] .active-count\").textContent === '"
                + (before + 1)
                + "'",
            WAIT);
        assertThat(page.bodyText()).contains("10.0.3.10:9100");
        assertThat(page.consoleErrors()).isEmpty();

        // the relabel steps of a dropped target
        page.evaluate(
            "location.href = document.querySelector(\"section.job[data-job='node'] tr.dropped a.steps\").href; 0");
        page.waitFor("document.getElementById('outcome') !== null", WAIT);
        assertThat(page.text("#outcome")).startsWith("dropped by rule 0");
        assertThat(page.text("#trace")).contains("keep");
        shoot(page, shots, "serve-relabel.png");
        assertThat(page.consoleErrors()).isEmpty();
      }
      try (Browser.Page page = browser.open(s.uri().resolve("/config"))) {
        assertThat(page.text("#config")).contains("password: <secret>").doesNotContain("hunter2");
        assertThat(page.consoleErrors()).isEmpty();
      }
    }
  }

  private static void shoot(Browser.Page page, String dir, String name) throws Exception {
    if (!dir.isEmpty()) {
      page.screenshot(Path.of(dir).resolve(name));
    }
  }
}
