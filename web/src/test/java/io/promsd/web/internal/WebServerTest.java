package io.promsd.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.web.WebLimits;
import io.promsd.web.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's behaviour at the edges: Go's path cleaning, httprouter's redirects, 405 and 404,
 * limits, observation, threads and graceful shutdown. Expected answers are those Pushgateway 1.5.1
 * gives for the same requests (its routes rebuilt here), see {@code testdata/web}.
 */
class WebServerTest {
  private static final Duration T = Duration.ofSeconds(10);
  private WebServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Router pushgatewayLikeRoutes() {
    Router r = new Router();
    r.get("/metrics", "metrics", (req, resp) -> resp.error(200, "metrics"));
    r.get("/-/healthy", "healthy", (req, resp) -> resp.send(200, null, "OK".getBytes()));
    for (String suffix : List.of("", "@base64")) {
      WebHandler echo =
          (req, resp) ->
              resp.error(
                  200,
                  req.method()
                      + " job="
                      + req.pathParameter("job")
                      + " labels="
                      + req.pathParameter("labels"));
      for (String m : List.of("PUT", "POST", "DELETE")) {
        r.handle(m, "/metrics/job" + suffix + "/:job/*labels", "push", echo);
        r.handle(m, "/metrics/job" + suffix + "/:job", "push", echo);
      }
    }
    r.get(
        "/static/*filepath",
        "static",
        (req, resp) -> resp.error(200, req.pathParameter("filepath")));
    r.get("/status", "status", (req, resp) -> resp.error(200, "status"));
    Router api = new Router();
    api.get("/status", "api/v1/status", (req, resp) -> resp.error(200, "api status"));
    r.mount("/api/v1", api);
    return r;
  }

  private RawHttp.Answer send(String method, String target) throws IOException {
    return RawHttp.send("127.0.0.1", server.port(), method, target, List.of(), null, T);
  }

  @Test
  void routesLikeThePushgateway() throws IOException {
    server = WebServer.builder().listen("127.0.0.1:0").router(pushgatewayLikeRoutes()).start();
    assertThat(server.port()).isPositive();

    RawHttp.Answer a = send("PUT", "/metrics/job/j1/instance/i1");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.text()).isEqualTo("PUT job=j1 labels=/instance/i1\n");

    a = send("POST", "/metrics/job/j8/");
    assertThat(a.text()).isEqualTo("POST job=j8 labels=/\n");

    // Go decodes %2F before routing
    a = send("PUT", "/metrics/job/a%2Fb");
    assertThat(a.text()).isEqualTo("PUT job=a labels=/b\n");

    a = send("PUT", "/metrics/job/");
    assertThat(a.status()).isEqualTo(307);
    assertThat(a.header("Location")).contains("/metrics/job");
    assertThat(a.body()).isEmpty();

