package io.promsd.web.testing;

import io.promsd.relabel.internal.config.Documents;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.relabel.internal.config.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium driven over the DevTools protocol, for page tests: load a URL, wait for a
 * condition with a deadline, read text and DOM, collect console errors and uncaught exceptions,
 * take a PNG screenshot. Uses Debian's {@code /usr/bin/chromium} (or {@code $PROMSD_CHROMIUM}),
 * started with a fresh profile and talking to the test over a loopback WebSocket; tests call {@link
 * #assumeAvailable()} first so that they skip cleanly where Chromium is absent.
 *
 * <pre>{@code
 * Browser.assumeAvailable();
 * try (Browser browser = Browser.launch(); Browser.Page page = browser.open(server.uri())) {
 *   page.waitFor("document.querySelectorAll('.group').length == 2", Duration.ofSeconds(10));
 *   assertThat(page.text("h1")).isEqualTo("Push Gateway");
 *   assertThat(page.consoleErrors()).isEmpty();
 *   page.screenshot(Path.of("target/page.png"));
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one test thread drives one browser.
 */
public final class Browser implements AutoCloseable {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Node>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<Node>> listeners = new CopyOnWriteArrayList<>();

  private Browser(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** The Chromium binary: {@code $PROMSD_CHROMIUM}, else {@code /usr/bin/chromium}. */
  public static Path binary() {
    String env = System.getenv("PROMSD_CHROMIUM");
    return Path.of(env != null && !env.isEmpty() ? env : "/usr/bin/chromium");
  }

  /** Whether Chromium is installed. */
  public static boolean available() {
    return Files.isExecutable(binary());
  }

  /** Skips the calling test (JUnit assumption) when Chromium is not installed. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(available(), "Chromium is not installed at " + binary());
  }

  /** Starts a headless Chromium with a fresh profile. */
  public static Browser launch() throws IOException {
    Path profile = Files.createTempDirectory("promsd-chromium-");
    List<String> cmd =
        List.of(
            binary().toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-dev-shm-usage",
            "--remote-allow-origins=*",
            "--window-size=1280,900",
            "--user-data-dir=" + profile,
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<String> wsUrl = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  int i = line.indexOf("ws://");
                  if (line.startsWith("DevTools listening on") && i >= 0) {
                    wsUrl.complete(line.substring(i).trim());
                  }
                }
              } catch (IOException e) {
                wsUrl.completeExceptionally(e);
              }
              wsUrl.completeExceptionally(new IOException("chromium exited before listening"));
            },
            "promsd-test-chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    String url;
    try {
      url = wsUrl.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while starting chromium", e);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      deleteTree(profile);
      throw new IOException("chromium did not start: " + e.getMessage(), e);
    }
    Browser[] self = new Browser[1];
    Listener listener = new Listener(msg -> self[0].dispatch(msg));
    WebSocket ws;
    try {
      ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(URI.create(url), listener)
              .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      deleteTree(profile);
      throw new IOException("cannot connect to chromium: " + e.getMessage(), e);
    }
    self[0] = new Browser(p, profile, ws);
    return self[0];
  }

  /** Opens a new tab on {@code url} and waits for its load event. */
  public Page open(URI url) throws IOException {
    Node created = call(null, "Target.createTarget", "{\"url\":\"about:blank\"}");
    String targetId = field(created, "targetId").text();
    Node attached =
        call(
            null,
            "Target.attachToTarget",
            "{\"targetId\":" + json(targetId) + ",\"flatten\":true}");
    Page page = new Page(field(attached, "sessionId").text(), targetId);
    page.navigate(url);
    return page;
  }

  /** Closes the browser and removes its profile. */
  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the process goes anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    deleteTree(profile);
  }

  /** One tab. */
  public final class Page implements AutoCloseable {
    private final String session;
    private final String targetId;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Consumer<Node> listener = this::onEvent;
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private Page(String session, String targetId) throws IOException {
      this.session = session;
      this.targetId = targetId;
      listeners.add(listener);
      call(session, "Page.enable", "{}");
      call(session, "Runtime.enable", "{}");
      call(session, "Log.enable", "{}");
    }

    private void onEvent(Node msg) {
      Node sid = field(msg, "sessionId");
      if (sid == null || !sid.text().equals(session)) {
        return;
      }
      String method = field(msg, "method").text();
      Node params = field(msg, "params");
      switch (method) {
        case "Page.loadEventFired" -> loaded.complete(null);
        case "Runtime.consoleAPICalled" -> {
          if (field(params, "type").text().equals("error")) {
            StringBuilder sb = new StringBuilder("console.error:");
            Node args = field(params, "args");
            for (Node a : args.items()) {
              Node v = field(a, "value");
              Node d = field(a, "description");
              sb.append(' ').append(v != null ? v.text() : d != null ? d.text() : "?");
            }
            errors.add(sb.toString());
          }
        }
        case "Runtime.exceptionThrown" -> {
          Node details = field(params, "exceptionDetails");
          Node ex = field(details, "exception");
          Node desc = ex == null ? null : field(ex, "description");
          errors.add("uncaught: " + (desc != null ? desc.text() : field(details, "text").text()));
        }
        case "Log.entryAdded" -> {
          Node entry = field(params, "entry");
          Node url = field(entry, "url");
          // the browser's own /favicon.ico request is not the page's doing
          boolean favicon = url != null && url.text().endsWith("/favicon.ico");
          if (field(entry, "level").text().equals("error") && !favicon) {
            errors.add(
                "log: "
                    + field(entry, "text").text()
                    + (url == null ? "" : " (" + url.text() + ")"));
          }
        }
        default -> {}
      }
    }

    /** Loads {@code url} and waits (up to 30 s) for the load event. */
    public void navigate(URI url) throws IOException {
      loaded = new CompletableFuture<>();
      Node r = call(session, "Page.navigate", "{\"url\":" + json(url.toString()) + "}");
      Node err = field(r, "errorText");
      if (err != null && !err.text().isEmpty()) {
        throw new IOException("navigation to " + url + " failed: " + err.text());
      }
      try {
        loaded.get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("page " + url + " did not finish loading in 30 s", e);
      }
    }

    /**
     * Evaluates a JavaScript expression (awaiting a promise) and returns its value: a String, a
     * Double, a Boolean or null. Wrap objects and arrays in {@code JSON.stringify}.
     *
     * @throws IOException when the script throws, or returns an object
     */
    public Object evaluate(String expression) throws IOException {
      Node r =
          call(
              session,
              "Runtime.evaluate",
              "{\"expression\":"
                  + json(expression)
                  + ",\"returnByValue\":true,\"awaitPromise\":true}");
      Node ex = field(r, "exceptionDetails");
      if (ex != null) {
        Node e = field(ex, "exception");
        Node d = e == null ? null : field(e, "description");
        throw new IOException(
            "script failed: " + (d != null ? d.text() : field(ex, "text").text()));
      }
      Node result = field(r, "result");
      Node value = field(result, "value");
      if (value == null || value.isNull()) {
        return null;
      }
      return switch (field(result, "type").text()) {
        case "string" -> value.text();
        case "number" -> Double.parseDouble(value.text());
        case "boolean" -> Boolean.parseBoolean(value.text());
        default ->
            throw new IOException(
                "evaluate returns strings, numbers, booleans and null; wrap objects in"
                    + " JSON.stringify: "
                    + expression);
      };
    }

    /**
     * Waits until a JavaScript expression is truthy, checking every 50 ms.
     *
     * @throws AssertionError after {@code timeout}, naming the condition and the page's text
     */
    public void waitFor(String condition, Duration timeout) throws IOException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Object v = evaluate("!!(" + condition + ")");
        if (Boolean.TRUE.equals(v)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "condition not met within "
                  + timeout
                  + ": "
                  + condition
                  + "\npage text:\n"
                  + bodyText());
        }
        try {
          Thread.sleep(50); // polling interval of a deadline-bounded wait
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }

    /** The visible text of the first element matching a CSS selector, or null. */
    public String text(String selector) throws IOException {
      Object v =
          evaluate(
              "(() => { const e = document.querySelector("
                  + json(selector)
                  + "); return e ? e.innerText : null; })()");
      return (String) v;
    }

    /** The visible text of every element matching a CSS selector. */
    public List<String> texts(String selector) throws IOException {
      Object v =
          evaluate(
              "JSON.stringify(Array.from(document.querySelectorAll("
                  + json(selector)
                  + ")).map(e => e.innerText))");
      List<String> out = new ArrayList<>();
      for (Node n : Documents.parseJson((String) v, null).items()) {
        out.add(n.text());
      }
      return out;
    }

    /** The page's visible text. */
    public String bodyText() throws IOException {
      Object v = evaluate("document.body ? document.body.innerText : ''");
      return v == null ? "" : (String) v;
    }

    /** Clicks the first element matching a CSS selector. */
    public void click(String selector) throws IOException {
      evaluate("document.querySelector(" + json(selector) + ").click()");
    }

    /** Types into an input: sets its value and fires {@code input} and {@code change}. */
    public void type(String selector, String text) throws IOException {
      evaluate(
          "(() => { const e = document.querySelector("
              + json(selector)
              + "); e.value = "
              + json(text)
              + "; e.dispatchEvent(new Event('input', {bubbles: true}));"
              + " e.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    /**
     * Console errors, uncaught exceptions and error log entries (failed loads among them, except
     * the browser's own {@code /favicon.ico} request) since the tab opened.
     */
    public List<String> consoleErrors() {
      return List.copyOf(errors);
    }

    /** A PNG screenshot of the whole page. */
    public byte[] screenshot() throws IOException {
      Node metrics = call(session, "Page.getLayoutMetrics", "{}");
      Node size = field(metrics, "cssContentSize");
      if (size == null) {
        size = field(metrics, "contentSize");
      }
      double w = Double.parseDouble(field(size, "width").text());
      double h = Double.parseDouble(field(size, "height").text());
      Node r =
          call(
              session,
              "Page.captureScreenshot",
              "{\"format\":\"png\",\"captureBeyondViewport\":true,\"clip\":{\"x\":0,\"y\":0,\"width\":"
                  + Math.max(1, Math.ceil(w))
                  + ",\"height\":"
                  + Math.max(1, Math.ceil(h))
                  + ",\"scale\":1}}");
      return java.util.Base64.getDecoder().decode(field(r, "data").text());
    }

    /** Writes a PNG screenshot of the whole page to {@code file}. */
    public void screenshot(Path file) throws IOException {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.write(file, screenshot());
    }

    /** Closes the tab. */
    @Override
    public void close() throws IOException {
      listeners.remove(listener);
      call(null, "Target.closeTarget", "{\"targetId\":" + json(targetId) + "}");
    }
  }

  private Node call(String session, String method, String paramsJson) throws IOException {
    int id = ids.incrementAndGet();
    CompletableFuture<Node> f = new CompletableFuture<>();
    pending.put(id, f);
    String msg =
        "{\"id\":"
            + id
            + (session == null ? "" : ",\"sessionId\":" + json(session))
            + ",\"method\":"
            + json(method)
            + ",\"params\":"
            + paramsJson
            + "}";
    try {
      socket.sendText(msg, true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Node reply = f.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Node err = field(reply, "error");
      if (err != null) {
        throw new IOException(method + " failed: " + field(err, "message").text());
      }
      Node result = field(reply, "result");
      return result == null ? Documents.parseJson("{}", null) : result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(method + " got no answer: " + e, e);
    } finally {
      pending.remove(id);
    }
  }

  private void dispatch(String text) {
    Node msg;
    try {
      msg = Documents.parseJson(text, null);
    } catch (RuntimeException e) {
      return;
    }
    Node id = field(msg, "id");
    if (id != null) {
      CompletableFuture<Node> f = pending.get(Integer.parseInt(id.text()));
      if (f != null) {
        f.complete(msg);
      }
      return;
    }
    for (Consumer<Node> l : listeners) {
      l.accept(msg);
    }
  }

  private static Node field(Node n, String name) {
    if (n == null || n.kind() != Node.Kind.MAPPING) {
      return null;
    }
    for (Map.Entry<Node, Node> e : n.entries()) {
      if (e.getKey().text().equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String json(String s) {
    StringBuilder sb = new StringBuilder();
    GoText.appendJsonString(sb, s, false);
    return sb.toString();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind is harmless
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final Consumer<String> sink;
    private final StringBuilder buffer = new StringBuilder();

    Listener(Consumer<String> sink) {
      this.sink = sink;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String msg = buffer.toString();
        buffer.setLength(0);
        sink.accept(msg);
      }
      ws.request(1);
      return null;
    }
  }
}
