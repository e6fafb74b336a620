package io.promsd.sd.kubernetes;

import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code kubernetes_sd_configs} entry (Prometheus's {@code kubernetes.Discovery.Run}).
 *
 * <p>{@link #run} builds the client (never earlier: it costs most of a second), starts the
 * informers its role needs, waits until each has listed once, sends the full set of groups, and
 * then sends the groups of the objects whose keys the informers' handlers queued, many events for
 * one object collapsing into one group. Deleted objects are sent as groups with only their source.
 * Informer threads are daemons named {@code promsd-k8s-<resource>[-<namespace>]}; all of them end
 * before {@code run} returns.
 *
 * <p>Faults: a client that cannot be built, and every failing list or watch, is reported through
 * {@link DiscoveryContext#reportError} once per kind of failure (an RBAC denial names the resource
 * and the verb once, not once per retry), and retried with capped exponential backoff; targets
 * already sent stay as they are until the API server answers again.
 *
 * <p>Decoding decision: neither client-java's typed models (they reject unknown fields, so a
 * cluster newer than the client would break discovery) nor {@code DynamicKubernetesObject} (a full
 * JSON tree per object, too heavy at 100k pods): list and watch responses are streamed and each
 * object is reduced by {@link ObjectDecoder} to the fields the labels need, tolerating unknown,
 * missing and mistyped fields. client-java supplies the connection (kubeconfig, auth plugins,
 * in-cluster service account, TLS) and OkHttp; {@link Informer} explains why its own list/watch
 * loop replaces {@code SharedIndexInformer}.
 */
final class KubernetesDiscoverer implements Discoverer {
  private static final Logger logger = LoggerFactory.getLogger(KubernetesDiscoverer.class);

  private final KubernetesSdConfig config;
  private final ClientSettings settings;
  private final Backoff.Settings backoff;
  // For tests' sync barriers (caughtUp); set while running.
  private volatile InformerSet running;
  private volatile WorkQueue runningQueue;

  KubernetesDiscoverer(KubernetesSdConfig config, ClientSettings settings) {
    this(config, settings, Backoff.Settings.DEFAULT);
  }

  KubernetesDiscoverer(
      KubernetesSdConfig config, ClientSettings settings, Backoff.Settings backoff) {
    this.config = config;
    this.settings = settings;
    this.backoff = backoff;
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    ApiConnection conn = connect(ctx);
    if (conn == null) {
      return;
    }
    Reporter reporter = new Reporter(ctx);
    InformerSet informers = null;
    try {
      List<String> namespaces = namespaces(ctx);
      if (namespaces == null) {
        return;
      }
      informers = new InformerSet(conn, config, namespaces, reporter, backoff);
      RoleWatch role = RoleWatch.create(informers);
      WorkQueue queue = new WorkQueue();
      role.register(queue);
      running = informers;
      runningQueue = queue;
      for (Informer i : informers.all()) {
        i.start(threadName(i));
      }
      for (Informer i : informers.all()) {
        while (!i.awaitSynced(Duration.ofMillis(100))) {
          if (ctx.isCancelled()) {
            return;
          }
        }
      }
      // The first update is the full state: every object listed so far.
      reporter.initialSent.set(true);
      ctx.update(build(role, queue.drain(Duration.ZERO)));
      queue.done();
      while (!ctx.isCancelled()) {
        List<String> keys = queue.drain(Duration.ofMillis(200));
        if (!keys.isEmpty()) {
          List<TargetGroup> groups = build(role, keys);
          if (!groups.isEmpty()) {
            ctx.update(groups);
          }
          queue.done();
        }
      }
    } finally {
      if (informers != null) {
        for (Informer i : informers.all()) {
          i.stop();
        }
      }
      conn.close();
    }
  }

  /**
   * Test hook: whether every informer has seen resourceVersion {@code rv} (numeric, as the test
   * fake numbers them; bookmarks carry it to informers of other kinds) and every key they queued
   * has been built and sent.
   */
  boolean caughtUp(long rv) {
    InformerSet set = running;
    WorkQueue q = runningQueue;
    if (set == null || q == null) {
      return false;
    }
    for (Informer i : set.all()) {
      String seen = i.lastResourceVersion();
      if (seen.isEmpty() || Long.parseLong(seen) < rv) {
        return false;
      }
    }
    return q.isIdle();
  }

  private static String threadName(Informer i) {
    return "promsd-k8s-" + i.kind().plural() + (i.namespace().isEmpty() ? "" : "-" + i.namespace());
  }

  private static List<TargetGroup> build(RoleWatch role, List<String> keys) {
    List<TargetGroup> out = new ArrayList<>(keys.size());
    for (String key : keys) {
      try {
        TargetGroup g = role.build(key);
        if (g != null) {
          out.add(g);
        }
      } catch (RuntimeException e) {
        // One odd object must not stop discovery of the others.
        logger.warn("cannot build target group key={}", key, e);
      }
    }
    return out;
  }

  /** Builds the client, retrying with backoff; null when cancelled first. */
  private ApiConnection connect(DiscoveryContext ctx) throws InterruptedException {
    Backoff b = new Backoff(backoff);
    while (!ctx.isCancelled()) {
      try {
        return ApiConnection.open(settings);
      } catch (IOException | RuntimeException e) {
        ctx.reportError("kubernetes_sd: cannot create the Kubernetes client: " + e.getMessage(), e);
        ctx.sleep(b.next());
      }
    }
    return null;
  }

  /**
   * The namespaces to watch ({@code getNamespaces}): the names, plus the pod's own namespace when
   * asked; "" (all) when neither. Null when cancelled while the own namespace is unreadable.
   */
  private List<String> namespaces(DiscoveryContext ctx) throws InterruptedException {
    List<String> names = config.namespaces().names();
    boolean own = config.namespaces().ownNamespace();
    if (names.isEmpty() && !own) {
      return List.of("");
    }
    LinkedHashSet<String> out = new LinkedHashSet<>(names);
    if (own) {
      Backoff b = new Backoff(backoff);
      while (true) {
        try {
          byte[] bytes = Files.readAllBytes(settings.inCluster().namespaceFile());
          if (bytes.length == 0) {
            throw new IOException("could not read own namespace name (empty file)");
          }
          out.add(new String(bytes, StandardCharsets.UTF_8));
          break;
        } catch (IOException e) {
          String msg =
              e.getMessage() != null && e.getMessage().startsWith("could not read own")
                  ? e.getMessage()
                  : "could not determine the pod's namespace: " + e;
          ctx.reportError("kubernetes_sd: " + msg, e);
          ctx.sleep(b.next());
          if (ctx.isCancelled()) {
            return null;
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** Reports each informer's failure once until it changes or the informer recovers. */
  private static final class Reporter implements Informer.ErrorSink {
    private final DiscoveryContext ctx;
    private final Map<Informer, String> last = new ConcurrentHashMap<>();
    final AtomicBoolean initialSent = new AtomicBoolean();

    Reporter(DiscoveryContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void failed(Informer informer, String message, Throwable cause) {
      String prev = last.put(informer, message);
      if (message.equals(prev)) {
        logger.debug("still failing: {}", message);
        return;
      }
      if (initialSent.compareAndSet(false, true)) {
        // The first lists failed: an empty initial state with the fault, so that nobody waits
        // for a state that will not come (check service-discovery) and health shows the fault.
        // The full state follows once the lists succeed.
        ctx.update(List.of(), List.of(message));
        return;
      }
      ctx.reportError(message, cause);
    }

    @Override
    public void recovered(Informer informer) {
      if (last.remove(informer) != null) {
        logger.info("kubernetes_sd: recovered: {}", informer.describe());
      }
    }
  }
}