    a = send("PUT", "/metrics/job");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.text()).isEqualTo("404 page not found\n");
    assertThat(a.header("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(a.header("X-Content-Type-Options")).contains("nosniff");

    a = send("GET", "/metrics/");
    assertThat(a.status()).isEqualTo(301);
    assertThat(a.header("Location")).contains("/metrics");
    assertThat(a.text()).isEqualTo("<a href=\"/metrics\">Moved Permanently</a>.\n\n");

    a = send("GET", "/METRICS");
    assertThat(a.status()).isEqualTo(301);
    assertThat(a.header("Location")).contains("/metrics");

    a = send("GET", "//metrics");
    assertThat(a.status()).isEqualTo(301);
    assertThat(a.header("Location")).contains("/metrics");

    a = send("GET", "/a/../metrics?x=1");
    assertThat(a.status()).isEqualTo(301);
    assertThat(a.header("Location")).contains("/metrics?x=1");
    assertThat(a.text()).isEqualTo("<a href=\"/metrics?x=1\">Moved Permanently</a>.\n\n");

    a = send("OPTIONS", "/metrics");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("Allow")).contains("GET, OPTIONS");

    a = send("DELETE", "/metrics");
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.header("Allow")).contains("GET, OPTIONS");
    assertThat(a.text()).isEqualTo("Method Not Allowed\n");

    a = send("GET", "/metrics/job/j1");
    assertThat(a.status()).isEqualTo(405);
    assertThat(a.header("Allow")).contains("DELETE, OPTIONS, POST, PUT");

    a = send("PUT", "/metrics/job/x%zz");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.text()).isEqualTo("400 Bad Request");

    a = send("GET", "/api/v1");
    assertThat(a.status()).isEqualTo(301);
    assertThat(a.header("Location")).contains("/api/v1/");

    a = send("GET", "/api/v1/status");
    assertThat(a.text()).isEqualTo("api status\n");

    // Go's quirk: the API router redirects relative to the stripped path
    a = send("GET", "/api/v1/status/");
    assertThat(a.status()).isEqualTo(301);
    assertThat(a.header("Location")).contains("/status");

    a = send("GET", "/static");
    assertThat(a.status()).isEqualTo(301);
    assertThat(a.header("Location")).contains("/static/");

    a = send("GET", "/static/css/a.css");
    assertThat(a.text()).isEqualTo("/css/a.css\n");

    a = send("GET", "/-/healthy");
    assertThat(a.header("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(a.text()).isEqualTo("OK");
  }

  @Test
  void observerSeesRouteNamesAndSizes() throws Exception {
    // The observer runs once the answer is complete, which may be after the client has read it:
    // wait for each observation with a deadline.
    BlockingQueue<ObservedRequest> observed = new LinkedBlockingQueue<>();
    server =
        WebServer.builder()
            .listen("127.0.0.1:0")
            .router(pushgatewayLikeRoutes())
            .observer(observed::add)
            .start();
    send("PUT", "/metrics/job/j1");
    ObservedRequest first = observed.poll(T.toMillis(), TimeUnit.MILLISECONDS);
    send("GET", "/nowhere");
    ObservedRequest second = observed.poll(T.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(first).as("first observation within %s", T).isNotNull();
    assertThat(second).as("second observation within %s", T).isNotNull();
    assertThat(observed).isEmpty();
    List<ObservedRequest> seen = List.of(first, second);
    assertThat(seen.get(0).route()).isEqualTo("push");
    assertThat(seen.get(0).method()).isEqualTo("PUT");
    assertThat(seen.get(0).status()).isEqualTo(200);
    assertThat(seen.get(0).responseBytes()).isEqualTo("PUT job=j1 labels=\n".length());
    // URL + method + proto + headers (Connection: close) + host
    assertThat(seen.get(0).approximateRequestSize())
        .isEqualTo("/metrics/job/j1".length() + 3 + 8 + "Connection".length() + 5 + 15);
    assertThat(seen.get(1).route()).isEmpty();
    assertThat(seen.get(1).status()).isEqualTo(404);
  }

  @Test
  void bodyLimitIsEnforcedWhileReading() throws IOException {
    Router r =
        new Router()
            .put(
                "/upload",
                "upload",
                (req, resp) -> {
                  try (InputStream in = req.body()) {
                    resp.error(200, "read " + in.readAllBytes().length);
                  }
                });
    server =
        WebServer.builder()
            .listen("127.0.0.1:0")
            .router(r)
            .limits(WebLimits.DEFAULT.withMaxRequestBodyBytes(1000))
            .start();
    RawHttp.Answer ok =
        RawHttp.send("127.0.0.1", server.port(), "PUT", "/upload", List.of(), new byte[1000], T);
    assertThat(ok.text()).isEqualTo("read 1000\n");
    RawHttp.Answer big =
        RawHttp.send("127.0.0.1", server.port(), "PUT", "/upload", List.of(), new byte[5000], T);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.text()).isEqualTo("http: request body too large\n");
  }

  @Test
  void headerLimitAnswers431() throws IOException {
    server =
        WebServer.builder()
            .listen("127.0.0.1:0")
            .router(pushgatewayLikeRoutes())
            .limits(WebLimits.DEFAULT.withMaxRequestHeaderBytes(1024))
            .start();
    RawHttp.Answer a =
        RawHttp.send(
            "127.0.0.1",
            server.port(),
            "GET",
            "/metrics",
            List.of(Map.entry("X-Big", "x".repeat(4000))),
            null,
            T);
    assertThat(a.status()).isEqualTo(431);
  }

  @Test
  void threadsAreNamedDaemonsAndGoneAfterClose() throws IOException {
    server = WebServer.builder().listen("127.0.0.1:0").router(pushgatewayLikeRoutes()).start();
    send("GET", "/metrics");
    List<Thread> ours =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("promsd-web"))
            .toList();
    assertThat(ours).isNotEmpty().allMatch(Thread::isDaemon);
    server.close();
    server.close(); // idempotent
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && ours.stream().anyMatch(Thread::isAlive)) {
      Thread.onSpinWait();
    }
    assertThat(ours).noneMatch(Thread::isAlive);
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void closeLetsRequestsInFlightFinish() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Router r =
        new Router()
            .get(
                "/slow",
                "slow",
                (req, resp) -> {
                  entered.countDown();
                  try {
                    release.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  resp.error(200, "done");
                });
    server =
        WebServer.builder()
            .listen("127.0.0.1:0")
            .router(r)
            .shutdownTimeout(Duration.ofSeconds(10))
            .start();
    int port = server.port();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<RawHttp.Answer> slow =
          pool.submit(() -> RawHttp.send("127.0.0.1", port, "GET", "/slow", List.of(), null, T));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?> closing = pool.submit(server::close);
      release.countDown();
      RawHttp.Answer a = slow.get(10, TimeUnit.SECONDS);
      assertThat(a.text()).isEqualTo("done\n");
      closing.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listenAddressesInGoForms() throws IOException {
    server =
        WebServer.builder()
            .listen("127.0.0.1:0")
            .listen("[::1]:0")
            .router(pushgatewayLikeRoutes())
            .start();
    assertThat(server.addresses()).hasSize(2);
    assertThat(server.addresses().get(1).getPort()).isPositive();
    RawHttp.Answer a =
        RawHttp.send(
            "::1", server.addresses().get(1).getPort(), "GET", "/-/healthy", List.of(), null, T);
    assertThat(a.text()).isEqualTo("OK");
  }

  @Test
  void bindFailureInGoWords() throws IOException {
    server = WebServer.builder().listen("127.0.0.1:0").router(new Router()).start();
    String taken = "127.0.0.1:" + server.port();
    assertThatThrownBy(() -> WebServer.builder().listen(taken).router(new Router()).start())
        .isInstanceOf(IOException.class)
        .hasMessage("listen tcp " + taken + ": bind: address already in use");
  }

  @Test
  void handlerFailureIs500() throws IOException {
    Router r =
        new Router()
            .get(
                "/boom",
                "boom",
                (req, resp) -> {
                  throw new IllegalStateException("boom");
                });
    server = WebServer.builder().listen("127.0.0.1:0").router(r).start();
    RawHttp.Answer a = send("GET", "/boom");
    assertThat(a.status()).isEqualTo(500);
    assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("Internal Server Error\n");
  }
}
