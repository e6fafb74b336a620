package io.promsd.cli;

import io.promsd.relabel.Compat;
import io.promsd.relabel.ConfigException;
import io.promsd.serve.DiscoveryServer;
import io.promsd.web.internal.RoutePrefix;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promsd serve}: discovery as a service (module {@code promsd-serve}). Runs until SIGTERM or
 * Ctrl-C, then stops gracefully; SIGHUP reloads the config.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Discover the targets of CONFIG continuously, scraping nothing, and serve them: Prometheus's"
          + " /api/v1/targets (and scrape_pools, status/config, 3.x relabel_steps), /sd/JOB in the"
          + " http_sd format (?shard=I&shards=N: one hashmod shard), pages at /, and /metrics.",
      "SIGHUP (or POST /-/reload with --web.enable-lifecycle) reloads CONFIG; a config that does"
          + " not load keeps the last good one running."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "the prometheus.yml")
  Path config;

  @Option(
      names = "--web.listen-address",
      paramLabel = "ADDR",
      description = "Address to listen on, in Go's form (repeatable); default 0.0.0.0:9090.")
  List<String> listen = List.of();

  @Option(
      names = "--compat",
      converter = CompatOption.class,
      defaultValue = "3",
      description = "Prometheus version to behave like: 2 (2.42) or 3 (default).")
  Compat compat;

  @Option(
      names = "--web.config.file",
      paramLabel = "FILE",
      description = "exporter-toolkit web config: TLS and basic auth.")
  Path webConfig;

  @Option(names = "--web.enable-lifecycle", description = "Enable POST /-/reload.")
  boolean lifecycle;

  @Option(
      names = "--web.external-url",
      paramLabel = "URL",
      description = "The URL promsd is reached at (default route prefix; global URLs).")
  String externalUrl = "";

  @Option(
      names = "--web.route-prefix",
      paramLabel = "PATH",
      description = "Prefix of every route (default: the external URL's path).")
  String routePrefix = "";

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    URI external;
    try {
      external = RoutePrefix.parseExternalUrl(externalUrl);
    } catch (IllegalArgumentException e) {
      err.println("promsd: --web.external-url: " + e.getMessage());
      return Main.USAGE;
    }
    DiscoveryServer.Builder b =
        DiscoveryServer.builder(config)
            .compat(compat)
            .enableLifecycle(lifecycle)
            .externalUrl(external)
            .routePrefix(routePrefix);
    listen.forEach(b::listen);
    if (webConfig != null) {
      b.webConfigFile(webConfig);
    }
    DiscoveryServer server;
    try {
      server = b.start();
    } catch (ConfigException e) {
      err.println("promsd: " + e.getMessage());
      return Main.FAILED;
    } catch (NoSuchFileException e) {
      err.println("promsd: " + e.getMessage() + ": no such file");
      return Main.FAILED;
    } catch (IOException | IllegalArgumentException e) {
      err.println("promsd: " + e.getMessage());
      return Main.FAILED;
    }
    err.println("promsd: serving " + config + " at " + server.uri());
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "promsd-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    onSighup(
        () -> {
          server.reload().ifPresent(e -> System.err.println("promsd: reload failed: " + e));
        });
    stopped.await();
    return Main.OK;
  }

  /**
   * Runs {@code action} on SIGHUP, through {@code sun.misc.Signal} reached reflectively (it is a
   * JDK-internal API, which javac warns about); without it, SIGHUP keeps its default.
   */
  private static void onSighup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler ih =
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              Thread t = new Thread(action, "promsd-reload");
              t.setDaemon(true);
              t.start();
              return null;
            }
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> "promsd-sighup";
            };
          };
      Object h = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, ih);
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      signal.getMethod("handle", signal, handler).invoke(null, hup, h);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("promsd: SIGHUP cannot be handled here; reload with POST /-/reload");
    }
  }
}
