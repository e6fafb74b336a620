package io.promsd.sd.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.Decoder;
import io.promsd.relabel.internal.config.Documents;
import io.promsd.sd.spi.SdConfigSource;
import io.promsd.sd.testing.RecordingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A discoverer running on its own thread against a {@link FakeKubeApiServer}, recording into a
 * {@link RecordingContext}. Closing cancels it and checks that every {@code promsd-} thread it
 * started is gone.
 */
final class DiscovererRun implements AutoCloseable {
  static final Backoff.Settings FAST =
      new Backoff.Settings(Duration.ofMillis(20), Duration.ofMillis(200));

  final KubernetesDiscoverer discoverer;
  final RecordingContext ctx = new RecordingContext();
  private final Thread thread;
  private volatile Throwable failure;

  private DiscovererRun(KubernetesDiscoverer discoverer) {
    this.discoverer = discoverer;
    this.thread =
        new Thread(
            () -> {
              try {
                discoverer.run(ctx);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Throwable t) {
                failure = t;
              }
            },
            "test-discoverer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Parses {@code yaml} (one kubernetes_sd_configs entry) through the real factory. */
  static KubernetesSdConfig parse(String yaml, Compat compat) {
    Decoder d = new Decoder("test.yml");
    KubernetesSdConfig c =
        (KubernetesSdConfig)
            new KubernetesDiscovererFactory()
                .parse(new SdConfigSource(Documents.parseYaml(yaml, "test.yml"), d, null, compat));
    d.finish();
    return c;
  }

  /** Runs {@code config} against the fake given as its api_server. */
  static DiscovererRun start(KubernetesSdConfig config, Backoff.Settings backoff) {
    return new DiscovererRun(
        new KubernetesDiscoverer(config, ClientSettings.fromConfig(config), backoff));
  }

  /**
   * Runs {@code config} (which must have no api_server) in-cluster against {@code fake}, with the
   * service-account files in {@code dir} and {@code ownNamespace} as the pod's namespace.
   */
  static DiscovererRun startInCluster(
      KubernetesSdConfig config, FakeKubeApiServer fake, Path dir, String ownNamespace)
      throws IOException {
    Path token = dir.resolve("token");
    Path ns = dir.resolve("namespace");
    Files.writeString(token, "test-token", StandardCharsets.UTF_8);
    Files.writeString(ns, ownNamespace, StandardCharsets.UTF_8);
    ClientSettings s =
        new ClientSettings(
            ClientSettings.Mode.IN_CLUSTER,
            null,
            null,
            config.http(),
            new ClientSettings.InCluster(fake.url(), token, dir.resolve("ca.crt"), ns));
    return new DiscovererRun(new KubernetesDiscoverer(config, s, FAST));
  }

  /** Waits for the first (full) update. */
  void awaitFirstUpdate() throws InterruptedException {
    assertThat(ctx.await(c -> !c.updates().isEmpty(), Duration.ofSeconds(20)))
        .as("first update, errors so far: %s", ctx.errorMessages())
        .isTrue();
  }

  /** Waits until the discoverer has handled everything the fake has sent up to now. */
  void awaitCaughtUp(FakeKubeApiServer fake) throws InterruptedException {
    long rv = fake.bookmarkAll();
    long[] last = {System.nanoTime()};
    waitFor(
        () -> {
          // A watch opened after the last bookmark missed it: bookmark again now and then, as
          // the API server does on its own.
          if (System.nanoTime() - last[0] > 50_000_000L) {
            fake.bookmarkAll();
            last[0] = System.nanoTime();
          }
          return discoverer.caughtUp(rv);
        },
        Duration.ofSeconds(20),
        "caught up to " + rv);
  }

  static void waitFor(BooleanSupplier cond, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object monitor = new Object();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      synchronized (monitor) {
        monitor.wait(5); // poll a condition with a deadline; not a synchronisation sleep
      }
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping", e);
    }
  }

  private void stop() throws InterruptedException {
    ctx.cancel();
    thread.interrupt();
    thread.join(10_000);
    assertThat(thread.isAlive()).as("discoverer thread ended").isFalse();
    if (failure != null) {
      throw new AssertionError("discoverer failed", failure);
    }
    waitFor(
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("promsd-k8s") && t.isAlive()),
        Duration.ofSeconds(10),
        "promsd-k8s threads to end");
  }
}
