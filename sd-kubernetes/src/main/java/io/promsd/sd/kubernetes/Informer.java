package io.promsd.sd.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.kubernetes.client.openapi.ApiException;
import io.promsd.relabel.internal.config.GoText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and watches one resource in one namespace (or all), keeping a store of the decoded objects
 * and telling handlers what changed: client-go's reflector and shared informer, as each Prometheus
 * role starts them in kubernetes.go.
 *
 * <p>Protocol: list (first with {@code resourceVersion=0}), then watch from the list's
 * resourceVersion with bookmarks; a watch that ends is resumed from the last resourceVersion seen;
 * {@code 410 Gone} (as a status or as an {@code ERROR} event) re-lists from scratch and reconciles
 * the store, firing add, update and delete for the differences. Resync is off, as in Prometheus
 * ({@code resyncDisabled}). Failures back off exponentially and are reported once per kind of
 * failure, not once per retry; the store keeps the last known objects meanwhile, so targets survive
 * an API server outage.
 *
 * <p>Not a client-java {@code SharedIndexInformer}: that one retries every second without backoff
 * and reports every failed attempt, runs threads we do not name or own, and decodes with models
 * that reject unknown fields. This one uses client-java for the connection only.
 *
 * <p>Handlers run on the informer's thread after the store is updated; they must be quick (the
 * roles only enqueue keys). Reads ({@link #get}, {@link #byIndex}) are thread-safe.
 */
final class Informer {
  private static final Logger logger = LoggerFactory.getLogger(Informer.class);

  /** Receives store changes. */
  interface Handler {
    default void onAdd(KubeObject o) {}

    default void onUpdate(KubeObject old, KubeObject cur) {}

    default void onDelete(KubeObject o) {}

    /**
     * A handler that calls {@code change} with each added object, the new state of each updated one
     * and each deleted one.
     */
    static Handler onChange(Consumer<KubeObject> change) {
      return new Handler() {
        @Override
        public void onAdd(KubeObject o) {
          change.accept(o);
        }

        @Override
        public void onUpdate(KubeObject old, KubeObject cur) {
          change.accept(cur);
        }

        @Override
        public void onDelete(KubeObject o) {
          change.accept(o);
        }
      };
    }
  }

  /** Where failures and recoveries go (the discoverer de-duplicates and reports them). */
  interface ErrorSink {
    void failed(Informer informer, String message, Throwable cause);

    void recovered(Informer informer);
  }

  /** An unsuccessful HTTP status, with the Status message if the server sent one. */
  static final class StatusException extends IOException {
    private static final long serialVersionUID = 1L;
    final int code;

    StatusException(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private final ApiConnection conn;
  private final ObjectDecoder decoder;
  private final ResourceKind kind;
  private final String namespace;
  private final KubernetesSdConfig.Selector selector;
  private final ErrorSink errors;
  private final Backoff backoff;

  private final Map<String, KubeObject> store = new ConcurrentHashMap<>();
  private final List<Handler> handlers = new CopyOnWriteArrayList<>();
  private final Map<String, Function<KubeObject, Collection<String>>> indexers =
      new LinkedHashMap<>();
  private final Map<String, Map<String, Set<String>>> indexes = new HashMap<>();
  private final CountDownLatch synced = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  private volatile boolean stopping;
  private volatile Call current;
  private volatile Thread thread;
  private volatile String lastResourceVersion = "";
  private boolean failing;

  Informer(
      ApiConnection conn,
      ObjectDecoder decoder,
      ResourceKind kind,
      String namespace,
      KubernetesSdConfig.Selector selector,
      ErrorSink errors,
      Backoff.Settings backoff) {
    this.conn = conn;
    this.decoder = decoder;
    this.kind = kind;
    this.namespace = namespace;
    this.selector = selector;
    this.errors = errors;
    this.backoff = new Backoff(backoff);
  }

  ResourceKind kind() {
    return kind;
  }

  String namespace() {
    return namespace;
  }

  /** Where this informer lists, for messages: {@code pods in namespace "a"} or {@code nodes}. */
  String describe() {
    if (!kind.namespaced()) {
      return kind.rbacName();
    }
    return kind.rbacName()
        + (namespace.isEmpty() ? " in all namespaces" : " in namespace \"" + namespace + "\"");
  }

  /** Adds a handler; call before {@link #start}. */
  void addHandler(Handler h) {
    handlers.add(h);
  }

  /** Adds an index (name to function giving the index values of an object); before start. */
  void addIndex(String name, Function<KubeObject, Collection<String>> fn) {
    synchronized (indexes) {
      if (indexers.putIfAbsent(name, fn) == null) {
        indexes.put(name, new HashMap<>());
      }
    }
  }

  KubeObject get(String key) {
    return store.get(key);
  }

  /** Objects whose index {@code name} has {@code value}. */
  List<KubeObject> byIndex(String name, String value) {
    List<String> keys;
    synchronized (indexes) {
      Map<String, Set<String>> idx = indexes.get(name);
      Set<String> ks = idx == null ? null : idx.get(value);
      keys = ks == null ? List.of() : new ArrayList<>(ks);
    }
    List<KubeObject> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      KubeObject o = store.get(k);
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }

  Collection<KubeObject> all() {
    return store.values();
  }

  /** The last resourceVersion seen (list, event or bookmark); for tests' sync barriers. */
  String lastResourceVersion() {
    return lastResourceVersion;
  }

  boolean hasSynced() {
    return synced.getCount() == 0;
  }

  /** Waits until the first list has been stored, or the timeout passes. */
  boolean awaitSynced(Duration timeout) throws InterruptedException {
    return synced.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  void start(String threadName) {
    Thread t = new Thread(this::loop, threadName);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Stops the loop and waits (bounded) for its thread to end. Idempotent. */
  void stop() {
    stopping = true;
    stopped.countDown();
    Call c = current;
    if (c != null) {
      c.cancel();
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- the list/watch loop ----

  private void loop() {
    boolean needList = true;
    String listVersion = "0";
    while (!stopping) {
      String verb = needList ? "list" : "watch";
      try {
        if (needList) {
          list(listVersion);
          needList = false;
          recovered();
        }
        verb = "watch";
        long began = System.nanoTime();
        int events = watch();
        recovered();
        if (events == 0 && System.nanoTime() - began < 1_000_000_000L && !pause()) {
          return; // a watch that ends at once with nothing: do not spin (client-go does the same)
        }
      } catch (StatusException e) {
        if (stopping) {
          return;
        }
        if (e.code == 410) {
          // Expired resourceVersion: start again from a fresh, consistent list.
          logger.debug("resource version expired, re-listing informer={}", describe());
          needList = true;
          listVersion = "";
          continue;
        }
        failed(verb, e);
        if (!pause()) {
          return;
        }
      } catch (IOException | ApiException | RuntimeException e) {
        if (stopping) {
          return;
        }
        failed(verb, e);
        if (!pause()) {
          return;
        }
      }
    }
  }

  /** Waits for the next backoff period; false if stopped meanwhile. */
  private boolean pause() {
    try {
      return !stopped.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      return false;
    }
  }

  private void recovered() {
    backoff.reset();
    if (failing) {
      failing = false;
      errors.recovered(this);
    }
  }

  private void failed(String verb, Exception e) {
    failing = true;
    errors.failed(this, message(verb, e), e);
  }

  /** A message naming the verb, the resource and what the server said. */
  String message(String verb, Exception e) {
    StringBuilder sb =
        new StringBuilder("kubernetes_sd: cannot ").append(verb).append(' ').append(describe());
    sb.append(" at ").append(conn.basePath()).append(": ");
    if (e instanceof StatusException s) {
      sb.append(s.code).append(' ').append(reason(s.code));
      if (s.getMessage() != null && !s.getMessage().isEmpty()) {
        sb.append(": ").append(s.getMessage());
      }
      if (s.code == 401) {
        sb.append(" (the credentials were rejected)");
      } else if (s.code == 403) {
        sb.append(" (RBAC: grant \"list\" and \"watch\" on \"")
            .append(kind.rbacName())
            .append("\")");
      }
    } else {
      sb.append(e.getClass().getSimpleName());
      if (e.getMessage() != null) {
        sb.append(": ").append(e.getMessage());
      }
    }
    return conn.redact(sb.toString());
  }

  private static String reason(int code) {
    return switch (code) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 410 -> "Gone";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "HTTP error";
    };
  }

  private Response execute(Call call) throws IOException {
    current = call;
    if (stopping) {
      call.cancel();
    }
    Response r = call.execute();
    if (!r.isSuccessful()) {
      String msg = "";
      try (ResponseBody b = r.body()) {
        if (b != null) {
          // An error answer is a Status object of a few hundred bytes; read no more than 64 KiB.
          okio.BufferedSource src = b.source();
          src.request(MAX_ERROR_BYTES); // buffers that many, or the whole answer if shorter
          String text = src.getBuffer().readUtf8(Math.min(src.getBuffer().size(), MAX_ERROR_BYTES));
          try {
            JsonElement e = JsonParser.parseString(text);
            if (e.isJsonObject()) {
              msg = ObjectDecoder.str(e.getAsJsonObject(), "message");
            }
          } catch (JsonParseException ignored) {
            msg = text.length() > 200 ? text.substring(0, 200) : text;
          }
        }
      }
      throw new StatusException(r.code(), msg);
    }
    return r;
  }

  private void list(String resourceVersion) throws IOException, ApiException {
    Call call = conn.call(kind, namespace, selector, resourceVersion, null);
    call.timeout().timeout(5, TimeUnit.MINUTES);
    ListAnswer answer;
    try (Response r = execute(call);
        ResponseBody body = r.body()) {
      answer = decodeList(body.charStream());
    }
    replace(answer.objects());
    lastResourceVersion = answer.version();
    synced.countDown();
  }

  /** A decoded list answer: the objects by key, and the list's resourceVersion. */
  record ListAnswer(Map<String, KubeObject> objects, String version) {}

  /**
   * Decodes a list answer as a stream, one item at a time; an item (or the list's metadata) over
   * {@link #MAX_EVENT_CHARS} characters is refused as a watch event of that size is: the API server
   * stores no object over 3 MiB, and reading one whole could exhaust the heap. Objects that do not
   * decode are skipped with a warning.
   *
   * @throws IOException the answer is malformed or an item is too long (the store is kept)
   */
  ListAnswer decodeList(java.io.Reader chars) throws IOException {
    Map<String, KubeObject> fresh = new HashMap<>();
    String listVersion = "";
    ItemBound bounded = new ItemBound(chars);
    try (JsonReader reader = new JsonReader(bounded)) {
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("metadata") && reader.peek() == JsonToken.BEGIN_OBJECT) {
          bounded.startItem();
          JsonObject m = JsonParser.parseReader(reader).getAsJsonObject();
          listVersion = ObjectDecoder.str(m, "resourceVersion");
        } else if (name.equals("items") && reader.peek() == JsonToken.BEGIN_ARRAY) {
          reader.beginArray();
          while (reader.hasNext()) {
            bounded.startItem();
            JsonElement item = JsonParser.parseReader(reader);
            KubeObject o = decodeSafely(item);
            if (o != null) {
              fresh.put(o.key(), o);
            }
          }
          reader.endArray();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (IllegalStateException | JsonParseException | NumberFormatException e) {
      if (e.getCause() instanceof IOException io
          && !(io instanceof com.google.gson.stream.MalformedJsonException)) {
        throw io; // the bound, as gson wraps it
      }
      throw new IOException("malformed list response: " + e.getMessage(), e);
    }
    return new ListAnswer(fresh, listVersion);
  }

  // Error answers (Status objects) are read up to this many bytes.
  static final long MAX_ERROR_BYTES = 64 << 10;

  /** The characters of a list answer, with a bound on those read for one item. */
  static final class ItemBound extends java.io.FilterReader {
    private long read;
    private long itemStart;

    ItemBound(java.io.Reader in) {
      super(in);
    }

    /** The next characters belong to a new item (the reader's look-ahead is counted to it). */
    void startItem() {
      itemStart = read;
    }

    private void count(long n) throws IOException {
      read += n;
      if (read - itemStart > MAX_EVENT_CHARS + 8192) { // + JsonReader's look-ahead
        throw new IOException("list response item longer than " + MAX_EVENT_CHARS + " characters");
      }
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count(1);
      }
      return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long k = super.skip(n);
      count(k);
      return k;
    }
  }

  /** Watches until the stream ends; returns how many events arrived. */
  private int watch() throws IOException, ApiException {
    // client-go and client-java pick a random timeout between 5 and 10 minutes.
    long seconds = 300 + ThreadLocalRandom.current().nextLong(300);
    Call call =
        conn.call(kind, namespace, selector, lastResourceVersion, Duration.ofSeconds(seconds));
    call.timeout().timeout(seconds + 30, TimeUnit.SECONDS);
    try (Response r = execute(call);
        ResponseBody body = r.body();
        BufferedReader lines = new BufferedReader(body.charStream())) {
      String line;
      int events = 0;
      int malformed = 0;
      String firstProblem = null;
      StringBuilder buf = new StringBuilder();
      while (!stopping && (line = boundedLine(lines, buf)) != null) {
        if (line.isBlank()) {
          continue;
        }
        String problem = handleEvent(line);
        if (problem == null) {
          events++;
        } else if (malformed++ == 0) {
          firstProblem = problem;
        }
      }
      if (events == 0 && malformed > 0) {
        // A 200 answer that is not a watch stream: a failure, retried after a backoff, reported
        // once (not a warning per line, and never the raw bytes).
        throw new IOException(
            "malformed watch response: "
                + malformed
                + " undecodable line(s), first: "
                + firstProblem);
      }
      return events;
    } catch (InterruptedIOException e) {
      if (!stopping) {
        throw e;
      }
      return 0;
    }
  }

  // The API server refuses objects over 3 MiB (etcd's request limit is 1.5 MiB by default); a
  // longer line is not a watch event, and reading it whole could exhaust the heap.
  static final int MAX_EVENT_CHARS = 16 << 20;

  /** The next line of at most {@link #MAX_EVENT_CHARS} characters, or null at the end. */
  static String boundedLine(BufferedReader r, StringBuilder buf) throws IOException {
    buf.setLength(0);
    int c;
    while ((c = r.read()) >= 0) {
      if (c == '\n') {
        return buf.toString();
      }
      if (buf.length() >= MAX_EVENT_CHARS) {
        throw new IOException("watch event longer than " + MAX_EVENT_CHARS + " characters");
      }
      buf.append((char) c);
    }
    return buf.length() == 0 ? null : buf.toString();
  }

  /** Applies one watch event; returns null, or why the line is not an event (skipped). */
  String handleEvent(String line) throws StatusException {
    JsonObject ev;
    try {
      ev = JsonParser.parseString(line).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      String why = e.getClass().getSimpleName() + " (" + line.length() + " characters)";
      logger.debug("skipping malformed watch event informer={} error={}", describe(), why);
      return why;
    }
    String type = ObjectDecoder.str(ev, "type");
    JsonObject obj = ObjectDecoder.obj(ev, "object");
    switch (type) {
      case "ADDED", "MODIFIED" -> {
        KubeObject o = decodeSafely(obj);
        if (o != null) {
          put(o);
        }
      }
      case "DELETED" -> {
        KubeObject o = decodeSafely(obj);
        if (o != null) {
          remove(o.key());
        }
      }
      case "BOOKMARK" -> {
        // only moves the resourceVersion on
      }
      case "ERROR" -> {
        // A Status's code is an int32; anything else (found by InformerFuzzTest: "code":4!0,
        // which gson reads leniently as a string) is no code at all, not a NumberFormatException.
        long code = 0;
        if (obj.has("code") && obj.get("code").isJsonPrimitive()) {
          try {
            code = obj.get("code").getAsLong();
          } catch (NumberFormatException notANumber) {
            code = 0;
          }
        }
        throw new StatusException((int) code, ObjectDecoder.str(obj, "message"));
      }
      default -> {
        String why = "unknown event type " + GoText.quote(type);
        logger.debug("skipping watch event informer={} {}", describe(), why);
        return why;
      }
    }
    String rv = ObjectDecoder.resourceVersion(obj);
    if (!rv.isEmpty()) {
      lastResourceVersion = rv;
    }
    return null;
  }

  /** A bad object is skipped with a warning; it never stops the watch. */
  private KubeObject decodeSafely(JsonElement e) {
    if (!e.isJsonObject()) {
      return null;
    }
    try {
      return decoder.decode(kind, e.getAsJsonObject());
    } catch (RuntimeException ex) {
      logger.warn("skipping undecodable object informer={} error={}", describe(), ex.toString());
      return null;
    }
  }

  // ---- store ----

  private void put(KubeObject o) {
    KubeObject old = store.put(o.key(), o);
    reindex(o.key(), old, o);
    for (Handler h : handlers) {
      try {
        if (old == null) {
          h.onAdd(o);
        } else {
          h.onUpdate(old, o);
        }
      } catch (RuntimeException e) {
        logger.warn("event handler failed informer={}", describe(), e);
      }
    }
  }

  private void remove(String key) {
    KubeObject old = store.remove(key);
    if (old == null) {
      return;
    }
    reindex(key, old, null);
    for (Handler h : handlers) {
      try {
        h.onDelete(old);
      } catch (RuntimeException e) {
        logger.warn("event handler failed informer={}", describe(), e);
      }
    }
  }

  /** Makes the store equal to a fresh list, firing events for the differences. */
  private void replace(Map<String, KubeObject> fresh) {
    Set<String> gone = new HashSet<>(store.keySet());
    gone.removeAll(fresh.keySet());
    for (String key : gone) {
      remove(key);
    }
    for (KubeObject o : fresh.values()) {
      KubeObject old = store.get(o.key());
      if (old != null
          && !old.meta().resourceVersion().isEmpty()
          && old.meta().resourceVersion().equals(o.meta().resourceVersion())) {
        continue; // unchanged since we last saw it
      }
      put(o);
    }
  }

  private void reindex(String key, KubeObject old, KubeObject cur) {
    synchronized (indexes) {
      for (Map.Entry<String, Function<KubeObject, Collection<String>>> e : indexers.entrySet()) {
        Map<String, Set<String>> idx = indexes.get(e.getKey());
        if (old != null) {
          for (String v : e.getValue().apply(old)) {
            Set<String> ks = idx.get(v);
            if (ks != null) {
              ks.remove(key);
              if (ks.isEmpty()) {
                idx.remove(v);
              }
            }
          }
        }
        if (cur != null) {
          for (String v : e.getValue().apply(cur)) {
            idx.computeIfAbsent(v, x -> new HashSet<>()).add(key);
          }
        }
      }
    }
  }
}
