package io.promsd.web.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.web.internal.Router;
import io.promsd.web.internal.WebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself, on a small page served by a {@link WebServer}. Skips without Chromium. */
class BrowserTest {
  private static final String PAGE =
      """
      <!DOCTYPE html>
      <html><head><title>t</title></head><body>
      <h1>Groups</h1>
      <ul id="groups"><li class="g">job="a"</li></ul>
      <input id="filter">
      <p id="echo"></p>
      <script>
        document.getElementById('filter').addEventListener('input', e => {
          document.getElementById('echo').innerText = 'filter: ' + e.target.value;
        });
        setTimeout(() => {
          const li = document.createElement('li');
          li.className = 'g';
          li.innerText = 'job="b"';
          document.getElementById('groups').appendChild(li);
        }, 300);
      </script>
      </body></html>
      """;

  private static final String BROKEN =
      """
      <!DOCTYPE html>
      <html><body><p>broken</p>
      <script>console.error('bad thing', 42); undefinedFunction();</script>
      <img src="/missing.png">
      </body></html>
      """;

  @TempDir Path dir;

  @Test
  void loadsWaitsReadsTypesAndShoots() throws Exception {
    Browser.assumeAvailable();
    Router r =
        new Router()
            .get(
                "/",
                "page",
                (q, a) ->
                    a.send(200, "text/html; charset=utf-8", PAGE.getBytes(StandardCharsets.UTF_8)));
    try (WebServer server = WebServer.builder().listen("127.0.0.1:0").router(r).start();
        Browser browser = Browser.launch();
        Browser.Page page = browser.open(server.uri().resolve("/"))) {
      assertThat(page.text("h1")).isEqualTo("Groups");
      page.waitFor("document.querySelectorAll('li.g').length == 2", Duration.ofSeconds(10));
      assertThat(page.texts("li.g")).containsExactly("job=\"a\"", "job=\"b\"");
      page.type("#filter", "x/y");
      assertThat(page.text("#echo")).isEqualTo("filter: x/y");
      assertThat(page.evaluate("1 + 1")).isEqualTo(2.0);
      assertThat(page.consoleErrors()).isEmpty();
      Path png = dir.resolve("page.png");
      page.screenshot(png);
      byte[] b = Files.readAllBytes(png);
      assertThat(b).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      assertThatThrownBy(() -> page.waitFor("false", Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Groups");
    }
  }

  @Test
  void collectsConsoleErrorsExceptionsAndFailedLoads() throws Exception {
    Browser.assumeAvailable();
    Router r =
        new Router()
            .get(
                "/",
                "page",
                (q, a) ->
                    a.send(
                        200, "text/html; charset=utf-8", BROKEN.getBytes(StandardCharsets.UTF_8)));
    try (WebServer server = WebServer.builder().listen("127.0.0.1:0").router(r).start();
        Browser browser = Browser.launch();
        Browser.Page page = browser.open(server.uri().resolve("/"))) {
      page.waitFor("document.readyState == 'complete'", Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (page.consoleErrors().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20); // events arrive asynchronously; bounded by the deadline
      }
      assertThat(page.consoleErrors())
          .anyMatch(e -> e.equals("console.error: bad thing 42"))
          .anyMatch(e -> e.startsWith("uncaught: ReferenceError: undefinedFunction"))
          .anyMatch(e -> e.contains("404") && e.contains("/missing.png"));
    }
  }
}
