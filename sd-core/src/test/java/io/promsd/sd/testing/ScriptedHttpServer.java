package io.promsd.sd.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The scripted HTTP server of {@code testdata/http/gen/fake_http.py} (which records the HTTP and
 * the Eureka cases), in Java, on 127.0.0.1: every request, on any path, gets the next answer of the
 * script (the last one repeats), and is recorded. An answer may be delayed (released early when the
 * server closes) or redirect.
 */
public final class ScriptedHttpServer implements AutoCloseable {
  /** The request headers a {@link Request} keeps, as the recorder logs them. */
  public static final List<String> RECORDED_HEADERS =
      List.of(
          "user-agent",
          "accept",
          "x-prometheus-refresh-interval-seconds",
          "authorization",
          "x-custom");

  /** One scripted answer. */
  public record Answer(
      int status, Map<String, String> headers, String body, double delaySeconds, String redirect) {
    /** A 200 answer with a JSON content type. */
    public static Answer json(String body) {
      return new Answer(200, Map.of("Content-Type", "application/json"), body, 0, null);
    }

    /** An answer of this status with a JSON content type and an empty array. */
    public static Answer status(int status) {
      return new Answer(status, Map.of("Content-Type", "application/json"), "[]", 0, null);
    }

    /** This answer, sent after {@code seconds}. */
    public Answer delayed(double seconds) {
      return new Answer(status, headers, body, seconds, redirect);
    }
  }

  /** One received request. */
  public record Request(String method, String path, String query, Map<String, String> headers) {}

  private final LoopbackHttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile List<Answer> script = List.of(Answer.json("[]"));
  private int served;

  private ScriptedHttpServer() throws IOException {
    server = LoopbackHttpServer.start(this::handle);
  }

  /** A server listening on an ephemeral port of 127.0.0.1, answering {@code []}. */
  public static ScriptedHttpServer start() throws IOException {
    return new ScriptedHttpServer();
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String base() {
    return "http://127.0.0.1:" + port();
  }

  /** Replaces the script; the next request gets its first answer. */
  public synchronized ScriptedHttpServer script(List<Answer> answers) {
    script = List.copyOf(answers);
    served = 0;
    return this;
  }

  /** Every request received so far, in order. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private synchronized Answer next(Request r) {
    requests.add(r);
    List<Answer> s = script;
    Answer a = s.get(Math.min(served, s.size() - 1));
    served++;
    return a;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> hs = new LinkedHashMap<>();
      for (String h : RECORDED_HEADERS) {
        String v = ex.getRequestHeaders().getFirst(h);
        if (v != null) {
          hs.put(h, v);
        }
      }
      String q = ex.getRequestURI().getRawQuery();
      Answer a =
          next(
              new Request(
                  ex.getRequestMethod(), ex.getRequestURI().getRawPath(), q == null ? "" : q, hs));
      if (a.delaySeconds() > 0) {
        try {
          closing.await((long) (a.delaySeconds() * 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      if (a.redirect() != null) {
        ex.getResponseHeaders().set("Location", a.redirect());
      }
      byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
      boolean noBody = a.status() == 204 || a.status() == 304 || body.length == 0;
      ex.sendResponseHeaders(a.status(), noBody ? -1 : body.length);
      if (!noBody) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      // the client went away (timeouts): nothing to answer
    }
  }

  /** Releases delayed answers and stops the server. */
  @Override
  public void close() {
    closing.countDown();
    server.close();
  }
}
